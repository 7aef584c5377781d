import { Prisma, type ConversationStatus, type DbTx } from "@kefu/db";
import { isVisitorVisible, notFound, prechatAnswerList, visitorAgentName, storedPrechatForm, ZCitations, ZMessageAttachment, ZMessageSuggestions, type ChatMessage, type VisitorMessageRole } from "@kefu/domain";
import { visitorMessageView } from "./agent-keys.ts";
import { appendMessageAndEvent, type NewMessage } from "./append-message.ts";
import { type VisitorRef } from "./visitors.ts";

const MESSAGE_FIELDS = {
  id: true,
  role: true,
  content: true,
  citations: true,
  suggestions: true,
  confidence: true,
  notice: true,
  clientMessageId: true,
  authorId: true,
  createdAt: true,
  attachments: { orderBy: { createdAt: "asc" }, select: { id: true, contentType: true, size: true, width: true, height: true } },
} as const;

type MessageRow = Omit<ChatMessage, "citations" | "suggestions" | "authorName" | "attachments"> & {
  citations: unknown;
  suggestions: unknown;
  attachments: { id: string; contentType: string; size: number; width: number | null; height: number | null }[];
};

function toChatMessage(row: MessageRow, names: ReadonlyMap<string, string>): ChatMessage {
  const citations = ZCitations.safeParse(row.citations);
  const suggestions = ZMessageSuggestions.safeParse(row.suggestions);
  return {
    ...row,
    citations: citations.success ? citations.data : [],
    suggestions: suggestions.success ? suggestions.data : [],
    authorName: row.authorId ? (names.get(row.authorId) ?? null) : null,
    // Stored only after sniffing, so the type is one of the domain's; parsed all the same.
    attachments: row.attachments.flatMap((a) => {
      const parsed = ZMessageAttachment.safeParse(a);
      return parsed.success ? [parsed.data] : [];
    }),
  };
}

/**
 * Display names of the tenant's members among `userIds`, as visitors may see them
 * (`visitorAgentName`): messages go to visitors, who must not learn any part of an agent's e-mail.
 * A member without such a name, and a former member, is left out: their messages carry no name.
 */
async function authorNames(db: DbTx, tenantId: string, userIds: Iterable<string>): Promise<Map<string, string>> {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return new Map();
  const members = await db.membership.findMany({ where: { tenantId, userId: { in: ids } }, select: { userId: true, user: { select: { name: true, email: true } } } });
  return new Map(members.flatMap((m) => {
    const name = visitorAgentName(m.user);
    return name ? [[m.userId, name] as const] : [];
  }));
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
  if (!conversation) return [];
  // The author's opaque key in place of their user id (agent-keys.ts).
  return (await listMessages(db, visitor.tenantId, conversation.id)).filter(isVisitorVisible).map((m) => visitorMessageView(visitor.tenantId, m));
}

const CONVERSATION_FIELDS = {
  id: true,
  status: true,
  createdAt: true,
  lastMessageAt: true,
  bot: { select: { id: true, name: true } },
} as const;

type ConversationListRow = {
  id: string;
  status: ConversationStatus;
  createdAt: Date;
  lastMessageAt: Date;
  rating: number | null;
  botId: string;
  botName: string;
  visitorId: string;
  messageCount: number;
  lastRole: "VISITOR" | "BOT" | "AGENT" | null;
  lastContent: string | null;
};

/**
 * A message from the visitor, the bot or an agent, as `alias` in SQL: what a conversation says.
 * System lines ("The conversation was resolved…") and internal notes are not among them.
 */
const realMessage = (alias: "m" | "n") => Prisma.sql`${Prisma.raw(alias)}."role" IN ('VISITOR', 'BOT', 'AGENT')`;

/**
 * A page of the tenant's conversations, newest activity first, in one statement. Each is
 * previewed by its last message with text from the visitor, the bot or an agent, and counts
 * only such messages (an image without text included): system lines and internal notes never
 * stand for a conversation.
 */
