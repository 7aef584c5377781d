"use client";
import { INBOX_VIEWS, PRIORITIES, type InboxView as View, type Priority } from "@kefu/domain";
import { Alert, cx } from "@kefu/ui";
import { type MessageKey } from "@kefu/ui/i18n";
import { useQuery } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useEffect, useRef, useState } from "react";
import { inboxEmptyText } from "~/components/inbox/empty-text";
import { InboxList } from "~/components/inbox/inbox-list";
import { PresenceSelector } from "~/components/inbox/presence-selector";
import { useCan } from "~/components/permission-gate";
import { useI18n } from "~/lib/i18n";
import { useRefreshQueries } from "~/lib/refresh-queries";
import { errorMessage, useTRPC } from "~/lib/trpc";

const SELECT =
  "mt-1 block w-full rounded-md border-0 px-3 py-2 text-sm shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-indigo-600";

export interface InboxFilter {
  botId?: string;
  priority?: Priority;
  tag?: string;
}

/** Refetches the inbox queries when something happens in the tenant, coalescing bursts. */
export function useInboxRefresh() {
  const trpc = useTRPC();
  const refresh = useRefreshQueries();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);
  return () => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      void refresh(trpc.inbox.counts.queryKey(), trpc.inbox.list.queryKey());
    }, 150);
  };
}

export function InboxView() {
  const { t } = useI18n();
  const can = useCan();
  const trpc = useTRPC();
  const [view, setView] = useState<View>("unassigned");
  const [filter, setFilter] = useState<InboxFilter>({});
  const [tagDraft, setTagDraft] = useState("");
  const bots = useQuery(trpc.bot.list.queryOptions());
  // Fresh on every visit: the stream below only reports what happens from now on.
  const counts = useQuery(trpc.inbox.counts.queryOptions(filter, { staleTime: 0 }));
  const list = useQuery(trpc.inbox.list.queryOptions({ ...filter, view }, { staleTime: 0 }));
  const refresh = useInboxRefresh();
  // The agent's own presence, as the selector shows it (the same queries, fetched once).
  const me = useQuery(trpc.account.me.queryOptions());
  const members = useQuery(trpc.member.list.queryOptions());
  const online = members.data?.find((m) => m.userId === me.data?.user.id)?.presence === "ONLINE";

  // One tenant-wide stream: any new message or status change refreshes the counts and the list.
  useSubscription(
    trpc.inbox.events.subscriptionOptions(
      {},
      {
        // Anything that happened between the first fetch and the stream's start is refetched.
        onStarted: refresh,
        onData: ({ data }) => {
          if (data.type !== "typing") refresh();
        },
      },
    ),
  );

  // The tag filter applies when typing pauses, not on every key.
  useEffect(() => {
    const handle = setTimeout(() => setFilter((f) => ({ ...f, tag: tagDraft.trim() || undefined })), 300);
    return () => clearTimeout(handle);
  }, [tagDraft]);

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <h1 className="text-2xl font-semibold">{t("inbox.title")}</h1>
        {can("inbox.reply") === true && <PresenceSelector />}
      </div>

      <div role="tablist" aria-label={t("inbox.views")} className="flex flex-wrap gap-2 border-b border-slate-200">
        {INBOX_VIEWS.map((v) => (
          <button
            key={v}
            type="button"
            role="tab"
            aria-selected={view === v}
            aria-controls="inbox-panel"
            onClick={() => setView(v)}
            className={cx(
              "-mb-px flex items-center gap-2 border-b-2 px-3 py-2 text-sm font-medium",
              view === v ? "border-indigo-600 text-indigo-700" : "border-transparent text-slate-600 hover:text-slate-900",
            )}
          >
            {t(`inbox.view.${v}` as MessageKey)}
            <span className="rounded-full bg-slate-200 px-2 text-xs text-slate-700" data-testid={`inbox-count-${v}`}>
              {counts.data?.[v] ?? "–"}
            </span>
          </button>
        ))}
      </div>

      <form role="search" aria-label={t("inbox.filters")} className="grid gap-3 sm:grid-cols-3" onSubmit={(e) => e.preventDefault()}>
        <label className="text-sm font-medium text-slate-800">
          {t("inbox.filter.bot")}
          <select
            className={SELECT}
            value={filter.botId ?? ""}
            onChange={(e) => setFilter((f) => ({ ...f, botId: e.target.value || undefined }))}
          >
            <option value="">{t("inbox.filter.any")}</option>
            {bots.data?.map((bot) => (
              <option key={bot.id} value={bot.id}>
                {bot.name}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm font-medium text-slate-800">
          {t("inbox.filter.priority")}
          <select
            className={SELECT}
            value={filter.priority ?? ""}
            onChange={(e) => setFilter((f) => ({ ...f, priority: (e.target.value || undefined) as Priority | undefined }))}
          >
            <option value="">{t("inbox.filter.any")}</option>
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {t(`inbox.priority.${p}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm font-medium text-slate-800">
          {t("inbox.filter.tag")}
          <input className={SELECT} value={tagDraft} maxLength={40} onChange={(e) => setTagDraft(e.target.value)} />
        </label>
      </form>

      <div id="inbox-panel" role="tabpanel" aria-label={t(`inbox.view.${view}` as MessageKey)}>
        {(list.error ?? counts.error) && <Alert>{errorMessage(list.error ?? counts.error)}</Alert>}
        {list.isPending && <p className="text-slate-500">{t("common.loading")}</p>}
        {list.data && <InboxList rows={list.data} empty={inboxEmptyText(view, { online, mine: counts.data?.mine ?? 0 })} />}
      </div>
    </div>
  );
}
