import { type DbTx, type Prisma } from "@kefu/db";
import { type TesterConversationsRequest } from "@kefu/domain";
import { getBot } from "../bots/index.ts";

/** What the picker lists; the engine counts the same roles (escalation-state.ts). */
const SPOKEN = ["VISITOR", "BOT", "AGENT"] as const;
const LIMIT = 20;
/** The tester's own message limit (ZTestRulesRequest): the text is prefilled as it is. */
const MESSAGE_CHARS = 4000;

/** A display string from a visitor attribute the host page passed, if it is a short string. */
function attributeText(attributes: unknown, keys: string[]): string | null {
  if (!attributes || typeof attributes !== "object" || Array.isArray(attributes)) return null;
  for (const key of keys) {
    const value = (attributes as Record<string, unknown>)[key];
    if (typeof value === "string" && value.trim()) return value.trim().slice(0, 200);
  }
  return null;
}

/**
 * A bot's most recent conversations (newest activity first, at most 20) for the rule tester to
 * evaluate in: who the visitor is when known, what they last said, how long it is. With a query,
 * only conversations in which someone said it (notes and system notices are not searched).
 * Tenant-scoped; another tenant's bot is NOT_FOUND.
 */
export async function listTesterConversations(db: DbTx, tenantId: string, input: TesterConversationsRequest) {
  const bot = await getBot(db, tenantId, input.botId);
  const query = input.query?.trim();
  const where: Prisma.ConversationWhereInput = {
    tenantId,
    botId: bot.id,
    // Without a visitor message there is nothing to prefill the tester with.
    AND: [
      { messages: { some: { tenantId, role: "VISITOR" } } },
      ...(query ? [{ messages: { some: { tenantId, role: { in: [...SPOKEN] }, content: { contains: query, mode: "insensitive" as const } } } }] : []),
    ],
  };
  const rows = await db.conversation.findMany({
    where,
    orderBy: [{ lastMessageAt: "desc" }, { id: "desc" }],
    take: LIMIT,
    select: {
      id: true,
      status: true,
      createdAt: true,
      lastMessageAt: true,
      contactEmail: true,
      visitor: { select: { attributes: true } },
      _count: { select: { messages: { where: { role: { in: [...SPOKEN] } } } } },
      messages: { where: { tenantId, role: "VISITOR" }, orderBy: { seq: "desc" }, take: 1, select: { content: true, createdAt: true } },
    },
  });
  return rows.map((row) => ({
    id: row.id,
    status: row.status,
    startedAt: row.createdAt,
    lastActivityAt: row.lastMessageAt,
    visitorName: attributeText(row.visitor.attributes, ["name", "displayName", "nickname"]),
    visitorEmail: row.contactEmail ?? attributeText(row.visitor.attributes, ["email", "e-mail"]),
    messageCount: row._count.messages,
    lastVisitorMessage: row.messages[0]?.content.slice(0, MESSAGE_CHARS) ?? null,
  }));
}
