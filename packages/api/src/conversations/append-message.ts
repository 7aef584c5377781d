import { randomUUID } from "node:crypto";
import { Prisma, type DbTx } from "@kefu/db";
import { type ChatMessage, type Citation, type LoggedMessage, type MessageAttachment, type MessageSuggestion } from "@kefu/domain";
import { EVENT_LOG_LOCK_SQL } from "../platform/events/event-log.ts";

/** A message to append to a conversation's log. */
export interface NewMessage {
  role: ChatMessage["role"];
  content: string;
  citations?: Citation[];
  /** The "did you mean" entries a bot reply offers. */
  suggestions?: MessageSuggestion[];
  confidence?: number | null;
  notice?: string | null;
  clientMessageId?: string;
  /** The agent who wrote an AGENT message or NOTE. */
  authorId?: string;
  /** A visitor message stored already claimed by the request that will answer it (chat/answering.ts). */
  answerClaimedAt?: Date;
  /** Images sent with it, their bytes already in the attachment store (attachments/). */
  attachments?: (MessageAttachment & { key: string })[];
}

/**
 * A write to the conversation row made with the message, only if the row still has the values
 * `when` expects (a conditional write: a concurrent change is never overwritten). The visitor
 * turn counter (handoff/visitor-turn.ts) is written this way with the bot's reply.
 */
export interface ConversationWrite {
  when: { status: "BOT"; unansweredStreak: number };
  set: { unansweredStreak: number; escalationCooldown: Prisma.InputJsonValue | null };
}

/**
 * The conversation columns the handoff state machine's state is made of (handoff/handoff.ts
 * machineStateOf); here because they are the conversation row's, and the append returns them.
 */
export const MACHINE_STATE_FIELDS = {
  status: true,
  assigneeId: true,
  teamId: true,
  escalationReason: true,
  escalationRuleId: true,
  escalationCooldown: true,
  unansweredStreak: true,
} as const;

/** What the append returns of the conversation: its machine state, and when it started. */
export const CONVERSATION_STATE_FIELDS = { ...MACHINE_STATE_FIELDS, createdAt: true } as const;

/** The conversation as the append left it (its latest committed state, read by the same statement). */
export type ConversationAfterAppend = Prisma.ConversationGetPayload<{ select: typeof CONVERSATION_STATE_FIELDS }>;

export interface AppendResult {
  message: ChatMessage;
  /** Null only when the conversation is not this tenant's (the message is then not stored). */
  conversation: ConversationAfterAppend | null;
  /** Whether the conditional `write` was applied. */
  written: boolean;
}

/** A message as the event log carries it (JSON: dates as ISO strings). */
function messageEventPayload(message: ChatMessage): LoggedMessage {
  return { ...message, createdAt: message.createdAt.toISOString() };
}

const utc = (date: Date) => Prisma.sql`${date.toISOString()}::timestamptz AT TIME ZONE 'UTC'`;

/**
 * Appends a message and its "message" event in ONE statement, which is its own transaction: the
 * event-log lock, the message, the event and the conversation's lastMessageAt (plus an optional
 * conditional write), returning the conversation's state. No interactive transaction and one
 * round trip, where the same steps through the ORM took six (docs/benchmarks.md). Inside a caller's
 * transaction it joins it. A duplicate clientMessageId fails as a unique violation, as before.
 *
 * The message's id and createdAt are chosen here, so the event's payload (the message as clients
 * get it) is built before the statement runs. Notes are logged for agents only. Authors' names are
 * the caller's to add (`authorName`), as it is the one that knows the agent.
 */
