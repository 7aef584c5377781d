"use client";
import { fillTemplate as fill, GAP_WINDOWS } from "@kefu/domain";
import { Alert, Card, cx, SelectField } from "@kefu/ui";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { BotScopedPage } from "~/components/bot-scoped-page";
import { useI18n } from "~/lib/i18n";
import { useQueryParams } from "~/lib/query-params";
import { errorMessage, useTRPC } from "~/lib/trpc";
import { GapCard } from "./gap-card";

type Tab = "open" | "covered" | "dismissed";
type Days = (typeof GAP_WINDOWS)[number];

/**
 * The Knowledge gaps page of the Improve section: a bot's missed questions, grouped, with "Add to
 * knowledge" on each. `?bot=…&days=…` choose the bot and the period (the bot page links here).
 */
export function GapsPage() {
  const { t } = useI18n();
  const { params, navigate } = useQueryParams();
  const daysParam = Number(params.get("days"));
  const days: Days = (GAP_WINDOWS as readonly number[]).includes(daysParam) ? (daysParam as Days) : 30;

  return (
    <BotScopedPage
      title={t("gaps.title")}
      help={t("gaps.help")}
      botLabel={t("gaps.bot")}
      noBots={t("gaps.noBots")}
      botId={params.get("bot")}
      onBot={(bot) => navigate({ bot })}
      filters={
        <div className="w-48">
          <SelectField label={t("gaps.window")} value={String(days)} onChange={(e) => navigate({ days: e.target.value })}>
            {GAP_WINDOWS.map((d) => (
              <option key={d} value={d}>
                {fill(t("gaps.days"), { days: d })}
              </option>
            ))}
          </SelectField>
        </div>
      }
    >
      {(botId) => <BotGaps key={`${botId}-${days}`} botId={botId} days={days} />}
    </BotScopedPage>
  );
}

function BotGaps({ botId, days }: { botId: string; days: Days }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  // Computed from the conversations on each read (up to a second on a busy bot): not refetched on
  // every focus; saving or dismissing refreshes it.
  const list = useQuery(trpc.gap.list.queryOptions({ botId, days }, { staleTime: 60_000 }));
  const [tab, setTab] = useState<Tab>("open");
  if (list.error) return <Alert>{errorMessage(list.error)}</Alert>;
  if (!list.data) return <p className="text-sm text-slate-500">{t("gaps.loading")}</p>;
  const counts = { open: 0, covered: 0, dismissed: 0 };
  for (const gap of list.data.gaps) counts[gap.status]++;
  const shown = list.data.gaps.filter((g) => g.status === tab);
  const tabs: { id: Tab; label: string }[] = [
    { id: "open", label: fill(t("gaps.tabOpen"), { count: counts.open }) },
    { id: "covered", label: fill(t("gaps.tabCovered"), { count: counts.covered }) },
    { id: "dismissed", label: fill(t("gaps.tabDismissed"), { count: counts.dismissed }) },
  ];
  const empty = { open: t("gaps.emptyOpen"), covered: t("gaps.emptyCovered"), dismissed: t("gaps.emptyDismissed") }[tab];

  return (
    <div className="space-y-4">
      <div role="tablist" aria-label={t("gaps.title")} className="flex gap-1 border-b border-slate-200">
        {tabs.map((item) => (
          <button
            key={item.id}
            type="button"
            role="tab"
            aria-selected={tab === item.id}
            onClick={() => setTab(item.id)}
            className={cx("-mb-px border-b-2 px-3 py-2 text-sm font-medium", tab === item.id ? "border-indigo-600 text-indigo-700" : "border-transparent text-slate-600 hover:text-slate-900")}
          >
            {item.label}
          </button>
        ))}
      </div>
      {list.data.truncated && <Alert tone="info">{fill(t("gaps.truncated"), { count: list.data.scanned.toLocaleString() })}</Alert>}
      {shown.length === 0 ? (
        <Card>
          <p className="text-sm text-slate-600">{empty}</p>
        </Card>
      ) : (
        <ul className="space-y-3" aria-label={t("gaps.title")}>
          {shown.map((gap) => (
            <li key={`${gap.key}-${gap.decision?.id ?? ""}`}>
              <GapCard botId={botId} days={days} gap={gap} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
