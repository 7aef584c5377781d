import { type DbTx } from "@kefu/db";
import { visitorAsksForHuman, type GapReason } from "@kefu/domain";

/** The newest visitor questions a gap list reads at most: a bounded window keeps it fast. */
export const MAX_GAP_QUESTIONS = 5000;
/** Answers this close above the bot's answer threshold count as low-confidence misses. */
export const LOW_CONFIDENCE_MARGIN = 0.1;

/** Messages read at most (questions, replies, notices): whole conversations, newest first. */
const MAX_ROWS = MAX_GAP_QUESTIONS * 4;

interface MessageRow {
  id: string;
  conversationId: string;
  role: "VISITOR" | "BOT" | "AGENT" | "SYSTEM";
  /** Visitor and agent messages only. */
  content: string | null;
  createdAt: Date;
  seq: bigint;
  claimed: boolean;
  confidence: number | null;
  cited: number;
  helpful: boolean | null;
  escalatedConversation: boolean;
  /** A visitor message that is a "did you mean" choice (chat.chooseSuggestion), not typed. */
  choice: boolean;
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

interface Turn {
  row: MessageRow;
  reply: MessageRow | null;
  handedOff: boolean;
}

/**
 * The visitor messages the bot took on (claimed: sent while the bot had the conversation) in the
 * window, newest first, each judged by its turn (up to the visitor's next message): the bot's
 * reply, its thumbs up/down, whether the turn handed the conversation off (a system notice in a
 * conversation with an escalation reason), and the agents' first replies after it. One ordered
 * read of the bot's conversations active in the window (Conversation tenantId+lastMessageAt
 * index, then each one's messages by tenantId+conversationId+seq); the turns are put together
 * here, which costs far less than several look-ups per message in SQL.
 */
export async function readQuestions(
  db: DbTx,
  scope: { tenantId: string; botId: string; from: Date; to: Date; lowConfidenceBelow: number },
): Promise<{ questions: AskedQuestion[]; truncated: boolean }> {
  const { tenantId, botId, from, to } = scope;
  // Per conversation, its messages through the (tenantId, conversationId, seq) index in seq order
  // (a LATERAL join: without it a planner short of statistics may scan the tenant's messages by
  // time once per conversation); the window is applied to the questions below.
  const rows = await db.$queryRaw<MessageRow[]>`
    SELECT m."id", c."id" AS "conversationId", m."role", m."content", m."createdAt", m."seq", m."claimed", m."confidence", m."cited", m."choice",
      CASE WHEN m."role" = 'BOT' THEN (SELECT f."helpful" FROM "AnswerFeedback" f WHERE f."messageId" = m."id" AND f."tenantId" = ${tenantId}) END AS "helpful",
      (c."escalationReason" IS NOT NULL) AS "escalatedConversation"
    FROM (
      SELECT cv."id", cv."lastMessageAt", cv."escalationReason" FROM "Conversation" cv
      WHERE cv."tenantId" = ${tenantId} AND cv."botId" = ${botId} AND cv."lastMessageAt" >= ${from}
      ORDER BY cv."lastMessageAt" DESC LIMIT ${MAX_GAP_QUESTIONS}) c
    CROSS JOIN LATERAL (
      SELECT mm."id", mm."role"::text AS "role", CASE WHEN mm."role" IN ('VISITOR', 'AGENT') THEN mm."content" END AS "content",
        mm."createdAt", mm."seq", (mm."answerClaimedAt" IS NOT NULL) AS "claimed", mm."confidence",
        CASE WHEN mm."role" = 'BOT' THEN jsonb_array_length(COALESCE(mm."citations", '[]'::jsonb)) ELSE 0 END AS "cited",
        (mm."role" = 'VISITOR' AND jsonb_array_length(COALESCE(mm."suggestions", '[]'::jsonb)) > 0) AS "choice"
      FROM "Message" mm
      WHERE mm."tenantId" = ${tenantId} AND mm."conversationId" = c."id" AND mm."role" IN ('VISITOR', 'BOT', 'AGENT', 'SYSTEM')
      ORDER BY mm."seq") m
    ORDER BY c."lastMessageAt" DESC, c."id", m."seq"
    LIMIT ${MAX_ROWS + 1}`;
  let truncated = rows.length > MAX_ROWS;
  const byConversation = new Map<string, MessageRow[]>();
  for (const row of rows.slice(0, MAX_ROWS)) {
    const list = byConversation.get(row.conversationId);
    if (list) list.push(row);
    else byConversation.set(row.conversationId, [row]);
  }
  // The last conversation may have been cut by the limit: left out rather than judged on half a turn.
  if (truncated) byConversation.delete(rows[MAX_ROWS - 1]!.conversationId);
  const questions: AskedQuestion[] = [];
  for (const messages of byConversation.values()) {
    for (const q of conversationQuestions(messages, scope.lowConfidenceBelow)) if (q.at >= from && q.at < to) questions.push(q);
  }
  questions.sort((a, b) => b.at.getTime() - a.at.getTime() || (a.id < b.id ? -1 : 1));
  if (questions.length > MAX_GAP_QUESTIONS) truncated = true;
  return { questions: questions.slice(0, MAX_GAP_QUESTIONS), truncated };
}

/** The turns of one conversation's messages (in seq order), judged. */
function conversationQuestions(messages: MessageRow[], lowConfidenceBelow: number): AskedQuestion[] {
  const turns: Turn[] = [];
  const agentReplies: MessageRow[] = [];
  let turn: Turn | null = null;
  for (const m of messages) {
    if (m.role === "VISITOR") {
      turn = m.claimed ? { row: m, reply: null, handedOff: false } : null;
      if (turn) turns.push(turn);
    } else if (m.role === "AGENT") {
      agentReplies.push(m);
    } else if (turn && m.role === "BOT") {
      turn.reply ??= m;
    } else if (turn && m.role === "SYSTEM") {
      turn.handedOff ||= m.escalatedConversation;
    }
  }
  const repliesAfter = (seq: bigint) => agentReplies.filter((a) => a.seq > seq).slice(0, 3).map((a) => a.content ?? "");
  const out: AskedQuestion[] = [];
  let previous: AskedQuestion | null = null;
  for (const { row, reply, handedOff } of turns) {
    const text = row.content ?? "";
    if (row.choice) {
      // A "did you mean" choice is no question of its own (its text is the entry's title): it
      // settles the question that was offered the choices, answered, or not if voted down.
      if (previous && reply) {
        if (reply.cited > 0) previous.reasons = previous.reasons.filter((r) => r !== "declined" && r !== "low_confidence");
        if (reply.helpful === false && !previous.reasons.includes("thumbs_down")) previous.reasons.push("thumbs_down");
      }
      if (previous && handedOff && !previous.reasons.includes("escalated")) previous.reasons.push("escalated");
      continue;
    }
    if (visitorAsksForHuman(text).asked) {
      // "A person, please" is not a question for the knowledge: the one before it is what the
      // visitor wanted a person for, and escalated.
      if (handedOff && previous && !previous.reasons.includes("escalated")) {
        previous.reasons.push("escalated");
        previous.agentReply ??= agentAnswer(repliesAfter(row.seq));
      }
      continue;
    }
    const reasons: GapReason[] = [];
    if (reply) {
      if (reply.cited === 0) reasons.push("declined");
      else if (reply.confidence !== null && reply.confidence < lowConfidenceBelow) reasons.push("low_confidence");
      if (reply.helpful === false) reasons.push("thumbs_down");
    }
    if (handedOff) reasons.push("escalated");
    // Neither replied to nor handed off (still being answered, or the answer failed): not judged.
    if (!reply && reasons.length === 0) continue;
    previous = { id: row.id, conversationId: row.conversationId, text, at: row.createdAt, reasons, agentReply: handedOff ? agentAnswer(repliesAfter(row.seq)) : null };
    out.push(previous);
  }
  return out;
}

/** The longest of the agents' first replies: the first is often only a greeting. */
function agentAnswer(replies: string[] | null): string | null {
  const longest = (replies ?? []).reduce<string | null>((best, r) => (best === null || r.trim().length > best.length ? r.trim() : best), null);
  return longest || null;
}
