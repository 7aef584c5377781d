import { Prisma, type Db, type DbTx } from "@kefu/db";
import { notFound } from "@kefu/domain";
import { attachmentStorage, removeStoredImages, type AttachmentStorage } from "../platform/attachment-store.ts";
import { rootLogger } from "../platform/logger.ts";
import { deleteConversationsAndVisitors, deliveriesOfConversationsSql, type PurgeCounts } from "./visitor-data.ts";

/**
 * Data subject requests (GDPR art. 15/17, PIPL art. 45/47): everything stored about one visitor
 * of the tenant, as JSON, and its deletion. Tables that reference visitors or their conversations
 * are also found in the database's own foreign keys, so one added later is exported (and, through
 * its ON DELETE CASCADE, deleted) without a change here.
 */

export const EXPORT_FORMAT = "kefu.visitor-export.v1";

// Columns never exported: credentials of the visitor's devices, not data about the person.
const SECRET_COLUMN = /hash$|ciphertext$|secret$/i;

type JsonRow = Record<string, unknown>;

/** Rows as JSON: dates as ISO strings, big integers (event seq) as strings, secrets left out. */
function plain(row: object): JsonRow {
  const out: JsonRow = {};
  for (const [key, value] of Object.entries(row)) {
    if (SECRET_COLUMN.test(key)) continue;
    out[key] = value instanceof Date ? value.toISOString() : typeof value === "bigint" ? value.toString() : value;
  }
  return out;
}

// The tables exported by name below; any other table with a foreign key to these goes in `related`.
const EXPLICIT = new Set(["Visitor", "Conversation", "Message", "ConversationEvent", "AnswerFeedback", "Attachment"]);

/** Tables holding a foreign key to Visitor or Conversation, from the database catalog. */
async function referencingTables(db: DbTx): Promise<{ table: string; column: string; references: "Visitor" | "Conversation" }[]> {
  const rows = await db.$queryRaw<{ table: string; column: string; references: string }[]>`
    SELECT src.relname::text AS "table", a.attname::text AS "column", dst.relname::text AS "references"
    FROM pg_constraint c
    JOIN pg_class src ON src.oid = c.conrelid
    JOIN pg_class dst ON dst.oid = c.confrelid
    JOIN pg_namespace n ON n.oid = src.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
    WHERE c.contype = 'f' AND n.nspname = current_schema() AND dst.relname IN ('Visitor', 'Conversation')
    ORDER BY 1, 2`;
  return rows.filter((r) => !EXPLICIT.has(r.table)) as { table: string; column: string; references: "Visitor" | "Conversation" }[];
}

async function visitorOf(db: DbTx, tenantId: string, visitorId: string) {
  const visitor = await db.visitor.findFirst({ where: { id: visitorId, tenantId } });
  if (!visitor) throw notFound("visitor");
  return visitor;
}

/** Everything stored about the tenant's visitor, as plain JSON (NOT_FOUND for another tenant's). */
export async function exportVisitorData(db: Db, tenantId: string, visitorId: string) {
  const visitor = await visitorOf(db, tenantId, visitorId);
  const conversations = await db.conversation.findMany({
    where: { tenantId, visitorId },
    orderBy: { createdAt: "asc" },
    include: {
      bot: { select: { id: true, name: true } },
      messages: { orderBy: { seq: "asc" } },
      events: { orderBy: { seq: "asc" } },
    },
  });
  const conversationIds = conversations.map((c) => c.id);
  // Their thumbs up/down on answers (the CSAT rating and its comment are on each conversation).
  const answerFeedback = await db.answerFeedback.findMany({
    where: { tenantId, visitorId },
    orderBy: { createdAt: "asc" },
    select: { conversationId: true, messageId: true, helpful: true, reason: true, comment: true, createdAt: true, updatedAt: true },
  });
  // Images they sent or were sent: what each is, and where the dashboard serves its bytes.
  const attachments = await db.attachment.findMany({
    where: { tenantId, conversationId: { in: conversationIds } },
    orderBy: { createdAt: "asc" },
    select: { id: true, conversationId: true, messageId: true, contentType: true, size: true, width: true, height: true, createdAt: true },
  });
  const deliveries = conversationIds.length
    ? await db.$queryRaw<JsonRow[]>`
        SELECT "id", "channel", "event", "payload", "status", "createdAt", "deliveredAt"
        FROM "NotificationDelivery" WHERE ${deliveriesOfConversationsSql(tenantId, conversationIds)} ORDER BY "createdAt"`
    : [];
  const related: Record<string, JsonRow[]> = {};
  for (const ref of await referencingTables(db)) {
    const ids = ref.references === "Visitor" ? [visitorId] : conversationIds;
    if (!ids.length) continue;
    const rows = await db.$queryRaw<{ row: JsonRow }[]>`
      SELECT to_jsonb(t) AS "row" FROM ${Prisma.raw(`"${ref.table.replace(/"/g, '""')}"`)} t
      WHERE t.${Prisma.raw(`"${ref.column.replace(/"/g, '""')}"`)} = ANY(${ids}::text[])`;
    (related[ref.table] ??= []).push(...rows.map((r) => plain(r.row)));
  }
  return {
    format: EXPORT_FORMAT,
    exportedAt: new Date().toISOString(),
    visitor: plain(visitor),
    conversations: conversations.map(({ messages, events, bot, ...conversation }) => ({
      ...plain(conversation),
      bot,
      messages: messages.map(plain),
      events: events.map(plain),
    })),
    answerFeedback: answerFeedback.map(plain),
    attachments: attachments.map((a) => ({ ...plain(a), download: `/api/attachments/${a.id}` })),
    notifications: deliveries.map(plain),
    related,
  };
}

export type VisitorExport = Awaited<ReturnType<typeof exportVisitorData>>;

/** Deletes the tenant's visitor and everything tied to them, their images' bytes included (NOT_FOUND for another tenant's). */
export async function deleteVisitorData(db: Db, tenantId: string, visitorId: string, storage: AttachmentStorage = attachmentStorage()): Promise<PurgeCounts> {
  const removed = { attachmentKeys: [] as string[] };
  const counts = await db.$transaction(async (tx) => {
    await visitorOf(tx, tenantId, visitorId);
    return deleteConversationsAndVisitors(tx, tenantId, { conversationIds: [], visitorIds: [visitorId] }, removed);
  });
  await removeStoredImages(storage, removed.attachmentKeys, (err, key) => rootLogger().error({ err, tenantId, key }, "privacy.image_removal_failed"));
  return counts;
}
