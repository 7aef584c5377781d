"use client";
import { fillTemplate as fill } from "@kefu/domain";
import { Card } from "@kefu/ui";
import { useQuery } from "@tanstack/react-query";
import { useI18n } from "~/lib/i18n";
import { useTRPC } from "~/lib/trpc";

type Translate = ReturnType<typeof useI18n>["t"];

const percent = (rate: number | null) => (rate === null ? null : `${Math.round(rate)}%`);

/**
 * The last seven days, today included, against the seven before, with the Monday e-mail's figures
 * (which covers the finished week): resolution, CSAT, conversations, knowledge changes, test pass
 * rate and the most missed questions. Owners and admins only (the analytics permission); for
 * others it shows nothing.
 */
export function WeeklySummaryCard() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const summary = useQuery({ ...trpc.summary.weekly.queryOptions(), retry: false });
  if (!summary.data) return null;
  const { thisWeek: now, lastWeek: before, topGaps } = summary.data;
  const figures = [
    { label: t("summary.resolution"), value: percent(now.aiResolutionRate), before: percent(before.aiResolutionRate) },
    { label: t("summary.csat"), value: now.csatAverage === null ? null : `${now.csatAverage.toFixed(1)} / 5`, before: before.csatAverage === null ? null : before.csatAverage.toFixed(1) },
    { label: t("summary.conversations"), value: String(now.conversations), before: String(before.conversations) },
    { label: t("summary.knowledge"), value: `${now.knowledgeAdded} / ${now.knowledgeEdited}`, before: `${before.knowledgeAdded} / ${before.knowledgeEdited}` },
    { label: t("summary.tests"), value: percent(now.testPassRate), before: percent(before.testPassRate) },
  ];
  return (
    <Card title={`${t("summary.title")} · ${now.from} – ${now.to}`}>
      <p className="mb-4 text-sm text-slate-600">{t("summary.help")}</p>
      <dl className="grid grid-cols-2 gap-4 sm:grid-cols-5" data-testid="weekly-summary">
        {figures.map((f) => (
          <div key={f.label}>
            <dt className="text-xs text-slate-500">{f.label}</dt>
            <dd className="text-xl font-semibold">{f.value ?? t("summary.none")}</dd>
            <dd className="text-xs text-slate-500">{fill(t("summary.before"), { value: f.before ?? t("summary.none") })}</dd>
          </div>
        ))}
      </dl>
      <Gaps t={t} gaps={topGaps} />
    </Card>
  );
}

function Gaps({ t, gaps }: { t: Translate; gaps: { botId: string; botName: string; label: string; missed: number }[] }) {
  return (
    <div className="mt-5 border-t border-slate-100 pt-3">
      <h3 className="text-sm font-medium">{t("summary.topGaps")}</h3>
      {gaps.length === 0 ? (
        <p className="text-sm text-slate-500">{t("summary.noGaps")}</p>
      ) : (
        <ol className="mt-1 list-decimal space-y-1 pl-5 text-sm" aria-label={t("summary.topGaps")}>
          {gaps.map((g) => (
            <li key={`${g.botId}:${g.label}`}>
              {g.label} <span className="text-xs text-slate-500">· {g.botName} · {g.missed}×</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
