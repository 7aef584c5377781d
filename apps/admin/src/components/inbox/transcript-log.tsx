"use client";
import { cx, Markdown } from "@kefu/ui";
import { MessageImages, ThumbIcon } from "@kefu/ui/chat";
import { type MessageKey } from "@kefu/ui/i18n";
import { useEffect, useRef } from "react";
import { authorLabel, colleagueNames, type InboxConversation, type InboxMessage } from "~/components/inbox/shared";
import { useI18n } from "~/lib/i18n";

/**
 * The whole conversation as the agent sees it: visitor on the left, bot and agents on the right,
 * system notices centred, internal notes set apart (and labelled) because the visitor never sees them.
 */
export function TranscriptLog({
  messages,
  typing,
  userId,
  feedback = [],
  members,
}: {
  messages: InboxMessage[];
  typing: boolean;
  userId: string | undefined;
  /** The visitor's votes on the bot's answers. */
  feedback?: readonly AnswerVote[];
  /** The workspace's members, to name a colleague whose messages carry no name. */
  members?: readonly { userId: string; name: string | null; email: string }[];
}) {
  const { t, locale } = useI18n();
  const me = { userId, you: t("inbox.you") };
  const colleagues = colleagueNames(members);
  const time = new Intl.DateTimeFormat(locale === "zh" ? "zh-CN" : "en", { timeStyle: "short" });
  const votes = new Map(feedback.map((f) => [f.messageId, f]));
  const end = useRef<HTMLDivElement>(null);
  useEffect(() => {
    end.current?.scrollIntoView({ block: "nearest" });
  }, [messages.length, typing]);

  return (
    <div
      role="log"
      aria-live="polite"
      aria-label={t("inbox.transcript")}
      className="max-h-[60vh] min-h-64 space-y-3 overflow-y-auto rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200"
    >
      {messages.map((m) => {
        const testId = `inbox-message-${m.role.toLowerCase()}`;
        if (m.role === "SYSTEM") {
          return (
            <p key={m.id} role="note" data-testid={testId} className="mx-auto max-w-[85%] text-center text-xs text-slate-500">
              {m.content}
            </p>
          );
        }
        if (m.role === "NOTE") {
          const by = authorLabel(m, me, colleagues);
          return (
            <div key={m.id} data-testid={testId} className="rounded-lg border border-dashed border-amber-300 bg-amber-50 px-4 py-2 text-sm">
              <p className="mb-1 text-xs text-amber-800">
                <span className="font-semibold uppercase tracking-wide">{t("inbox.noteLabel")}</span>
                {by && <span data-testid="inbox-message-author"> · {by}</span>} · {time.format(m.createdAt)}
              </p>
              <Markdown text={m.content} className="text-amber-950" />
            </div>
          );
        }
        const visitor = m.role === "VISITOR";
        const author = authorLabel(m, me, colleagues) ?? t(`inbox.role.${m.role}` as MessageKey);
        return (
          <div key={m.id} data-testid={testId} className={cx("flex", visitor ? "justify-start" : "justify-end")}>
            <div
              className={cx(
                "max-w-[75%] rounded-2xl px-4 py-2 text-sm",
                visitor ? "bg-slate-100" : m.role === "AGENT" ? "bg-emerald-50 ring-1 ring-emerald-200" : "bg-indigo-50",
              )}
            >
              <p className="mb-1 text-xs text-slate-500">
                <span className={cx(m.role === "AGENT" && "font-medium text-emerald-800")} data-testid={m.role === "AGENT" ? "inbox-message-author" : undefined}>
                  {author}
                </span>{" "}
                · {time.format(m.createdAt)}
              </p>
              {/* Staff and bot text is Markdown; the visitor's is shown exactly as typed. */}
              {m.content === "" && m.attachments.length > 0 ? null : visitor ? <p className="whitespace-pre-wrap break-words">{m.content}</p> : <Markdown text={m.content} />}
              {/* Images are read through the dashboard's own route: staff of this workspace only. */}
              {m.attachments.length > 0 && <MessageImages t={t} attachments={m.attachments} url={(id) => `/api/attachments/${id}`} mine={false} who={author} />}
              {m.citations.length > 0 && (
                <p className="mt-1 text-xs text-slate-500" data-testid="inbox-citations">
                  {t("chat.sources")}: {m.citations.map((c, i) => `[${i + 1}] ${c.title}`).join(" · ")}
                </p>
              )}
              {m.role === "BOT" && m.suggestions.length > 0 && (
                <p className="mt-1 text-xs text-slate-500" data-testid="inbox-suggestions">
                  {t(m.citations.length > 0 ? "suggestions.related" : "suggestions.label")} {m.suggestions.map((s) => s.title).join(" · ")}
                </p>
              )}
              {m.notice && <p className="mt-1 text-xs italic text-amber-700">{m.notice}</p>}
              {votes.has(m.id) && <VoteLine vote={votes.get(m.id)!} />}
            </div>
          </div>
        );
      })}
      {typing && (
        <p className="text-xs italic text-slate-500" data-testid="inbox-visitor-typing">
          {t("inbox.visitorTyping")}
        </p>
      )}
      <div ref={end} />
    </div>
  );
}

type AnswerVote = InboxConversation["feedback"][number];

/** The visitor's thumbs up/down on a bot answer, with the reason and words of a thumbs down (also on the conversation's page). */
export function VoteLine({ vote }: { vote: Pick<AnswerVote, "helpful" | "reason" | "comment"> }) {
  const { t } = useI18n();
  return (
    <p
      className={cx("mt-1.5 rounded-md px-2 py-1 text-xs", vote.helpful ? "bg-emerald-50 text-emerald-800" : "bg-red-50 text-red-800")}
      data-testid="inbox-answer-feedback"
    >
      <span className="mr-1 inline-block align-[-2px]">
        <ThumbIcon down={!vote.helpful} />
      </span>
      {t(vote.helpful ? "inbox.feedback.helpful" : "inbox.feedback.notHelpful")}
      {vote.reason && <> · {t(`feedback.reason.${vote.reason}` as MessageKey)}</>}
      {vote.comment && <span className="block whitespace-pre-wrap break-words italic">“{vote.comment}”</span>}
    </p>
  );
}
