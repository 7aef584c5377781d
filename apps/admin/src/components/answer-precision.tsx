"use client";
import { type AdminRouter } from "@kefu/api";
import { expectedBehaviour, fillTemplate, thresholdsForTarget, type Calibration } from "@kefu/domain";
import { useQuery } from "@tanstack/react-query";
import { type inferRouterOutputs } from "@trpc/server";
import { useI18n } from "~/lib/i18n";
import { useTRPC } from "~/lib/trpc";

type KbCalibration = inferRouterOutputs<AdminRouter>["knowledgeBase"]["calibrationForBot"][number];

/** The aims the control offers: below 0.7 answers are too often wrong, 0.99 is the schema's top. */
export const PRECISION_MIN = 0.7;
export const PRECISION_MAX = 0.99;
const TABLE_AIMS = [0.7, 0.8, 0.9, 0.95, 0.99];

const percent = (x: number) => `${Math.round(x * 100)} %`;

/** What the bot is expected to do at an aim, from one knowledge base's curve. */
function expectedAt(calibration: Calibration, aim: number) {
  const thresholds = thresholdsForTarget(calibration, aim);
  return { thresholds, ...expectedBehaviour(calibration, thresholds) };
}

/**
 * The bot's target precision: a slider whose figures (expected right answers, answer and
 * suggestion rates) come from each knowledge base's stored calibration and follow the slider
 * before anything is saved; a small trade-off chart and table; the state of each calibration.
 * The value is a form field ("targetPrecision") of the surrounding form.
 */
