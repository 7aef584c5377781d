import { Prisma, type Db } from "@kefu/db";
import { contributionDelta, conversationContribution, isValidTimeZone, parseCounterKey, type Contribution } from "@kefu/domain";
import { FOLDED_EVENT_TYPES, loadHistories } from "./history.ts";

/**
 * The analytics rollup, maintained incrementally (docs/architecture.md, "Analytics rollup").
 *
 * Each conversation's share of the daily counters is computed from scratch (a pure function of
 * its facts, packages/domain) and stored beside the rollup; a change applies new − old. The
 * event log says which conversations changed: its `seq` is a correct cursor (appends commit in
 * seq order), and every change that matters — a message, a status change, an escalation, a rating,
 * a vote — is logged. A fold reads the events after the tenant's cursor, recomputes those
 * conversations, then, in one short transaction that holds the cursor row, checks that no other
 * fold moved the cursor meanwhile (else it drops its work: it may be older), applies the deltas
 * with `value = value + delta` upserts and moves the cursor. Because shares are recomputed, not
 * accumulated from events, folding a conversation twice is harmless.
 *
 * The first fold of a tenant, and the first after its time zone changed (days are local days),
 * rebuilds: it clears the tenant's rollup, sets the cursor to the end of the log, then recomputes
 * every conversation in id order, a batch per fold; events after the cursor are folded afterwards.
 *
 * A change that logs nothing (the demo moves its conversations into the past) is folded by naming
 * its conversations (`foldConversations`): they are recomputed as part of the tenant's next fold.
 */

const REBUILD_BATCH = 500;
const EVENT_BATCH = 1000;

export interface FoldResult {
  conversations: number;
  /** More is waiting: call again. */
  more: boolean;
  /** False when another fold moved the cursor meanwhile and this one dropped its work. */
  applied: boolean;
}

class CursorMoved extends Error {}

async function tenantTimeZone(db: Db, tenantId: string): Promise<string> {
  const tenant = await db.tenant.findUnique({ where: { id: tenantId }, select: { timeZone: true } });
  const zone = tenant?.timeZone ?? "UTC";
  return isValidTimeZone(zone) ? zone : "UTC";
}

/**
 * Folds one batch of a tenant's changes into its rollup, and recomputes the conversations
 * `recompute` names along with them (see `foldConversations`).
 */
