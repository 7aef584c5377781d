"use client";
import { type AdminRouter } from "@kefu/api";
import { fillTemplate } from "@kefu/domain";
import { Alert, Button, cx, TextField } from "@kefu/ui";
import { type MessageKey } from "@kefu/ui/i18n";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { type inferRouterOutputs } from "@trpc/server";
import { useEffect, useState } from "react";
import { useI18n } from "~/lib/i18n";
import { errorMessage, fieldError, useTRPC } from "~/lib/trpc";

export type TesterConversation = inferRouterOutputs<AdminRouter>["rule"]["recentConversations"][number];

const SEARCH_DELAY_MS = 300;

/** "Ann Lee <ann@…>", the e-mail alone, or "Anonymous visitor" with the id's tail to tell them apart. */
function useVisitorLabel() {
  const { t } = useI18n();
  return (c: TesterConversation) =>
    c.visitorName && c.visitorEmail
      ? `${c.visitorName} <${c.visitorEmail}>`
      : (c.visitorName ?? c.visitorEmail ?? `${t("rules.tester.anonymous")} · ${c.id.slice(-6)}`);
}

function useDateTime() {
  const { locale } = useI18n();
  const format = new Intl.DateTimeFormat(locale === "zh" ? "zh-CN" : "en", { dateStyle: "medium", timeStyle: "short" });
  return (at: Date) => format.format(at);
}

/** The conversation being tested in, and the way back to a hypothetical first message. */
export function PickedConversation({ conversation, onClear }: { conversation: TesterConversation; onClear: () => void }) {
  const { t } = useI18n();
  const who = useVisitorLabel();
  const when = useDateTime();
  return (
    <div className="flex flex-wrap items-start justify-between gap-2 rounded-md bg-sky-50 px-3 py-2 text-sm ring-1 ring-sky-200" role="status" data-testid="rule-tester-conversation">
      <div>
        <p className="font-medium text-sky-950">
          {t("rules.tester.testingIn")}: {who(conversation)}
        </p>
        <p className="text-xs text-sky-900">
          {t(`inbox.status.${conversation.status}` as MessageKey)} · {fillTemplate(t("rules.tester.started"), { time: when(conversation.startedAt) })} ·{" "}
          {fillTemplate(t("rules.tester.messageCount"), { count: conversation.messageCount })}
        </p>
        <p className="text-xs text-sky-900">{t("rules.tester.testingInHelp")}</p>
      </div>
      <Button type="button" variant="secondary" onClick={onClear}>
        {t("rules.tester.clear")}
      </Button>
    </div>
  );
}

/**
 * The bot's recent conversations, newest first, searchable by what was said. Closed until asked
 * for, so the tester does not load transcripts nobody looks at.
 */
export function ConversationPicker({ botId, onPick }: { botId: string; onPick: (conversation: TesterConversation) => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const who = useVisitorLabel();
  const when = useDateTime();
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState("");
  const [query, setQuery] = useState("");
  useEffect(() => {
    const handle = setTimeout(() => setQuery(search.trim()), SEARCH_DELAY_MS);
    return () => clearTimeout(handle);
  }, [search]);
  const list = useQuery(
    trpc.rule.recentConversations.queryOptions({ botId, ...(query ? { query } : {}) }, { enabled: open, placeholderData: keepPreviousData }),
  );

  if (!open) {
    return (
      <div className="flex flex-wrap items-center gap-3">
        <Button type="button" variant="secondary" onClick={() => setOpen(true)} aria-expanded={false}>
          {t("rules.tester.pick")}
        </Button>
        <p className="text-xs text-slate-500">{t("rules.tester.pickHelp")}</p>
      </div>
    );
  }
  return (
    <div className="space-y-2 rounded-md bg-slate-50 p-3 ring-1 ring-slate-200" data-testid="rule-tester-picker">
      <div className="flex items-end gap-2">
        <TextField
          className="flex-1"
          label={t("rules.tester.search")}
          type="search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          maxLength={200}
          hint={t("rules.tester.searchHint")}
          error={fieldError(list.error, "query")}
        />
        <Button type="button" variant="ghost" onClick={() => setOpen(false)} aria-expanded>
          {t("rules.tester.pickClose")}
        </Button>
      </div>
      {list.error && !fieldError(list.error, "query") && <Alert>{errorMessage(list.error)}</Alert>}
      {list.isPending && <p className="text-sm text-slate-500">{t("common.loading")}</p>}
      {list.data?.length === 0 && <p className="text-sm text-slate-600">{t("rules.tester.noConversations")}</p>}
      {!!list.data?.length && (
        <ul className={cx("max-h-80 space-y-1 overflow-y-auto", list.isFetching && "opacity-60")} aria-label={t("rules.tester.pick")}>
          {list.data.map((c) => (
            <li key={c.id}>
              <button
                type="button"
                onClick={() => {
                  onPick(c);
                  setOpen(false);
                }}
                className="w-full rounded-md bg-white px-3 py-2 text-left text-sm ring-1 ring-slate-200 hover:bg-indigo-50 hover:ring-indigo-200 focus-visible:outline focus-visible:outline-2 focus-visible:outline-indigo-600"
              >
                <span className="flex flex-wrap justify-between gap-x-3">
                  <span className="font-medium text-slate-900">{who(c)}</span>
                  <span className="text-xs text-slate-500">
                    {t(`inbox.status.${c.status}` as MessageKey)} · {fillTemplate(t("rules.tester.messageCount"), { count: c.messageCount })}
                  </span>
                </span>
                <span className="mt-0.5 block truncate text-slate-700">{c.lastVisitorMessage ?? t("rules.tester.noVisitorMessage")}</span>
                <span className="block text-xs text-slate-500">
                  {fillTemplate(t("rules.tester.lastActive"), { time: when(c.lastActivityAt) })} ·{" "}
                  {fillTemplate(t("rules.tester.started"), { time: when(c.startedAt) })}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
