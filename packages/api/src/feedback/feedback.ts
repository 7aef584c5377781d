import { type Db, type DbTx } from "@kefu/db";
import { DomainError, isFeedbackTarget, type AnswerFeedbackRequest, type AnswerFeedbackView } from "@kefu/domain";
import { type PublicBot, type VisitorRef } from "../conversations/index.ts";
import { appendEventsInTx, eventsCommitted, lockEventLog } from "../platform/events/event-log.ts";

const FEEDBACK_VIEW = { messageId: true, helpful: true, reason: true, comment: true } as const;

const notAnswer = () => new DomainError("NOT_FOUND", "message_not_found", "This answer is not in your conversation.");

/**
 * A visitor's thumbs up/down on one bot answer of their own conversation with this bot. One row per
 * answer: voting again changes the vote (and drops a reason a thumbs up no longer needs). Another
 * visitor's message, another bot's or tenant's, a visitor message or a bot reply that is not an
 * answer (isFeedbackTarget) are all "not found": nothing tells a visitor whether such a message exists.
 * Agents see the vote live (an `answer_feedback` event).
 */
export async function giveAnswerFeedback(
  db: Db,
  { bot, visitor }: { bot: PublicBot; visitor: VisitorRef },
  input: Pick<AnswerFeedbackRequest, "messageId" | "helpful" | "reason" | "comment">,
): Promise<AnswerFeedbackView> {
  const message = await db.message.findFirst({
    where: { id: input.messageId, tenantId: bot.tenantId, role: "BOT", conversation: { visitorId: visitor.id, botId: bot.id } },
    select: { id: true, role: true, citations: true, conversationId: true },
  });
  if (!message || !isFeedbackTarget(message)) throw notAnswer();
  const vote = { helpful: input.helpful, reason: input.helpful ? null : (input.reason ?? null), comment: input.comment ?? null };
  const saved = await db.$transaction(async (tx) => {
    await lockEventLog(tx);
    const row = await tx.answerFeedback.upsert({
      where: { messageId: message.id },
      create: { tenantId: bot.tenantId, botId: bot.id, conversationId: message.conversationId, messageId: message.id, visitorId: visitor.id, ...vote },
      update: vote,
      select: FEEDBACK_VIEW,
    });
    await appendEventsInTx(tx, bot.tenantId, [{ conversationId: message.conversationId, type: "answer_feedback", audience: "AGENTS", payload: row }]);
    return row;
  });
  eventsCommitted();
  return saved;
}

/** The visitor's votes on these messages (the widget shows them again when the chat reloads). */
export function visitorAnswerFeedback(db: DbTx, visitor: VisitorRef, messageIds: string[]): Promise<AnswerFeedbackView[]> {
  if (messageIds.length === 0) return Promise.resolve([]);
  return db.answerFeedback.findMany({
    where: { tenantId: visitor.tenantId, visitorId: visitor.id, messageId: { in: messageIds } },
    select: FEEDBACK_VIEW,
  });
}

/**
 * The CSAT rating (1–5, optional words) of the visitor's last finished conversation with this bot:
 * resolved by an agent, or ended by the visitor. Rating again replaces it (the latest counts).
 */
export async function rateConversation(db: Db, bot: PublicBot, visitor: VisitorRef, input: { rating: number; comment?: string }) {
  const last = await db.conversation.findFirst({
    where: { tenantId: bot.tenantId, visitorId: visitor.id, botId: bot.id, status: "RESOLVED" },
    orderBy: { resolvedAt: "desc" },
    select: { id: true },
  });
  if (!last) throw new DomainError("BAD_REQUEST", "nothing_to_rate", "There is no finished conversation to rate yet.");
  const comment = input.comment ?? null;
  await db.$transaction(async (tx) => {
    await lockEventLog(tx);
    await tx.conversation.updateMany({ where: { id: last.id, tenantId: bot.tenantId }, data: { rating: input.rating, ratingComment: comment, ratedAt: new Date() } });
    await appendEventsInTx(tx, bot.tenantId, [{ conversationId: last.id, type: "rating", audience: "AGENTS", payload: { rating: input.rating, comment } }]);
  });
  eventsCommitted();
  return { ok: true };
}