export async function listConversations(db: DbTx, tenantId: string, filter: { botId?: string; cursor?: string; limit: number }) {
  const byBot = filter.botId ? Prisma.sql`AND c."botId" = ${filter.botId}` : Prisma.empty;
  // Keyset on (lastMessageAt, id), the list's order; an unknown cursor gives an empty page.
  const after = filter.cursor
    ? Prisma.sql`AND (c."lastMessageAt", c."id") < (SELECT k."lastMessageAt", k."id" FROM "Conversation" k WHERE k."tenantId" = ${tenantId} AND k."id" = ${filter.cursor})`
    : Prisma.empty;
  const rows = await db.$queryRaw<ConversationListRow[]>`
    SELECT c."id", c."status"::text AS "status", c."createdAt", c."lastMessageAt", c."rating",
      b."id" AS "botId", b."name" AS "botName", c."visitorId",
      (SELECT count(*)::int FROM "Message" n WHERE n."tenantId" = ${tenantId} AND n."conversationId" = c."id" AND ${realMessage("n")}) AS "messageCount",
      l."role"::text AS "lastRole", l."content" AS "lastContent"
    FROM "Conversation" c
    JOIN "Bot" b ON b."id" = c."botId" AND b."tenantId" = ${tenantId}
    LEFT JOIN LATERAL (
      SELECT m."role", m."content" FROM "Message" m
      WHERE m."tenantId" = ${tenantId} AND m."conversationId" = c."id" AND ${realMessage("m")} AND btrim(m."content") <> ''
      ORDER BY m."seq" DESC LIMIT 1) l ON true
    WHERE c."tenantId" = ${tenantId} ${byBot} ${after}
    ORDER BY c."lastMessageAt" DESC, c."id" DESC
    LIMIT ${filter.limit + 1}`;
  const page = rows.slice(0, filter.limit);
  return {
    items: page.map((r) => ({
      id: r.id,
      status: r.status,
      createdAt: r.createdAt,
      lastMessageAt: r.lastMessageAt,
      bot: { id: r.botId, name: r.botName },
      visitor: { id: r.visitorId },
      messageCount: r.messageCount,
      rating: r.rating,
      lastMessage: r.lastRole && r.lastContent !== null ? { role: r.lastRole, content: r.lastContent } : null,
    })),
    nextCursor: rows.length > filter.limit ? page[page.length - 1]!.id : null,
  };
}

export async function getConversation(db: DbTx, tenantId: string, id: string) {
  const conversation = await db.conversation.findFirst({
    where: { id, tenantId },
    select: {
      ...CONVERSATION_FIELDS,
      rating: true,
      ratingComment: true,
      bot: { select: { ...CONVERSATION_FIELDS.bot.select, prechatForm: true } },
      visitor: { select: { id: true, createdAt: true, attributes: true, verifiedUserId: true, claimedUserId: true, attributesVerified: true, prechatAnswers: true } },
      // The visitor's votes on the bot's answers.
      answerFeedback: { select: { messageId: true, helpful: true, reason: true, comment: true } },
    },
  });
  if (!conversation) throw notFound("conversation");
  const { answerFeedback: feedback, bot: { prechatForm, ...bot }, visitor: { prechatAnswers, ...visitor }, ...rest } = conversation;
  // The pre-chat form's answers with the form's labels (typed by the visitor, never verified).
  const prechat = prechatAnswerList(storedPrechatForm(prechatForm), prechatAnswers);
  return { ...rest, bot, visitor: { ...visitor, prechat }, feedback, messages: await listMessages(db, tenantId, conversation.id, { includeNotes: true }) };
}

/**
 * Stores a message and its "message" event (conversations/append-message.ts: one statement that
 * takes the event-log lock itself); call eventsCommitted() once the caller's transaction, if any,
 * has committed. Notes are logged for agents only. Throws NOT_FOUND for another tenant's conversation.
 */
export async function appendLoggedMessage(db: DbTx, tenantId: string, conversationId: string, message: NewMessage): Promise<ChatMessage> {
  const names = await authorNames(db, tenantId, message.authorId ? [message.authorId] : []);
  const authorName = message.authorId ? (names.get(message.authorId) ?? null) : null;
  const { message: stored, conversation } = await appendMessageAndEvent(db, { tenantId, conversationId }, { ...message, authorName });
  if (!conversation) throw notFound("conversation");
  return stored;
}
