import { type DbTx } from "@kefu/db";
import { visitorAsksForHuman, type GapReason } from "@kefu/domain";

/** The newest visitor questions a gap list reads at most: a bounded window keeps it fast. */
export const MAX_GAP_QUESTIONS = 5000;
/** Answers this close above the bot's answer threshold count as low-confidence misses. */
export const LOW_CONFIDENCE_MARGIN = 0.1;

interface QuestionRow {
  id: string;
  conversationId: string;
  content: string;
  createdAt: Date;
  seq: bigint;
  escalated: boolean;
  replyId: string | null;
  confidence: number | null;
  cited: number | null;
  helpful: boolean | null;
  agentReplies: string[] | null;
}

/** One question a visitor put to the bot, and how that turn went. */
export interface AskedQuestion {
  id: string;
  conversationId: string;
  text: string;
  at: Date;
  /** Empty when the bot answered it well. */
  reasons: GapReason[];
  /** What an agent replied after the handoff, when it was handed off and an agent replied. */
  agentReply: string | null;
}

/**
 * The visitor messages the bot took on (claimed: sent while the bot had the conversation) in the
 * window, newest first, each with the bot's reply of that turn (before the visitor's next
 * message), its thumbs up/down, whether the turn handed the conversation off (a system notice in
 * the turn of a conversation with an escalation reason) and the agents' first replies after it.
 * It walks the bot's conversations active in the window (Conversation tenantId+lastMessageAt
 * index), then each one's messages by (tenantId, conversationId, seq).
 */
export async function readQuestions(
  db: DbTx,
  scope: { tenantId: string; botId: string; from: Date; to: Date; lowConfidenceBelow: number },
): Promise<{ questions: AskedQuestion[]; truncated: boolean }> {
  const { tenantId, botId, from, to } = scope;
  const rows = await db.$queryRaw<QuestionRow[]>`
    SELECT m."id", m."conversationId", m."content", m."createdAt", m."seq",
      (c."escalationReason" IS NOT NULL AND EXISTS (
        SELECT 1 FROM "Message" s WHERE s."tenantId" = m."tenantId" AND s."conversationId" = m."conversationId"
          AND s."role" = 'SYSTEM' AND s."seq" > m."seq" AND (nv."seq" IS NULL OR s."seq" < nv."seq"))) AS "escalated",
      r."id" AS "replyId", r."confidence", CASE WHEN r."id" IS NULL THEN NULL ELSE jsonb_array_length(COALESCE(r."citations", '[]'::jsonb)) END AS "cited",
      f."helpful", a."replies" AS "agentReplies"
    FROM "Conversation" c
    JOIN "Message" m ON m."tenantId" = c."tenantId" AND m."conversationId" = c."id"
    LEFT JOIN LATERAL (
      SELECT n."seq" FROM "Message" n
      WHERE n."tenantId" = m."tenantId" AND n."conversationId" = m."conversationId" AND n."role" = 'VISITOR' AND n."seq" > m."seq"
      ORDER BY n."seq" LIMIT 1) nv ON true
    LEFT JOIN LATERAL (
      SELECT r."id", r."confidence", r."citations" FROM "Message" r
      WHERE r."tenantId" = m."tenantId" AND r."conversationId" = m."conversationId" AND r."role" = 'BOT' AND r."seq" > m."seq"
        AND (nv."seq" IS NULL OR r."seq" < nv."seq")
      ORDER BY r."seq" LIMIT 1) r ON true
    LEFT JOIN "AnswerFeedback" f ON f."messageId" = r."id" AND f."tenantId" = m."tenantId"
    LEFT JOIN LATERAL (
      SELECT array_agg(x."content" ORDER BY x."seq") AS "replies" FROM (
        SELECT g."content", g."seq" FROM "Message" g
        WHERE g."tenantId" = m."tenantId" AND g."conversationId" = m."conversationId" AND g."role" = 'AGENT' AND g."seq" > m."seq"
        ORDER BY g."seq" LIMIT 3) x) a ON c."escalationReason" IS NOT NULL
    WHERE c."tenantId" = ${tenantId} AND c."botId" = ${botId} AND c."lastMessageAt" >= ${from}
      AND m."role" = 'VISITOR' AND m."answerClaimedAt" IS NOT NULL AND m."createdAt" >= ${from} AND m."createdAt" < ${to}
    ORDER BY m."createdAt" DESC, m."seq" DESC
    LIMIT ${MAX_GAP_QUESTIONS + 1}`;
  const truncated = rows.length > MAX_GAP_QUESTIONS;
  return { questions: classify(rows.slice(0, MAX_GAP_QUESTIONS), scope.lowConfidenceBelow), truncated };
}

/** The longest of the agents' first replies: the first is often only a greeting. */
function agentAnswer(replies: string[] | null): string | null {
  const longest = (replies ?? []).reduce<string | null>((best, r) => (best === null || r.trim().length > best.length ? r.trim() : best), null);
  return longest || null;
}

function classify(rows: QuestionRow[], lowConfidenceBelow: number): AskedQuestion[] {
  // Oldest first within a conversation, to find the question before a request for a person.
  const ordered = [...rows].sort((a, b) => (a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0));
  const previous = new Map<string, AskedQuestion>();
  const out: AskedQuestion[] = [];
  for (const row of ordered) {
    const asksHuman = visitorAsksForHuman(row.content).asked;
    const before = previous.get(row.conversationId);
    if (asksHuman) {
      // "A person, please" is not a question for the knowledge: the one before it is what the
      // visitor wanted a person for, and escalated.
      if (row.escalated && before && !before.reasons.includes("escalated")) {
        before.reasons.push("escalated");
        before.agentReply ??= agentAnswer(row.agentReplies);
      }
      continue;
    }
    const reasons: GapReason[] = [];
    if (row.replyId !== null) {
      if ((row.cited ?? 0) === 0) reasons.push("declined");
      else if (row.confidence !== null && row.confidence < lowConfidenceBelow) reasons.push("low_confidence");
      if (row.helpful === false) reasons.push("thumbs_down");
    }
    if (row.escalated) reasons.push("escalated");
    // Neither replied to nor handed off (still being answered, or the answer failed): not judged.
    if (row.replyId === null && reasons.length === 0) continue;
    const question: AskedQuestion = {
      id: row.id,
      conversationId: row.conversationId,
      text: row.content,
      at: row.createdAt,
      reasons,
      agentReply: reasons.includes("escalated") ? agentAnswer(row.agentReplies) : null,
    };
    previous.set(row.conversationId, question);
    out.push(question);
  }
  return out.sort((a, b) => b.at.getTime() - a.at.getTime() || (a.id < b.id ? -1 : 1));
}
