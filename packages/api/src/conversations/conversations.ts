import type { DbTx } from "@kefu/db";
import { isVisitorVisible, notFound, ZCitations, type ChatMessage, type Citation, type LoggedMessage, type VisitorMessageRole } from "@kefu/domain";
import { appendEventsInTx } from "../platform/events/event-log.ts";
import { type VisitorRef } from "./visitors.ts";

const MESSAGE_FIELDS = {
  id: true,
  role: true,
  content: true,
  citations: true,
  confidence: true,
  notice: true,
  clientMessageId: true,
  authorId: true,
  createdAt: true,
} as const;

type MessageRow = Omit<ChatMessage, "citations" | "authorName"> & { citations: unknown };

function toChatMessage(row: MessageRow, names: ReadonlyMap<string, string>): ChatMessage {
  const citations = ZCitations.safeParse(row.citations);
  return { ...row, citations: citations.success ? citations.data : [], authorName: row.authorId ? (names.get(row.authorId) ?? null) : null };
}

/**
 * Display names of the tenant's members among `userIds`. Only the name is read: messages go to
 * visitors, who must not learn an agent's e-mail. A former member's messages keep no name.
 */
async function authorNames(db: DbTx, tenantId: string, userIds: Iterable<string>): Promise<Map<string, string>> {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return new Map();
  const members = await db.membership.findMany({ where: { tenantId, userId: { in: ids } }, select: { userId: true, user: { select: { name: true } } } });
  return new Map(members.map((m) => [m.userId, m.user.name]));
}

/** The visitor's open conversation with this bot, if any. */
export function findOpenConversation(db: DbTx, visitor: VisitorRef) {
  return db.conversation.findFirst({
    where: { tenantId: visitor.tenantId, visitorId: visitor.id, botId: visitor.botId, status: { not: "RESOLVED" } },
    orderBy: { createdAt: "desc" },
    select: { id: true },
  });
}

/** The visitor's open conversation with this bot, started if they have none. */
export async function findOrStartConversation(db: DbTx, visitor: VisitorRef) {
  return (
    (await findOpenConversation(db, visitor)) ??
    (await db.conversation.create({ data: { tenantId: visitor.tenantId, botId: visitor.botId, visitorId: visitor.id }, select: { id: true } }))
  );
}

/**
 * A conversation's messages in log order, optionally from a sequence number on. Internal notes
 * are left out unless asked for (agents' views only).
 */
export async function listMessages(
  db: DbTx,
  tenantId: string,
  conversationId: string,
  range: { fromSeq?: bigint; take?: number; includeNotes?: boolean } = {},
): Promise<ChatMessage[]> {
  const rows = await db.message.findMany({
    where: {
      tenantId,
      conversationId,
      ...(range.fromSeq !== undefined ? { seq: { gte: range.fromSeq } } : {}),
      ...(range.includeNotes ? {} : { role: { not: "NOTE" as const } }),
    },
    orderBy: { seq: "asc" },
    take: range.take,
    select: MESSAGE_FIELDS,
  });
  const names = await authorNames(db, tenantId, rows.flatMap((r) => (r.authorId ? [r.authorId] : [])));
  return rows.map((row) => toChatMessage(row, names));
}

/** A message a visitor may see (never an internal note). */
export type VisitorChatMessage = ChatMessage & { role: VisitorMessageRole };
// The domain's guard, re-exported so the feature's users keep one import for it.

export async function listVisitorMessages(db: DbTx, visitor: VisitorRef): Promise<VisitorChatMessage[]> {
  const conversation = await findOpenConversation(db, visitor);
  return conversation ? (await listMessages(db, visitor.tenantId, conversation.id)).filter(isVisitorVisible) : [];
}

export async function appendMessage(
  db: DbTx,
  tenantId: string,
  conversationId: string,
  message: {
    role: ChatMessage["role"];
    content: string;
    citations?: Citation[];
    confidence?: number | null;
    notice?: string | null;
    clientMessageId?: string;
    /** The agent who wrote an AGENT message or NOTE. */
    authorId?: string;
    /** A visitor message stored already claimed by the request that will answer it (chat/answering.ts). */
    answerClaimedAt?: Date;
  },
): Promise<ChatMessage> {
  const row = await db.message.create({
    data: {
      tenantId,
      conversationId,
      role: message.role,
      content: message.content,
      citations: message.citations ?? [],
      confidence: message.confidence ?? null,
      notice: message.notice ?? null,
      clientMessageId: message.clientMessageId ?? null,
      authorId: message.authorId ?? null,
      answerClaimedAt: message.answerClaimedAt ?? null,
    },
    select: MESSAGE_FIELDS,
  });
  await db.conversation.updateMany({ where: { id: conversationId, tenantId }, data: { lastMessageAt: row.createdAt } });
  return toChatMessage(row, await authorNames(db, tenantId, row.authorId ? [row.authorId] : []));
}

const CONVERSATION_FIELDS = {
  id: true,
  status: true,
  createdAt: true,
  lastMessageAt: true,
  bot: { select: { id: true, name: true } },
} as const;

export async function listConversations(db: DbTx, tenantId: string, filter: { botId?: string; cursor?: string; limit: number }) {
  const rows = await db.conversation.findMany({
    where: { tenantId, ...(filter.botId ? { botId: filter.botId } : {}) },
    orderBy: [{ lastMessageAt: "desc" }, { id: "desc" }],
    take: filter.limit + 1,
    ...(filter.cursor ? { cursor: { id: filter.cursor }, skip: 1 } : {}),
    select: {
      ...CONVERSATION_FIELDS,
      visitor: { select: { id: true } },
      _count: { select: { messages: true } },
      messages: { orderBy: { seq: "desc" }, take: 1, select: { role: true, content: true } },
    },
  });
  const page = rows.slice(0, filter.limit);
  return {
    items: page.map(({ messages, _count, ...rest }) => ({
      ...rest,
      messageCount: _count.messages,
      lastMessage: messages[0] ?? null,
    })),
    nextCursor: rows.length > filter.limit ? page[page.length - 1]!.id : null,
  };
}

export async function getConversation(db: DbTx, tenantId: string, id: string) {
  const conversation = await db.conversation.findFirst({
    where: { id, tenantId },
    select: { ...CONVERSATION_FIELDS, visitor: { select: { id: true, createdAt: true } } },
  });
  if (!conversation) throw notFound("conversation");
  return { ...conversation, messages: await listMessages(db, tenantId, conversation.id, { includeNotes: true }) };
}

/** A message as the event log carries it (JSON: dates as ISO strings). */
export function messageEventPayload(message: ChatMessage): LoggedMessage {
  return { ...message, createdAt: message.createdAt.toISOString() };
}

/**
 * Stores a message and its "message" event in the caller's transaction, which must already hold
 * the event-log lock (platform/events/event-log.ts lockEventLog); call eventsCommitted() after the commit.
 * Notes are logged for agents only.
 */
export async function appendLoggedMessage(
  tx: DbTx,
  tenantId: string,
  conversationId: string,
  message: Parameters<typeof appendMessage>[3],
): Promise<ChatMessage> {
  const stored = await appendMessage(tx, tenantId, conversationId, message);
  await appendEventsInTx(tx, tenantId, [
    {
      conversationId,
      type: "message",
      audience: message.role === "NOTE" ? "AGENTS" : "ALL",
      payload: messageEventPayload(stored),
    },
  ]);
  return stored;
}
