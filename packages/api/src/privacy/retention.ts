import { Prisma, type Db } from "@kefu/db";
import { AUDIT_EVENTS } from "@kefu/domain";
import { addCounts, deleteConversationsAndVisitors, NO_PURGE, type PurgeCounts } from "./visitor-data.ts";
import { recordAudit } from "../platform/audit-trail.ts";
import { attachmentStorage, removeStoredImages, type AttachmentStorage } from "../platform/attachment-store.ts";
import { rootLogger } from "../platform/logger.ts";

/**
 * The retention purge: for each tenant with a retention period, conversations whose last message
 * is older than the period, and visitors last seen before it who have no conversation left, are
 * deleted with everything tied to them (visitor-data.ts), in bounded batches; each run that
 * deleted something leaves a RetentionPurge row (the cutoff and the counts) for the owner.
 */

const DAY_MS = 24 * 60 * 60_000;

export interface RetentionOptions {
  now?: Date;
  /** Rows selected per transaction: short transactions, so answers are not held up for long. */
  batchSize?: number;
  /** Batches per tenant and run; what is left is taken by the next run. */
  maxBatches?: number;
  /** Where the purged conversations' images are (default: the configured store). */
  storage?: AttachmentStorage;
}

export const retentionCutoff = (days: number, now: Date) => new Date(now.getTime() - days * DAY_MS);

// Timestamps are stored without a time zone, in UTC: compare with the cutoff as UTC whatever the
// database session's time zone (as conversations/append-message.ts writes them).
const utc = (date: Date) => Prisma.sql`${date.toISOString()}::timestamptz AT TIME ZONE 'UTC'`;

const isEmpty = (c: PurgeCounts) => Object.values(c).every((n) => n === 0);

/** Purges one tenant's data older than `days`; returns what was deleted (and logs it if anything). */
export async function purgeTenantData(db: Db, tenant: { tenantId: string; days: number }, options: RetentionOptions = {}): Promise<PurgeCounts> {
  const { tenantId, days } = tenant;
  const cutoff = retentionCutoff(days, options.now ?? new Date());
  const batchSize = options.batchSize ?? 200;
  const maxBatches = options.maxBatches ?? 25;
  let total = { ...NO_PURGE };
  for (let batch = 0; batch < maxBatches; batch++) {
    const removed = { attachmentKeys: [] as string[] };
    const { counts, selected } = await db.$transaction(async (tx) => {
      // Locked while checked and deleted: a message appended meanwhile (which updates the
      // conversation row) waits, then finds the conversation gone, instead of being lost silently
      // in a conversation that looked stale a moment earlier.
      const conversations = await tx.$queryRaw<{ id: string }[]>`
        SELECT "id" FROM "Conversation"
        WHERE "tenantId" = ${tenantId} AND "lastMessageAt" < ${utc(cutoff)}
        ORDER BY "lastMessageAt" LIMIT ${batchSize} FOR UPDATE SKIP LOCKED`;
      const room = batchSize - conversations.length;
      const visitors =
        room > 0
          ? await tx.$queryRaw<{ id: string }[]>`
              SELECT v."id" FROM "Visitor" v
              WHERE v."tenantId" = ${tenantId} AND v."lastSeenAt" < ${utc(cutoff)}
                AND NOT EXISTS (
                  SELECT 1 FROM "Conversation" c WHERE c."visitorId" = v."id"
                    AND NOT (c."id" = ANY(${conversations.map((c) => c.id)}::text[])))
              ORDER BY v."lastSeenAt" LIMIT ${room} FOR UPDATE SKIP LOCKED`
          : [];
      const counts = await deleteConversationsAndVisitors(tx, tenantId, {
        conversationIds: conversations.map((c) => c.id),
        visitorIds: visitors.map((v) => v.id),
      }, removed);
      return { counts, selected: conversations.length + visitors.length };
    });
    // The images' bytes once their rows are gone for good (a rolled-back batch keeps both).
    await removeStoredImages(options.storage ?? attachmentStorage(), removed.attachmentKeys, (err, key) =>
      rootLogger().error({ err, tenantId, key }, "retention.image_removal_failed"),
    );
    total = addCounts(total, counts);
    if (selected < batchSize) break;
  }
  if (!isEmpty(total)) {
    await db.retentionPurge.create({ data: { tenantId, cutoff, counts: { ...total } as unknown as Prisma.InputJsonValue } });
    // Done by Kefu on the tenant's behalf: in its audit log with no actor.
    await recordAudit(db, { tenantId, actor: null, action: AUDIT_EVENTS.retentionPurged, outcome: "success", details: { cutoff, counts: total } });
  }
  return total;
}

/**
 * One run of the purge over every tenant that set a retention period (maintenance across
 * tenants, hence `unsafe`; each tenant's purge is scoped to it). Returns the tenants purged.
 */
export async function unsafePurgeExpiredData(db: Db, options: RetentionOptions = {}): Promise<Map<string, PurgeCounts>> {
  const tenants = await db.tenant.findMany({ where: { retentionDays: { not: null } }, select: { id: true, retentionDays: true } });
  const purged = new Map<string, PurgeCounts>();
  for (const tenant of tenants) {
    const counts = await purgeTenantData(db, { tenantId: tenant.id, days: tenant.retentionDays! }, options);
    if (!isEmpty(counts)) purged.set(tenant.id, counts);
  }
  return purged;
}

/** The tenant's retention period and its latest purges, newest first. */
export async function getRetention(db: Db, tenantId: string) {
  const [tenant, purges] = await Promise.all([
    db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { retentionDays: true } }),
    db.retentionPurge.findMany({ where: { tenantId }, orderBy: { createdAt: "desc" }, take: 20, select: { id: true, cutoff: true, counts: true, createdAt: true } }),
  ]);
  return {
    retentionDays: tenant.retentionDays,
    purges: purges.map((p) => ({ ...p, counts: { ...NO_PURGE, ...(p.counts as Partial<PurgeCounts>) } })),
  };
}

export async function updateRetention(db: Db, tenantId: string, retentionDays: number | null) {
  await db.tenant.update({ where: { id: tenantId }, data: { retentionDays } });
  return getRetention(db, tenantId);
}