export async function foldTenantOnce(db: Db, tenantId: string, { recompute = [] }: { recompute?: readonly string[] } = {}): Promise<FoldResult> {
  const timeZone = await tenantTimeZone(db, tenantId);
  let cursor = await db.analyticsCursor.findUnique({ where: { tenantId } });
  if (!cursor || cursor.timeZone !== timeZone) {
    cursor = await db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT 1 FROM "Tenant" WHERE "id" = ${tenantId} FOR UPDATE`;
      const again = await tx.analyticsCursor.findUnique({ where: { tenantId } });
      if (again && again.timeZone === timeZone) return again; // another fold reset it meanwhile
      await tx.analyticsDaily.deleteMany({ where: { tenantId } });
      await tx.analyticsConversation.deleteMany({ where: { tenantId } });
      const last = await tx.conversationEvent.findFirst({ where: { tenantId }, orderBy: { seq: "desc" }, select: { seq: true } });
      const data = { timeZone, lastSeq: last?.seq ?? 0n, rebuilding: true, rebuildAfterId: null };
      return tx.analyticsCursor.upsert({ where: { tenantId }, create: { tenantId, ...data }, update: data });
    });
  }

  let conversationIds: string[];
  let next: { lastSeq: bigint; rebuilding: boolean; rebuildAfterId: string | null };
  let more: boolean;
  if (cursor.rebuilding) {
    const rows = await db.conversation.findMany({
      where: { tenantId, ...(cursor.rebuildAfterId ? { id: { gt: cursor.rebuildAfterId } } : {}) },
      orderBy: { id: "asc" },
      take: REBUILD_BATCH,
      select: { id: true },
    });
    conversationIds = rows.map((r) => r.id);
    more = rows.length === REBUILD_BATCH;
    next = { lastSeq: cursor.lastSeq, rebuilding: more, rebuildAfterId: more ? rows[rows.length - 1]!.id : null };
    // After the last batch, the events logged during the rebuild come next.
    if (!more) more = true;
  } else {
    const events = await db.conversationEvent.findMany({
      where: { tenantId, seq: { gt: cursor.lastSeq }, type: { in: [...FOLDED_EVENT_TYPES] } },
      orderBy: { seq: "asc" },
      take: EVENT_BATCH,
      select: { seq: true, conversationId: true },
    });
    if (events.length === 0 && recompute.length === 0) return { conversations: 0, more: false, applied: true };
    conversationIds = events.map((e) => e.conversationId);
    more = events.length === EVENT_BATCH;
    next = { lastSeq: events.at(-1)?.seq ?? cursor.lastSeq, rebuilding: false, rebuildAfterId: null };
  }
  conversationIds = [...new Set([...conversationIds, ...recompute])];

  const histories = await loadHistories(db, tenantId, conversationIds);
  const computed = histories.map((h) => ({ ...h, counters: conversationContribution(h.history, timeZone) }));
  const expected = cursor;
  try {
    await db.$transaction(async (tx) => {
      const [held] = await tx.$queryRaw<{ lastSeq: bigint; rebuilding: boolean; rebuildAfterId: string | null; timeZone: string }[]>`
        SELECT "lastSeq", "rebuilding", "rebuildAfterId", "timeZone" FROM "AnalyticsCursor" WHERE "tenantId" = ${tenantId} FOR UPDATE`;
      if (
        !held ||
        held.lastSeq !== expected.lastSeq ||
        held.rebuilding !== expected.rebuilding ||
        held.rebuildAfterId !== expected.rebuildAfterId ||
        held.timeZone !== expected.timeZone
      ) {
        throw new CursorMoved();
      }
      // Conversations deleted since their facts were read are left out: the delete took their
      // share and question texts out of the rollup (forget.ts), and writing them back would undo it.
      const alive = new Set(
        (await tx.conversation.findMany({ where: { tenantId, id: { in: computed.map((c) => c.conversationId) } }, select: { id: true } })).map((c) => c.id),
      );
      await applyShares(tx, tenantId, computed.filter((c) => alive.has(c.conversationId)));
      await tx.analyticsCursor.update({ where: { tenantId }, data: next });
    });
  } catch (error) {
    if (error instanceof CursorMoved) return { conversations: 0, more: true, applied: false };
    throw error;
  }
  return { conversations: computed.length, more, applied: true };
}

/**
 * Recomputes conversations changed without a logged event (the demo moves its conversations into
 * the past, after a fold may have counted them "now"), in one fold of the tenant: their shares are
 * recomputed from their facts as they are now and new − old applied, like any fold's, so only their
 * counts move and nothing else of the tenant's rollup is touched. Call it after the change.
 *
 * A fold that read these conversations before the change and applies after this one would write
 * their old shares back. It cannot: such a fold had events to fold, and this fold, reading the
 * same pending events, moves the cursor past them (a rebuild batch always moves it), so the other
 * fold finds the cursor moved and drops its work. Retried while another fold wins the race.
 */
export async function foldConversations(db: Db, tenantId: string, conversationIds: readonly string[], { attempts = 20 }: { attempts?: number } = {}): Promise<void> {
  if (conversationIds.length === 0) return;
  for (let i = 0; i < attempts; i++) {
    if ((await foldTenantOnce(db, tenantId, { recompute: conversationIds })).applied) return;
  }
  throw new Error(`analytics: the tenant's folds moved the cursor ${attempts} times; the conversations were not recomputed`);
}

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

async function applyShares(tx: Tx, tenantId: string, computed: { conversationId: string; botId: string; counters: Contribution }[]) {
  if (computed.length === 0) return;
  const stored = await tx.analyticsConversation.findMany({
    where: { tenantId, conversationId: { in: computed.map((c) => c.conversationId) } },
    select: { conversationId: true, counters: true },
  });
  const previous = new Map(stored.map((s) => [s.conversationId, new Map(Object.entries((s.counters ?? {}) as Record<string, number>))]));
  // Summed per row first: one statement may not touch the same row twice.
  const sums = new Map<string, { botId: string; key: string; value: number }>();
  for (const c of computed) {
    for (const [key, value] of contributionDelta(previous.get(c.conversationId) ?? new Map(), c.counters)) {
      const id = `${c.botId}#${key}`;
      const entry = sums.get(id) ?? { botId: c.botId, key, value: 0 };
      entry.value += value;
      sums.set(id, entry);
    }
  }
  const rows: Prisma.Sql[] = [];
  for (const { botId, key, value } of sums.values()) {
    if (value === 0) continue;
    const { day, metric, dimension } = parseCounterKey(key);
    rows.push(Prisma.sql`(${tenantId}, ${botId}, ${day}::date, ${metric}, ${dimension}, ${value})`);
  }
  // Only the fold holding the tenant's cursor row writes its rows; chunks keep each statement's
  // parameters under the protocol's limit.
  for (let i = 0; i < rows.length; i += 2000) {
    await tx.$executeRaw`
      INSERT INTO "AnalyticsDaily" ("tenantId", "botId", "day", "metric", "dimension", "value")
      VALUES ${Prisma.join(rows.slice(i, i + 2000))}
      ON CONFLICT ("tenantId", "day", "botId", "metric", "dimension")
      DO UPDATE SET "value" = "AnalyticsDaily"."value" + EXCLUDED."value"`;
  }
  const shares = computed.map((c) => Prisma.sql`(${c.conversationId}, ${tenantId}, ${c.botId}, ${JSON.stringify(Object.fromEntries(c.counters))}::jsonb, now())`);
  for (let i = 0; i < shares.length; i += 500) {
    await tx.$executeRaw`
      INSERT INTO "AnalyticsConversation" ("conversationId", "tenantId", "botId", "counters", "updatedAt")
      VALUES ${Prisma.join(shares.slice(i, i + 500))}
      ON CONFLICT ("conversationId") DO UPDATE SET "counters" = EXCLUDED."counters", "updatedAt" = now()`;
  }
}

/** Folds a tenant's pending changes, up to `maxBatches` batches; true when it caught up. */
export async function foldTenant(db: Db, tenantId: string, { maxBatches = 50 }: { maxBatches?: number } = {}): Promise<boolean> {
  for (let i = 0; i < maxBatches; i++) {
    const { more } = await foldTenantOnce(db, tenantId);
    if (!more) return true;
  }
  return false;
}

/**
 * Background work: folds every tenant that has unfolded events or no cursor yet (maintenance
 * across tenants, hence `unsafe`). Each tenant is folded a few batches per run.
 */
export async function unsafeFoldAllTenants(db: Db, { maxBatchesPerTenant = 5 }: { maxBatchesPerTenant?: number } = {}): Promise<number> {
  const pending = await db.$queryRaw<{ id: string }[]>`
    SELECT t."id" FROM "Tenant" t LEFT JOIN "AnalyticsCursor" c ON c."tenantId" = t."id"
    WHERE c."tenantId" IS NULL OR c."rebuilding" OR c."timeZone" <> t."timeZone"
       OR EXISTS (SELECT 1 FROM "ConversationEvent" e WHERE e."tenantId" = t."id" AND e."seq" > c."lastSeq"
                  AND e."type" IN (${Prisma.join([...FOLDED_EVENT_TYPES])}))`;
  for (const { id } of pending) await foldTenant(db, id, { maxBatches: maxBatchesPerTenant });
  return pending.length;
}
