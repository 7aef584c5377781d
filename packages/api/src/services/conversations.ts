import { type DbTx } from "@kefu/db";
import { notFound, ZCitations, type Citation } from "@kefu/domain";
import { type VisitorRef } from "./visitors.ts";

const MESSAGE_FIELDS = {
  id: true,
  role: true,
  content: true,
  citations: true,
  confidence: true,
  clientMessageId: true,
  createdAt: true,
} as const;

export interface ChatMessage {
  id: string;
  role: "VISITOR" | "BOT" | "AGENT" | "SYSTEM";
  content: string;
  citations: Citation[];
  confidence: number | null;
  clientMessageId: string | null;
  createdAt: Date;
}

function toChatMessage(row: {
  id: string;
  role: ChatMessage["role"];
  content: string;
  citations: unknown;
  confidence: number | null;
  clientMessageId: string | null;
  createdAt: Date;
}): ChatMessage {
  const citations = ZCitations.safeParse(row.citations);
  return { ...row, citations: citations.success ? citations.data : [] };
}

/** The visitor's open conversation with this bot, if any. */
export function findOpenConversation(db: DbTx, visitor: VisitorRef) {
  return db.conversation.findFirst({
    where: { tenantId: visitor.tenantId, visitorId: visitor.id, botId: visitor.botId, status: { not: "RESOLVED" } },
    orderBy: { createdAt: "desc" },
    select: { id: true },
  });
}

/** A conversation's messages in log order, optionally from a sequence number on. */
export async function listMessages(
  db: DbTx,
  tenantId: string,
  conversationId: string,
  range: { fromSeq?: bigint; take?: number } = {},
): Promise<ChatMessage[]> {
  const rows = await db.message.findMany({
    where: { tenantId, conversationId, ...(range.fromSeq !== undefined ? { seq: { gte: range.fromSeq } } : {}) },
    orderBy: { seq: "asc" },
    take: range.take,
    select: MESSAGE_FIELDS,
  });
  return rows.map(toChatMessage);
}

export async function listVisitorMessages(db: DbTx, visitor: VisitorRef): Promise<ChatMessage[]> {
  const conversation = await findOpenConversation(db, visitor);
  return conversation ? listMessages(db, visitor.tenantId, conversation.id) : [];
}

export async function appendMessage(
  db: DbTx,
  tenantId: string,
  conversationId: string,
  message: { role: ChatMessage["role"]; content: string; citations?: Citation[]; confidence?: number | null; clientMessageId?: string },
): Promise<ChatMessage> {
  const row = await db.message.create({
    data: {
      tenantId,
      conversationId,
      role: message.role,
      content: message.content,
      citations: message.citations ?? [],
      confidence: message.confidence ?? null,
      clientMessageId: message.clientMessageId ?? null,
    },
    select: MESSAGE_FIELDS,
  });
  await db.conversation.updateMany({ where: { id: conversationId, tenantId }, data: { lastMessageAt: row.createdAt } });
  return toChatMessage(row);
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
  return { ...conversation, messages: await listMessages(db, tenantId, conversation.id) };
}