export function AnswerPrecisionField({ botId, value, onChange }: { botId: string; value: number; onChange: (value: number) => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const calibrations = useQuery(
    trpc.knowledgeBase.calibrationForBot.queryOptions(
      { id: botId },
      // While a knowledge base is being measured, look again every few seconds.
      { refetchInterval: (query) => (query.state.data?.some((kb) => kb.status === "calibrating") ? 3000 : false) },
    ),
  );
  return (
    <fieldset className="space-y-3 rounded-md border border-slate-200 p-4" data-testid="answer-precision">
      <legend className="px-1 text-sm font-medium text-slate-800">{t("precision.label")}</legend>
      <p className="text-xs text-slate-600">{t("precision.hint")}</p>
      <label className="block text-sm text-slate-700">
        <span id="precision-value" className="font-medium">
          {fillTemplate(t("precision.value"), { percent: percent(value) })}
        </span>
        <input
          type="range"
          name="targetPrecision"
          min={PRECISION_MIN}
          max={PRECISION_MAX}
          step={0.01}
          value={value}
          onChange={(e) => onChange(Number(e.target.value))}
          aria-describedby="precision-value"
          className="mt-2 block w-full max-w-md accent-indigo-600"
        />
      </label>
      {calibrations.data?.map((kb) => (
        <KnowledgeBaseFigures key={kb.knowledgeBaseId} kb={kb} aim={value} showName={(calibrations.data?.length ?? 0) > 1} />
      ))}
    </fieldset>
  );
}

function KnowledgeBaseFigures({ kb, aim, showName }: { kb: KbCalibration; aim: number; showName: boolean }) {
  const { t } = useI18n();
  const state =
    kb.status === "too_small"
      ? t("precision.tooSmall")
      : kb.status === "failed"
        ? t("precision.failed")
        : kb.status === "calibrating"
          ? kb.calibration
            ? t("precision.calibrating")
            : t("precision.notCalibrated")
          : null;
  const c = kb.status === "too_small" || kb.status === "failed" ? null : kb.calibration;
  const e = c ? expectedAt(c, aim) : null;
  return (
    <div className="space-y-2" data-testid="precision-figures" data-status={kb.status}>
      {showName && <p className="text-sm font-medium text-slate-700">{fillTemplate(t("precision.kb"), { name: kb.name })}</p>}
      {state && (
        <p aria-live="polite" className="text-xs text-slate-600" data-testid="precision-state">
          {state}
        </p>
      )}
      {c && e && (
        <>
          <dl className="grid max-w-xl grid-cols-3 gap-2 text-center" aria-live="polite">
            <Figure label={t("precision.expectedPrecision")} value={percent(e.precision)} testId="expected-precision" />
            <Figure label={t("precision.expectedAnswerRate")} value={percent(e.answerRate)} testId="expected-answer-rate" />
            <Figure label={t("precision.expectedSuggestRate")} value={percent(e.suggestRate)} testId="expected-suggest-rate" />
          </dl>
          <p className="text-xs text-slate-500">
            {fillTemplate(t("precision.thresholds"), { answer: e.thresholds.answer.toFixed(2), suggest: e.thresholds.suggest.toFixed(2) })}
            {" · "}
            {fillTemplate(t("precision.measuredOn"), { count: c.positives + c.negatives })}
          </p>
          {!e.thresholds.reached && <p className="text-xs text-amber-700">{t("precision.unreachable")}</p>}
          <TradeOff calibration={c} aim={aim} />
        </>
      )}
    </div>
  );
}

function Figure({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="rounded-md bg-slate-50 px-2 py-2">
      <dd className="text-lg font-semibold text-slate-900" data-testid={testId}>
        {value}
      </dd>
      <dt className="text-[11px] leading-tight text-slate-600">{label}</dt>
    </div>
  );
}

/** Answer rate against aim (SVG, described for screen readers) and a table of a few aims. */
function TradeOff({ calibration, aim }: { calibration: Calibration; aim: number }) {
  const { t } = useI18n();
  const W = 280;
  const H = 90;
  const steps = Math.round((PRECISION_MAX - PRECISION_MIN) * 100);
  const xs = Array.from({ length: steps + 1 }, (_, i) => PRECISION_MIN + i / 100);
  const L = 30; // room for the answer-rate axis labels
  const x = (a: number) => ((a - PRECISION_MIN) / (PRECISION_MAX - PRECISION_MIN)) * (W - L - 10) + L;
  const y = (rate: number) => H - 10 - rate * (H - 20);
  const line = xs.map((a, i) => `${i ? "L" : "M"}${x(a).toFixed(1)},${y(expectedAt(calibration, a).answerRate).toFixed(1)}`).join(" ");
  const current = expectedAt(calibration, aim);
  return (
    <div className="flex flex-wrap items-start gap-4">
      <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={t("precision.chart")} className="rounded-md border border-slate-200 bg-white">
        <line x1={L} y1={H - 10} x2={W - 10} y2={H - 10} className="stroke-slate-300" />
        <line x1={L} y1={10} x2={L} y2={H - 10} className="stroke-slate-300" />
        <text x={2} y={13} fontSize={8} className="fill-slate-500">
          100 %
        </text>
        <text x={10} y={H - 8} fontSize={8} className="fill-slate-500">
          0 %
        </text>
        <path d={line} fill="none" className="stroke-indigo-500" strokeWidth={2} />
        <circle cx={x(aim)} cy={y(current.answerRate)} r={4} className="fill-indigo-700" />
        <text x={L} y={H - 1} fontSize={8} className="fill-slate-500">
          {percent(PRECISION_MIN)}
        </text>
        <text x={W - 30} y={H - 1} fontSize={8} className="fill-slate-500">
          {percent(PRECISION_MAX)}
        </text>
      </svg>
      <table className="text-xs text-slate-700">
        <caption className="pb-1 text-left text-slate-500">{t("precision.tableCaption")}</caption>
        <thead>
          <tr>
            <th className="px-2 text-left font-medium">{t("precision.aim")}</th>
            <th className="px-2 text-right font-medium">{t("precision.answered")}</th>
            <th className="px-2 text-right font-medium">{t("precision.right")}</th>
            <th className="px-2 text-right font-medium">{t("precision.suggested")}</th>
          </tr>
        </thead>
        <tbody>
          {TABLE_AIMS.map((a) => {
            const e = expectedAt(calibration, a);
            return (
              <tr key={a} className={Math.abs(a - aim) < 0.005 ? "font-semibold text-indigo-700" : undefined}>
                <td className="px-2">{percent(a)}</td>
                <td className="px-2 text-right">{percent(e.answerRate)}</td>
                <td className="px-2 text-right">{percent(e.precision)}</td>
                <td className="px-2 text-right">{percent(e.suggestRate)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
