import { Prisma, type DbTx } from "@kefu/db";
import { forgetConversations } from "../analytics/index.ts";
import { attachmentKeysOf } from "../platform/attachment-store.ts";

/**
 * What is stored about visitors, in one place for the retention purge and for data requests:
 * the visitor row (attributes, device tokens cascade), their conversations (contact e-mail,
 * rating and its comment, handoff summary) with messages, events and answer feedback (all cascade
 * from the conversation and the visitor), and the
 * notification outbox rows whose payload names one of those conversations (no foreign key: a
 * delivery outlives its endpoint, so it is matched on the payload). Images sent in those
 * conversations (Attachment) cascade too; their bytes in the attachment store are removed by the
 * caller once the deletion has committed (`attachmentKeys`).
 */

export interface PurgeCounts {
  visitors: number;
  conversations: number;
  messages: number;
  events: number;
  deliveries: number;
}

export const NO_PURGE: PurgeCounts = { visitors: 0, conversations: 0, messages: 0, events: 0, deliveries: 0 };

export const addCounts = (a: PurgeCounts, b: PurgeCounts): PurgeCounts => ({
  visitors: a.visitors + b.visitors,
  conversations: a.conversations + b.conversations,
  messages: a.messages + b.messages,
  events: a.events + b.events,
  deliveries: a.deliveries + b.deliveries,
});

/** Outbox rows of the tenant whose payload is about one of these conversations. */
export function deliveriesOfConversationsSql(tenantId: string, conversationIds: string[]) {
  return Prisma.sql`"tenantId" = ${tenantId} AND "payload"->'conversation'->>'id' = ANY(${conversationIds}::text[])`;
}

/**
 * Deletes these conversations of the tenant and everything tied to them, and then these visitors
 * (ids already known to be the tenant's). Messages and events go with their conversation (ON
 * DELETE CASCADE). Deleting events needs no event-log lock: the lock orders appends so that a
 * committed seq is never below a reader's cursor; a delete assigns no seq, and readers ask for
 * "seq > cursor", so a hole in the log replays the rest in order (as for typing events,
 * platform/events/event-retention.ts). An append racing the delete waits on the conversation row
 * and then either lands before it (and is deleted with it) or finds no conversation.
 */
export async function deleteConversationsAndVisitors(
  tx: DbTx,
  tenantId: string,
  ids: { conversationIds: string[]; visitorIds: string[] },
  /** Collects the store keys of the images deleted with the conversations. */
  removed?: { attachmentKeys: string[] },
): Promise<PurgeCounts> {
  const { conversationIds, visitorIds } = ids;
  // Conversations of these visitors go too, whoever listed them.
  const all = visitorIds.length
    ? [
        ...new Set([
          ...conversationIds,
          ...(await tx.conversation.findMany({ where: { tenantId, visitorId: { in: visitorIds } }, select: { id: true } })).map((c) => c.id),
        ]),
      ]
    : conversationIds;
  let counts = { ...NO_PURGE };
  if (all.length) {
    const [messages, events] = await Promise.all([
      tx.message.count({ where: { tenantId, conversationId: { in: all } } }),
      tx.conversationEvent.count({ where: { tenantId, conversationId: { in: all } } }),
    ]);
    removed?.attachmentKeys.push(...(await attachmentKeysOf(tx, tenantId, all)));
    // The analytics rollup keeps their counts, not their question texts nor their ids.
    await forgetConversations(tx, tenantId, all);
    const deliveries = await tx.$executeRaw`DELETE FROM "NotificationDelivery" WHERE ${deliveriesOfConversationsSql(tenantId, all)}`;
    const conversations = await tx.conversation.deleteMany({ where: { tenantId, id: { in: all } } });
    counts = { ...counts, conversations: conversations.count, messages, events, deliveries };
  }
  if (visitorIds.length) {
    const visitors = await tx.visitor.deleteMany({ where: { tenantId, id: { in: visitorIds } } });
    counts.visitors = visitors.count;
  }
  return counts;
}
