"use client";
import { SelectField } from "@kefu/ui";
import { useQuery } from "@tanstack/react-query";
import { type ReactNode } from "react";
import { EmptyState } from "~/components/empty-state";
import { useCan } from "~/components/permission-gate";
import { useI18n } from "~/lib/i18n";
import { useTRPC } from "~/lib/trpc";

type Bots = { id: string; name: string }[];

/**
 * A page about one bot at a time (knowledge gaps, regression tests, analytics): its heading, the
 * bot picker beside any other filters, and, before there is a bot, an empty state that leads to
 * creating one. `allBots` adds an "all bots" choice (the empty string).
 */
export function BotScopedPage({
  title,
  help,
  botLabel,
  noBots,
  botId,
  onBot,
  allBots,
  filters,
  wide,
  children,
}: {
  title: string;
  help?: string;
  botLabel: string;
  noBots: string;
  /** The chosen bot; null picks the first. */
  botId: string | null;
  onBot: (botId: string) => void;
  allBots?: string;
  filters?: ReactNode;
  /** The filters sit beside the heading rather than under it. */
  wide?: boolean;
  children: (botId: string, bots: Bots) => ReactNode;
}) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const can = useCan();
  const bots = useQuery(trpc.bot.list.queryOptions());
  const chosen = botId ?? (allBots !== undefined ? "" : (bots.data?.[0]?.id ?? null));
  const picker = bots.data && bots.data.length > 0 && chosen !== null && (
    <div className={wide ? "flex flex-wrap items-end gap-3" : "flex flex-wrap gap-4"}>
      <div className={wide ? undefined : "w-64"}>
        <SelectField label={botLabel} value={chosen} onChange={(e) => onBot(e.target.value)}>
          {allBots !== undefined && <option value="">{allBots}</option>}
          {bots.data.map((b) => (
            <option key={b.id} value={b.id}>
              {b.name}
            </option>
          ))}
        </SelectField>
      </div>
      {filters}
    </div>
  );
  return (
    <div className="space-y-6">
      <div className={wide ? "flex flex-wrap items-end justify-between gap-4" : undefined}>
        <div>
          <h1 className="text-2xl font-semibold">{title}</h1>
          {help && <p className="mt-1 max-w-3xl text-sm text-slate-600">{help}</p>}
        </div>
        {wide && picker}
      </div>
      {bots.data && bots.data.length === 0 && (
        <EmptyState testId="no-bots" action={can("bot.create") ? { href: "/bots", label: t("empty.noBots.action") } : undefined}>
          {noBots}
        </EmptyState>
      )}
      {!wide && picker}
      {bots.data && bots.data.length > 0 && chosen !== null && children(chosen, bots.data)}
    </div>
  );
}
