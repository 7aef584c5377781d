"use client";
import { fillTemplate } from "@kefu/domain";
import { Alert, cx, Markdown } from "@kefu/ui";
import { MessageImages } from "@kefu/ui/chat";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { VoteLine } from "~/components/inbox/transcript-log";
import { AddFromConversation } from "~/components/regression/add-from-conversation";
import { VisitorIdentity } from "~/components/visitor-identity";
import { VisitorDataActions } from "~/components/privacy/visitor-data-actions";
import { useI18n } from "~/lib/i18n";
import { errorMessage, useTRPC } from "~/lib/trpc";

const ROLE_LABEL = {
  VISITOR: "conversations.visitor",
  BOT: "conversations.bot",
  AGENT: "conversations.agent",
  SYSTEM: "conversations.system",
  NOTE: "inbox.noteLabel",
} as const;

export function Transcript({ id }: { id: string }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const conversation = useQuery(trpc.conversation.get.queryOptions({ id }, { retry: false }));
  const time = new Intl.DateTimeFormat(locale === "zh" ? "zh-CN" : "en", { timeStyle: "short" });

  if (conversation.isPending) return <p className="text-slate-500">{t("common.loading")}</p>;
  if (conversation.error) return <Alert>{errorMessage(conversation.error)}</Alert>;
  const data = conversation.data;
  const votes = new Map(data.feedback.map((f) => [f.messageId, f]));
  return (
    <div className="space-y-4">
      <Link href="/conversations" className="text-sm text-slate-500 hover:underline">
        ← {t("conversations.title")}
      </Link>
      <h1 className="text-2xl font-semibold">
        {data.bot.name} · {t("conversations.visitor")} {data.visitor.id.slice(-6)}
      </h1>
      <section className="rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200" aria-label={t("identity.section")}>
        <h2 className="mb-2 text-sm font-semibold text-slate-900">{t("identity.section")}</h2>
        <VisitorIdentity visitor={data.visitor} />
      </section>
      {data.rating !== null && (
        <p className="text-sm text-slate-700" data-testid="transcript-rating">
          {t("inbox.rating")}: <span aria-hidden>{"★".repeat(data.rating)}</span> {fillTemplate(t("inbox.ratingValue"), { n: data.rating })}
          {data.ratingComment && <span className="block whitespace-pre-wrap break-words italic">“{data.ratingComment}”</span>}
        </p>
      )}
      <VisitorDataActions visitorId={data.visitor.id} />
      <ol className="space-y-3 rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200" aria-label="Transcript">
        {data.messages.map((m) => (
          <li key={m.id} className={cx("flex", m.role === "VISITOR" ? "justify-start" : "justify-end")} data-testid={`transcript-${m.role.toLowerCase()}`}>
            <div
              className={cx(
                "max-w-[75%] rounded-2xl px-4 py-2 text-sm",
                m.role === "VISITOR" ? "bg-slate-100" : m.role === "NOTE" ? "border border-dashed border-amber-300 bg-amber-50" : "bg-indigo-50",
              )}
            >
              <p className="mb-1 text-xs text-slate-500">
                {t(ROLE_LABEL[m.role])} · {time.format(m.createdAt)}
                {m.confidence !== null && ` · ${t("conversations.confidence")} ${m.confidence.toFixed(2)}`}
              </p>
              {m.content === "" && m.attachments.length > 0 ? null : m.role === "VISITOR" || m.role === "SYSTEM" ? <p className="whitespace-pre-wrap">{m.content}</p> : <Markdown text={m.content} />}
              {m.attachments.length > 0 && <MessageImages t={t} attachments={m.attachments} url={(id) => `/api/attachments/${id}`} mine={false} who={t(ROLE_LABEL[m.role])} />}
              {m.citations.length > 0 && (
                <p className="mt-1 text-xs text-slate-500">
                  {t("chat.sources")}: {m.citations.map((c) => c.title).join(" · ")}
                </p>
              )}
              {m.role === "BOT" && m.suggestions.length > 0 && (
                <p className="mt-1 text-xs text-slate-500" data-testid="transcript-suggestions">
                  {t(m.citations.length > 0 ? "suggestions.related" : "suggestions.label")} {m.suggestions.map((s) => s.title).join(" · ")}
                </p>
              )}
              {votes.has(m.id) && <VoteLine vote={votes.get(m.id)!} />}
            </div>
          </li>
        ))}
      </ol>
      <AddFromConversation botId={data.bot.id} questions={data.messages.filter((m) => m.role === "VISITOR")} />
    </div>
  );
}
