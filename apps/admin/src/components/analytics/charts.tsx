"use client";
// The chart drawings, loaded on their own (next/dynamic) so the rest of the dashboard does not
// carry visx. Each is an SVG with role="img" and a label; the numbers themselves are in the
// chart's table, which screen readers always get (chart-card.tsx).
import { AxisBottom, AxisLeft } from "@visx/axis";
import { Group } from "@visx/group";
import { scaleBand, scaleLinear, scalePoint } from "@visx/scale";
import { Bar, LinePath } from "@visx/shape";
import { fitLabel } from "./fit-label";

const WIDTH = 560;
const HEIGHT = 220;
const MARGIN = { top: 12, right: 12, bottom: 32, left: 44 };
export const PALETTE = ["#4f46e5", "#0d9488", "#d97706", "#db2777", "#64748b"];

export interface Series {
  label: string;
  values: (number | null)[];
}

function frame(label: string, children: React.ReactNode) {
  return (
    <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="h-auto w-full" role="img" aria-label={label} data-chart="svg">
      {children}
    </svg>
  );
}

/** Lines over the days (or any ordered categories); null values leave a gap. */
export function LineChart({ label, categories, series, max }: { label: string; categories: string[]; series: Series[]; max?: number }) {
  const innerW = WIDTH - MARGIN.left - MARGIN.right;
  const innerH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const top = max ?? Math.max(1, ...series.flatMap((s) => s.values.map((v) => v ?? 0)));
  const x = scalePoint({ domain: categories, range: [0, innerW], padding: 0.5 });
  const y = scaleLinear({ domain: [0, top], range: [innerH, 0], nice: true });
  const every = Math.max(1, Math.ceil(categories.length / 8));
  const drawing = frame(
    label,
    <Group left={MARGIN.left} top={MARGIN.top}>
      <AxisLeft scale={y} numTicks={4} tickLabelProps={{ fontSize: 10, fill: "#475569" }} stroke="#cbd5e1" tickStroke="#cbd5e1" />
      <AxisBottom
        top={innerH}
        scale={x}
        tickValues={categories.filter((_, i) => i % every === 0)}
        tickFormat={(d) => String(d).slice(5)}
        tickLabelProps={{ fontSize: 10, fill: "#475569" }}
        stroke="#cbd5e1"
        tickStroke="#cbd5e1"
      />
      {series.map((s, i) => (
        <Group key={s.label}>
          <LinePath
            data={s.values.map((v, j) => ({ v, c: categories[j]! }))}
            defined={(d) => d.v !== null}
            x={(d) => x(d.c) ?? 0}
            y={(d) => y(d.v ?? 0)}
            stroke={PALETTE[i % PALETTE.length]}
            strokeWidth={2}
          />
          {categories.length <= 31 &&
            s.values.map((v, j) => (v === null ? null : <circle key={j} cx={x(categories[j]!) ?? 0} cy={y(v)} r={2.5} fill={PALETTE[i % PALETTE.length]} />))}
        </Group>
      ))}
    </Group>,
  );
  if (series.length < 2) return drawing;
  // Which colour is which line (the chart's table says the same to screen readers).
  return (
    <>
      {drawing}
      <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600" aria-hidden="true" data-testid="chart-legend">
        {series.map((s, i) => (
          <li key={s.label} className="flex items-center gap-1.5">
            <span className="inline-block h-0.5 w-4 rounded" style={{ backgroundColor: PALETTE[i % PALETTE.length] }} />
            {s.label}
          </li>
        ))}
      </ul>
    </>
  );
}

/** One bar per category. */
export function BarChart({ label, categories, values }: { label: string; categories: string[]; values: number[] }) {
  const innerW = WIDTH - MARGIN.left - MARGIN.right;
  const innerH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = scaleBand({ domain: categories, range: [0, innerW], padding: 0.3 });
  const y = scaleLinear({ domain: [0, Math.max(1, ...values)], range: [innerH, 0], nice: true });
  return frame(
    label,
    <Group left={MARGIN.left} top={MARGIN.top}>
      <AxisLeft scale={y} numTicks={4} tickLabelProps={{ fontSize: 10, fill: "#475569" }} stroke="#cbd5e1" tickStroke="#cbd5e1" />
      <AxisBottom top={innerH} scale={x} tickFormat={(d) => fitLabel(String(d), x.step())} tickLabelProps={{ fontSize: 10, fill: "#475569" }} stroke="#cbd5e1" tickStroke="#cbd5e1" />
      {values.map((v, i) => (
        <Bar key={categories[i]} x={x(categories[i]!) ?? 0} y={y(v)} width={x.bandwidth()} height={innerH - y(v)} fill={PALETTE[0]} rx={2} />
      ))}
    </Group>,
  );
}

/** Weekday × hour grid, darker for busier hours. */
export function Heatmap({ label, weekdays, counts }: { label: string; weekdays: string[]; counts: number[][] }) {
  const cellW = (WIDTH - 44) / 24;
  const cellH = (HEIGHT - 24) / 7;
  const max = Math.max(1, ...counts.flat());
  return frame(
    label,
    <Group>
      {counts.map((row, d) => (
        <Group key={d} top={d * cellH}>
          <text x={0} y={cellH / 2 + 4} fontSize={10} fill="#475569">
            {weekdays[d]}
          </text>
          {row.map((n, h) => (
            <rect key={h} x={44 + h * cellW} y={1} width={cellW - 2} height={cellH - 2} rx={2} fill={n === 0 ? "#f1f5f9" : `rgba(79, 70, 229, ${0.15 + (0.85 * n) / max})`} />
          ))}
        </Group>
      ))}
      {[0, 6, 12, 18, 23].map((h) => (
        <text key={h} x={44 + h * cellW + cellW / 2} y={HEIGHT - 8} fontSize={10} fill="#475569" textAnchor="middle">
          {h}
        </text>
      ))}
    </Group>,
  );
}