export async function appendMessageAndEvent(
  db: DbTx,
  ref: { tenantId: string; conversationId: string },
  message: NewMessage & { authorName?: string | null },
  write?: ConversationWrite,
): Promise<AppendResult> {
  const { tenantId, conversationId } = ref;
  const stored: ChatMessage = {
    id: randomUUID(),
    role: message.role,
    content: message.content,
    citations: message.citations ?? [],
    suggestions: message.suggestions ?? [],
    confidence: message.confidence ?? null,
    notice: message.notice ?? null,
    clientMessageId: message.clientMessageId ?? null,
    authorId: message.authorId ?? null,
    authorName: message.authorName ?? null,
    attachments: (message.attachments ?? []).map(({ id, contentType, size, width, height }) => ({ id, contentType, size, width, height })),
    createdAt: new Date(),
  };
  const payload = messageEventPayload(stored);
  const audience = message.role === "NOTE" ? "AGENTS" : "ALL";
  const applies = write
    ? Prisma.sql`"status" = ${write.when.status}::"ConversationStatus" AND "unansweredStreak" = ${write.when.unansweredStreak}`
    : Prisma.sql`FALSE`;
  const set = write
    ? Prisma.sql`, "unansweredStreak" = CASE WHEN ${applies} THEN ${write.set.unansweredStreak} ELSE "unansweredStreak" END,
        "escalationCooldown" = CASE WHEN ${applies} THEN ${write.set.escalationCooldown === null ? null : JSON.stringify(write.set.escalationCooldown)}::jsonb ELSE "escalationCooldown" END`
    : Prisma.empty;
  // The images' rows, in the same statement (a data-modifying CTE runs whether or not it is read).
  const attachments = message.attachments?.length
    ? Prisma.sql`, attachment AS (
        INSERT INTO "Attachment" ("id", "tenantId", "conversationId", "messageId", "key", "contentType", "size", "width", "height", "createdAt")
        SELECT a."id", ${tenantId}, message."conversationId", message."id", a."key", a."contentType", a."size", a."width", a."height", ${utc(stored.createdAt)}
        FROM message, jsonb_to_recordset(${JSON.stringify(message.attachments)}::jsonb)
          AS a("id" text, "key" text, "contentType" text, "size" int, "width" int, "height" int)
      )`
    : Prisma.empty;
  const rows = await db.$queryRaw<(ConversationAfterAppend & { written: boolean })[]>`
    WITH event_log AS (${EVENT_LOG_LOCK_SQL}),
    conversation AS (
      -- Locks the row, so the write below sees the latest committed values (its "before").
      SELECT "id", ${applies} AS "written" FROM "Conversation"
      WHERE "id" = ${conversationId} AND "tenantId" = ${tenantId} AND EXISTS (SELECT 1 FROM event_log)
      FOR UPDATE
    ),
    message AS (
      INSERT INTO "Message" ("id", "tenantId", "conversationId", "role", "content", "citations", "suggestions", "confidence", "notice", "clientMessageId", "authorId", "answerClaimedAt", "createdAt")
      SELECT ${stored.id}, ${tenantId}, "id", ${stored.role}::"MessageRole", ${stored.content}, ${JSON.stringify(stored.citations)}::jsonb, ${JSON.stringify(stored.suggestions)}::jsonb, ${stored.confidence === null ? null : String(stored.confidence)}::float8,
        ${stored.notice}, ${stored.clientMessageId}, ${stored.authorId}, ${message.answerClaimedAt ? utc(message.answerClaimedAt) : null}, ${utc(stored.createdAt)}
      FROM conversation
      RETURNING "id", "conversationId"
    ),
    event AS (
      INSERT INTO "ConversationEvent" ("tenantId", "conversationId", "type", "audience", "payload", "createdAt")
      SELECT ${tenantId}, "conversationId", 'message', ${audience}::"EventAudience", ${JSON.stringify(payload)}::jsonb, ${utc(stored.createdAt)}
      FROM message
    )${attachments}
    UPDATE "Conversation" c SET "lastMessageAt" = ${utc(stored.createdAt)} ${set}
    FROM conversation
    WHERE c."id" = conversation."id"
    RETURNING c."status"::text AS "status", c."assigneeId", c."teamId", c."escalationReason"::text AS "escalationReason", c."escalationRuleId",
      c."escalationCooldown", c."unansweredStreak", c."createdAt", conversation."written"`;
  const row = rows[0];
  if (!row) return { message: stored, conversation: null, written: false };
  const { written, ...conversation } = row;
  return { message: stored, conversation, written };
}
