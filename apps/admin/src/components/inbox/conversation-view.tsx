"use client";
import { fillTemplate, permissionRefusal } from "@kefu/domain";
import { Alert, cx } from "@kefu/ui";
import { type MessageKey } from "@kefu/ui/i18n";
import { useQuery } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import { Composer } from "~/components/inbox/composer";
import { ConversationActions } from "~/components/inbox/conversation-actions";
import { ConversationDetails, HandoffSummaryCard } from "~/components/inbox/conversation-details";
import { mergeMessages, PriorityBadge, Tag, toInboxMessage, type InboxConversation, type InboxMessage } from "~/components/inbox/shared";
import { TranscriptLog } from "~/components/inbox/transcript-log";
import { useCan } from "~/components/permission-gate";
import { Avatar } from "~/components/team/avatar";
import { useI18n } from "~/lib/i18n";
import { useRefreshQueries } from "~/lib/refresh-queries";
import { errorMessage, useTRPC } from "~/lib/trpc";

const TYPING_SHOWN_MS = 4000;

const STATUS_TONE: Record<InboxConversation["status"], string> = {
  BOT: "bg-slate-100 text-slate-700",
  QUEUED: "bg-amber-100 text-amber-800",
  ASSIGNED: "bg-emerald-100 text-emerald-800",
  RESOLVED: "bg-indigo-100 text-indigo-800",
};

export function ConversationView({ id }: { id: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const conversation = useQuery(trpc.inbox.get.queryOptions({ id }, { retry: false }));
  if (conversation.isPending) return <p className="text-slate-500">{t("common.loading")}</p>;
  if (conversation.error) return <Alert>{errorMessage(conversation.error)}</Alert>;
  return <LiveConversation key={id} conversation={conversation.data} />;
}

/**
 * Follows the conversation from the event id the first load ended at: later refetches (for the
 * header) do not restart the stream, and the SSE link resumes from the last id it saw on reconnect.
 */
function LiveConversation({ conversation }: { conversation: InboxConversation }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const refresh = useRefreshQueries();
  const can = useCan();
  const me = useQuery(trpc.account.me.queryOptions());
  // The same list the assignment menu reads (cached once for the inbox): names colleagues in the transcript.
  const members = useQuery(trpc.member.list.queryOptions());
  const [startAfter] = useState(conversation.lastEventId);
  const [live, setLive] = useState<InboxMessage[]>([]);
  const [typingUntil, setTypingUntil] = useState(0);
  const [now, setNow] = useState(0);
  const refetch = () => refresh(trpc.inbox.get.queryKey({ id: conversation.id }));

  useSubscription(
    trpc.inbox.events.subscriptionOptions(
      { conversationId: conversation.id, lastEventId: startAfter },
      {
        // Closes the window between the first load and the stream: the refetch merges by id.
        onStarted: () => void refetch(),
        onData: ({ data: event }) => {
          if (event.type === "message") {
            const message = toInboxMessage(event.payload);
            if (!message) return;
            if (message.role === "VISITOR") setTypingUntil(0);
            setLive((prev) => mergeMessages(prev, [message]));
          } else if (event.type === "typing") {
            if (event.payload.who !== "visitor") return;
            const until = Date.now() + TYPING_SHOWN_MS;
            setTypingUntil(until);
            setNow(Date.now());
          } else {
            void refetch(); // status, rating, answer feedback, contact: the header, details and votes change
          }
        },
      },
    ),
  );

  // Hide "typing…" once its time is up.
  useEffect(() => {
    if (typingUntil <= now) return;
    const handle = setTimeout(() => setNow(Date.now()), typingUntil - now + 50);
    return () => clearTimeout(handle);
  }, [typingUntil, now]);

  const messages = mergeMessages(conversation.messages, live);
  const userId = me.data?.user.id;
  const mine = conversation.status === "ASSIGNED" && !!userId && conversation.assigneeId === userId;
  // Viewers read the conversation and change nothing: no actions, the reason where the reply box is.
  const canReply = can("inbox.reply") !== false;
  const replyHint = !canReply
    ? permissionRefusal("inbox.reply", locale)
    : mine
    ? null
    : conversation.status === "QUEUED"
      ? t("inbox.replyLocked")
      : conversation.status === "ASSIGNED"
        ? t("inbox.replyOther")
        : t("inbox.replyClosed");

  return (
    <div className="space-y-4">
      <Link href="/inbox" className="text-sm text-slate-500 hover:underline">
        ← {t("inbox.back")}
      </Link>
      <header className="space-y-2">
        <h1 className="text-2xl font-semibold">
          {conversation.bot.name} · {fillTemplate(t("inbox.visitorTitle"), { id: conversation.visitor.id.slice(-6) })}
        </h1>
        <div className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
          <span className={cx("rounded-full px-2.5 py-0.5 text-xs font-semibold", STATUS_TONE[conversation.status])} data-testid="inbox-status">
            {t(`inbox.status.${conversation.status}` as MessageKey)}
          </span>
          <PriorityBadge priority={conversation.priority} />
          {conversation.status === "RESOLVED" ? (
            // Resolving frees the agent: say who handled it, not "Nobody yet".
            <span>
              {t("inbox.handledBy")}:{" "}
              <strong data-testid="inbox-assignee">
                {conversation.handledBy ? (conversation.handledBy.name ?? t("inbox.role.AGENT")) : t("inbox.handledByBot")}
              </strong>
            </span>
          ) : (
            <span className="inline-flex items-center gap-1.5">
              {t("inbox.assignee")}:
              {conversation.assignee && <Avatar name={conversation.assignee.name} url={conversation.assignee.avatarUrl} />}
              <strong data-testid="inbox-assignee">{conversation.assignee?.name ?? t("inbox.unassigned")}</strong>
            </span>
          )}
          {conversation.team && (
            <span>
              · {t("inbox.team")}: {conversation.team.name}
            </span>
          )}
          {conversation.tags.map((tag) => (
            <Tag key={tag}>{tag}</Tag>
          ))}
        </div>
      </header>
      {canReply && <ConversationActions conversation={conversation} />}
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="space-y-4">
          <HandoffSummaryCard conversation={conversation} />
          <TranscriptLog messages={messages} typing={typingUntil > now} userId={userId} feedback={conversation.feedback} members={members.data} />
          <Composer
            conversationId={conversation.id}
            canReply={mine && canReply}
            replyHint={replyHint}
            onStored={(message) => setLive((prev) => mergeMessages(prev, [{ ...message, authorId: userId ?? null }]))}
          />
        </div>
        <aside className="space-y-4">
          <ConversationDetails conversation={conversation} />
        </aside>
      </div>
    </div>
  );
}
