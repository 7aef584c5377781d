"use client";
import { Button, Card, cx } from "@kefu/ui";
import { type MessageKey } from "@kefu/ui/i18n";
import { type ReactNode, useId, useState } from "react";
import { useI18n } from "~/lib/i18n";

export type Cell = string | number | null;
export interface Table {
  columns: string[];
  rows: Cell[][];
}

/** The info button: the metric's definition on hover, focus or click (the same text as docs/metrics.md). */
export function InfoTip({ definition }: { definition: MessageKey | MessageKey[] }) {
  const { t } = useI18n();
  const id = useId();
  const [open, setOpen] = useState(false);
  return (
    <span className="relative inline-block">
      <button
        type="button"
        aria-label={t("analytics.definition")}
        aria-describedby={id}
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        onBlur={() => setOpen(false)}
        onMouseEnter={() => setOpen(true)}
        onMouseLeave={() => setOpen(false)}
        className="ml-1 inline-flex h-5 w-5 items-center justify-center rounded-full text-xs font-semibold text-slate-500 ring-1 ring-slate-300 hover:bg-slate-100"
      >
        i
      </button>
      <span
        id={id}
        role="tooltip"
        className={cx(
          "absolute left-0 top-6 z-20 space-y-1 rounded-md bg-slate-900 px-3 py-2 text-xs font-normal leading-relaxed text-white shadow-lg",
          // Closed, it must not keep its width: near the right edge it widened the page (sideways scrolling).
          open ? "block w-72" : "sr-only",
        )}
      >
        {(Array.isArray(definition) ? definition : [definition]).map((key) => (
          <span key={key} className="block">
            {t(key)}
          </span>
        ))}
      </span>
    </span>
  );
}

/** How a table's cell reads in the page (numbers as they are: the CSV holds the same). */
export function useCellText() {
  const { t } = useI18n();
  const lookup = (key: string) => (t as (k: string) => string | undefined)(key);
  return (column: string, value: Cell): string => {
    if (value === null) return "—";
    if (column === "reason") return lookup(`inbox.reason.${value}`) ?? lookup(`analytics.reason.${value}`) ?? String(value);
    if (column === "measure") return lookup(`analytics.measure.${value}`) ?? String(value);
    if (column === "kind") return lookup(`analytics.kind.${value}`) ?? String(value);
    if (column === "weekday") return lookup(`analytics.weekday.${value}`) ?? String(value);
    if (column === "lastAsked" && typeof value === "string") return value.slice(0, 16).replace("T", " ");
    return String(value);
  };
}

export function DataTable({ table, caption }: { table: Table; caption: string }) {
  const { t } = useI18n();
  const text = useCellText();
  const header = (c: string) => (/^h\d+$/.test(c) ? c.slice(1) : ((t as (k: string) => string | undefined)(`analytics.col.${c}`) ?? c));
  return (
    <div className="max-h-72 overflow-auto">
      <table className="w-full text-left text-xs">
        <caption className="sr-only">{caption}</caption>
        <thead className="sticky top-0 bg-white text-slate-500">
          <tr>
            {table.columns.map((c) => (
              <th key={c} scope="col" className="whitespace-nowrap px-2 py-1 font-medium">
                {header(c)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {table.rows.map((row, i) => (
            <tr key={i}>
              {row.map((cell, j) => (
                <td key={j} className="whitespace-nowrap px-2 py-1 tabular-nums text-slate-700">
                  {text(table.columns[j]!, cell)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * A chart with its definition, its table (shown on demand, always there for screen readers) and
 * its CSV download. `chart` is drawn from the same table the CSV holds.
 */
export function ChartCard({
  id,
  title,
  definition,
  table,
  chart,
  onCsv,
  note,
}: {
  id: string;
  title: string;
  definition: MessageKey | MessageKey[];
  table: Table;
  chart?: ReactNode;
  onCsv: () => void;
  note?: string;
}) {
  const { t } = useI18n();
  const [showTable, setShowTable] = useState(!chart);
  return (
    <Card className="min-w-0">
      {/* The title is as wide as its text (flex-basis auto), so when title and buttons do not fit on
          one line the buttons move under it, rather than squeezing the title into a narrow column
          beside them (phones, long titles in the two-column grid). */}
      <header className="mb-4 flex flex-wrap items-start justify-between gap-x-3 gap-y-2">
        <h2 className="min-w-0 grow text-base font-semibold text-slate-900" data-testid={`chart-title-${id}`}>
          {title}
          <InfoTip definition={definition} />
        </h2>
        <div className="flex shrink-0 gap-2">
          {chart && (
            <Button variant="secondary" className="whitespace-nowrap px-2 py-1 text-xs" aria-pressed={showTable} onClick={() => setShowTable((s) => !s)}>
              {showTable ? t("analytics.hideTable") : t("analytics.showTable")}
            </Button>
          )}
          <Button variant="secondary" className="whitespace-nowrap px-2 py-1 text-xs" onClick={onCsv}>
            {t("analytics.downloadCsv")}
          </Button>
        </div>
      </header>
      <div data-testid={`chart-${id}`}>
        {chart}
        <div className={showTable ? "mt-3" : "sr-only"} data-testid={`table-${id}`}>
          <DataTable table={table} caption={title} />
        </div>
        {note && <p className="mt-2 text-xs text-slate-500">{note}</p>}
      </div>
    </Card>
  );
}
