import { type SettledKnowledgeBase } from "./calibration.ts";
import { Prisma, type Db } from "@kefu/db";
import { DomainError, hashedNgramEmbedding } from "@kefu/domain";
import type PgBoss from "pg-boss";
import { rootLogger, type Logger } from "../platform/logger.ts";
import { bossFor, enqueueIngestion, INGESTION_QUEUE, kickIngestion, type IngestionJobData } from "../platform/queue/queue.ts";
import { documentChunkRows, replaceChunks, type ChunkRow } from "./sources.ts";
import { enqueueReembedForKnowledgeBase } from "./reembed.ts";

/**
 * Indexing one queued document (a background job, see knowledge/ingestion-worker.ts):
 *
 *   QUEUED ──claim──▶ INDEXING (chunksDone/chunksTotal advance batch by batch)
 *          ──one transaction: swap chunks, READY, bump the KB's updatedAt──▶ READY
 *   (small documents: several claimed, embedded and swapped in one transaction together)
 *   any failure ──▶ FAILED with a reason a tenant can read; chunks untouched.
 *   the worker lost (process killed) ──recoverInterruptedIngestion──▶ QUEUED again with a new job;
 *          the third time ──▶ FAILED ("interrupted") with Retry.
 *
 * Chunks are written only in the final transaction, so readers see the old
 * passages (a re-upload) or none (a new document) until then: nothing
 * half-indexed is ever served, and a worker killed mid-job leaves nothing behind
 * (its open transaction is rolled back). A source deleted or replaced meanwhile is
 * left alone: the final transaction re-reads it under a row lock first.
 *
 * A worker holds the sources it claimed by a lease: it touches their `updatedAt` at least every
 * sixth of `leaseMs` (progress or a heartbeat). An INDEXING source untouched for `leaseMs` belongs
 * to a worker that is gone; the sweep (run by every ingestion worker at start and every half
 * lease) queues it again.
 */

/** Passages embedded between two progress updates. */
export const EMBED_BATCH = 64;
/** How long an INDEXING source may go without a heartbeat before it counts as abandoned. */
export const INGESTION_LEASE_MS = 60_000;
/** Lost indexing runs after which a source ends FAILED rather than being queued again. */
export const MAX_INTERRUPTIONS = 3;
const INTERRUPTED =
  "Indexing was interrupted several times (the server stopped while indexing this document). Retry; if it happens again, split the document or contact support.";

const UNEXPECTED = "Indexing failed unexpectedly. Retry; if it fails again, contact support.";

export type IngestionOutcome = "ready" | "failed" | "skipped";

export interface IngestionHooks {
  /** Called after each embedded batch (tests pause here to look at a source mid-indexing). */
  onProgress?(progress: { sourceId: string; done: number; total: number }): Promise<void> | void;
  /** Progress lines ("source …: ready, 12 passages"). */
  log?(line: string): void;
  /** Where unexpected failures are logged (a worker passes one bound to itself and the job); default: the process logger. */
  logger?: Logger;
  /** The lease on claimed sources (default INGESTION_LEASE_MS): heartbeats every sixth of it. */
  leaseMs?: number;
  /**
   * Called after a knowledge base whose content changed has settled and been calibrated again
   * (the worker's last step): regression test sets that run on every knowledge change start here.
   */
  onKnowledgeSettled?(knowledgeBase: SettledKnowledgeBase): Promise<unknown>;
}

/** A claimed source: the text being indexed (compared again at commit). */
interface Claimed extends IngestionJobData {
  title: string;
  content: string | null;
}

/**
 * Claims sources for indexing (compare-and-set on their status), so two workers, or two jobs
 * of the same source, never index it at the same time. Returns the sources now ours. A source
 * left INDEXING by a lost worker is not taken here: the sweep queues it again (and counts it).
 */
async function claim(db: Db, jobs: readonly IngestionJobData[]): Promise<Claimed[]> {
  const rows = await db.knowledgeSource.updateManyAndReturn({
    where: {
      OR: jobs.map(({ tenantId, sourceId }) => ({ id: sourceId, tenantId })),
      status: "QUEUED",
      kind: { not: "FAQ" },
    },
    data: { status: "INDEXING", chunksDone: 0, chunksTotal: 0, error: null },
    select: { id: true, tenantId: true, title: true, content: true },
  });
  return rows.map((r) => ({ tenantId: r.tenantId, sourceId: r.id, title: r.title, content: r.content }));
}

/**
 * Keeps the lease on claimed sources not yet finished: touches their `updatedAt` every sixth of
 * the lease until stopped (progress touches them too). Stopping waits for a beat in flight.
 */
function holdLease(db: Db, pending: Map<string, IngestionJobData>, hooks: IngestionHooks) {
  let beat: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    const sources = [...pending.values()];
    if (sources.length === 0) return;
    beat = db.knowledgeSource
      .updateMany({
        where: { OR: sources.map(({ tenantId, sourceId }) => ({ id: sourceId, tenantId })), status: "INDEXING" },
        data: { updatedAt: new Date() },
      })
      .catch((error: unknown) => (hooks.logger ?? rootLogger()).warn({ err: error }, "ingestion.heartbeat_failed"));
  }, (hooks.leaseMs ?? INGESTION_LEASE_MS) / 6);
  return async () => {
    clearInterval(timer);
    await beat;
  };
}

/** Progress of a source still ours; false when it was deleted or re-queued meanwhile. */
async function reportProgress(db: Db, { tenantId, sourceId }: IngestionJobData, done: number, total: number) {
  const { count } = await db.knowledgeSource.updateMany({
    where: { id: sourceId, tenantId, status: "INDEXING" },
    data: { chunksDone: done, chunksTotal: total },
  });
  return count === 1;
}

/** Embeds in batches, yielding between them so a long document neither blocks the process nor hides its progress. */
async function embed(db: Db, job: IngestionJobData, chunks: ChunkRow[], hooks: IngestionHooks) {
  const embedded: ChunkRow[] = [];
  for (let start = 0; start < chunks.length; start += EMBED_BATCH) {
    for (const chunk of chunks.slice(start, start + EMBED_BATCH)) {
      embedded.push({ ...chunk, embedding: hashedNgramEmbedding(chunk.text) });
    }
    if (!(await reportProgress(db, job, embedded.length, chunks.length))) return null;
    await hooks.onProgress?.({ sourceId: job.sourceId, done: embedded.length, total: chunks.length });
    await new Promise((resolve) => setImmediate(resolve));
  }
  return embedded;
}

/** A source whose passages are embedded and ready to be swapped in. */
interface Indexed extends Claimed {
  chunks: ChunkRow[];
}

/**
 * The swap, for one source or several small ones together: only sources still ours and still
 * holding the text we indexed. Bots using a remote embedding model get a re-embedding job for
 * the new chunks in the same transaction (until it has run, those chunks are found lexically only).
 * Returns the ids of the sources made READY.
 */
async function commit(db: Db, boss: PgBoss, indexed: Indexed[]): Promise<Set<string>> {
  if (indexed.length === 0) return new Set();
  return db.$transaction(
    async (tx) => {
      const rows = await tx.$queryRaw<{ id: string; tenantId: string; knowledgeBaseId: string; title: string; content: string | null; status: string }[]>`
        SELECT "id", "tenantId", "knowledgeBaseId", "title", "content", "status"::text AS "status" FROM "KnowledgeSource"
        WHERE "id" = ANY(${indexed.map((s) => s.sourceId)}::text[]) FOR UPDATE`;
      const current = new Map(rows.map((r) => [r.id, r]));
      const swaps = indexed.flatMap((s) => {
        const row = current.get(s.sourceId);
        const unchanged = row && row.tenantId === s.tenantId && row.status === "INDEXING" && row.title === s.title && row.content === s.content;
        return unchanged ? [{ tenantId: s.tenantId, knowledgeBaseId: row.knowledgeBaseId, sourceId: s.sourceId, chunks: s.chunks }] : [];
      });
      if (swaps.length === 0) return new Set<string>();
      await replaceChunks(tx, swaps);
      const counts = swaps.map((s) => Prisma.sql`(${s.sourceId}, ${s.tenantId}, ${s.chunks.length}::int)`);
      await tx.$executeRaw`
        UPDATE "KnowledgeSource" s SET "status" = 'READY', "error" = NULL, "interruptions" = 0, "chunksDone" = v."n", "chunksTotal" = v."n", "updatedAt" = now()
        FROM (VALUES ${Prisma.join(counts)}) AS v("id", "tenantId", "n")
        WHERE s."id" = v."id" AND s."tenantId" = v."tenantId"`;
      const kbs = new Map(swaps.map((s) => [`${s.tenantId}/${s.knowledgeBaseId}`, s]));
      for (const { tenantId, knowledgeBaseId } of kbs.values()) await enqueueReembedForKnowledgeBase(boss, tx, tenantId, knowledgeBaseId);
      return new Set(swaps.map((s) => s.sourceId));
    },
    { timeout: 120_000 },
  );
}

async function fail(db: Db, { tenantId, sourceId }: IngestionJobData, reason: string) {
  await db.knowledgeSource.updateMany({
    where: { id: sourceId, tenantId, status: "INDEXING" },
    data: { status: "FAILED", error: reason.slice(0, 500) },
  });
}

/** Marks a source FAILED with a reason fit for the tenant (never a stack or an internal message). */
async function failed(db: Db, source: IngestionJobData, error: unknown, hooks: IngestionHooks): Promise<IngestionOutcome> {
  if (!(error instanceof DomainError)) (hooks.logger ?? rootLogger()).error({ err: error, sourceId: source.sourceId }, "ingestion.source_failed");
  await fail(db, source, error instanceof DomainError ? error.message : UNEXPECTED);
  hooks.log?.(`source ${source.sourceId}: failed`);
  return "failed";
}

/** A document of more than one embedding batch: indexed on its own, its progress shown batch by batch. */
async function ingestLarge(db: Db, source: Claimed, chunks: ChunkRow[], hooks: IngestionHooks): Promise<IngestionOutcome> {
  if (!(await reportProgress(db, source, 0, chunks.length))) return "skipped";
  const embedded = await embed(db, source, chunks, hooks);
  // Before the transaction: on PGlite a query outside an open transaction waits for it (platform/queue/queue.ts).
  const boss = await bossFor(db);
  if (!embedded || !(await commit(db, boss, [{ ...source, chunks: embedded }])).has(source.sourceId)) return "skipped";
  hooks.log?.(`source ${source.sourceId}: ready, ${embedded.length} passages`);
  return "ready";
}

/**
 * Runs ingestion jobs to their end. Small documents (one embedding batch) are swapped in
 * together, in one transaction: per document, the queue, claim and commit cost more than
 * embedding its passages. Never throws for a document's own problems: they end as FAILED.
 * Returns each job's outcome, in order (a duplicate job of a source in the batch is "skipped").
 */
export async function ingestSources(db: Db, jobs: readonly IngestionJobData[], hooks: IngestionHooks = {}): Promise<IngestionOutcome[]> {
  const claimed = jobs.length === 0 ? [] : await claim(db, jobs);
  const pending = new Map(claimed.map((s) => [s.sourceId, { tenantId: s.tenantId, sourceId: s.sourceId }]));
  const releaseLease = holdLease(db, pending, hooks);
  try {
    return await indexClaimed(db, jobs, claimed, pending, hooks);
  } finally {
    await releaseLease();
  }
}

async function indexClaimed(
  db: Db,
  jobs: readonly IngestionJobData[],
  claimed: Claimed[],
  pending: Map<string, IngestionJobData>,
  hooks: IngestionHooks,
): Promise<IngestionOutcome[]> {
  const outcomes = new Map<string, IngestionOutcome>();
  const small: Indexed[] = [];
  for (const source of claimed) {
    try {
      const chunks = documentChunkRows(source.title, source.content ?? "");
      if (chunks.length > EMBED_BATCH) {
        outcomes.set(source.sourceId, await ingestLarge(db, source, chunks, hooks));
        pending.delete(source.sourceId);
        continue;
      }
      const embedded = chunks.map((chunk) => ({ ...chunk, embedding: hashedNgramEmbedding(chunk.text) }));
      await hooks.onProgress?.({ sourceId: source.sourceId, done: embedded.length, total: embedded.length });
      small.push({ ...source, chunks: embedded });
    } catch (error) {
      outcomes.set(source.sourceId, await failed(db, source, error, hooks));
      pending.delete(source.sourceId);
    }
  }
  if (small.length > 0) {
    try {
      const ready = await commit(db, await bossFor(db), small);
      for (const source of small) {
        const outcome = ready.has(source.sourceId) ? "ready" : "skipped";
        outcomes.set(source.sourceId, outcome);
        if (outcome === "ready") hooks.log?.(`source ${source.sourceId}: ready, ${source.chunks.length} passages`);
      }
    } catch (error) {
      for (const source of small) outcomes.set(source.sourceId, await failed(db, source, error, hooks));
    }
  }
  // Deleted, already indexed by an earlier job, being indexed elsewhere, or a duplicate here: skipped.
  const answered = new Set<string>();
  return jobs.map(({ sourceId }) => {
    const outcome = answered.has(sourceId) ? undefined : outcomes.get(sourceId);
    answered.add(sourceId);
    return outcome ?? "skipped";
  });
}

/** Runs one ingestion job to its end (`ingestSources` with one job). */
export async function ingestSource(db: Db, job: IngestionJobData, hooks: IngestionHooks = {}): Promise<IngestionOutcome> {
  const [outcome] = await ingestSources(db, [job], hooks);
  return outcome!;
}

/**
 * Sources whose indexing was lost, of every tenant. The one query here without a tenant filter,
 * by design: the worker serves all tenants, and each row is then handled with its own tenantId.
 * Lost means INDEXING without a heartbeat for a lease (its worker died), or QUEUED without a live
 * job (pg-boss gave up on the job, e.g. after a long database outage, before it claimed the source).
 */
function unsafeFindInterruptedSources(db: Db, staleBefore: Date, limit: number) {
  return db.$queryRaw<{ id: string; tenantId: string }[]>`
    SELECT s."id", s."tenantId" FROM "KnowledgeSource" s
    WHERE s."kind" <> 'FAQ' AND s."updatedAt" < ${staleBefore}
      AND (s."status" = 'INDEXING' OR (s."status" = 'QUEUED' AND s."id" NOT IN (
        SELECT j."data"->>'sourceId' FROM pgboss.job j
        WHERE j."name" = ${INGESTION_QUEUE} AND j."state" IN ('created', 'retry', 'active') AND j."data"->>'sourceId' IS NOT NULL)))
    ORDER BY s."updatedAt" LIMIT ${limit}`;
}

export interface RecoveryReport {
  /** Queued again, with a new job. */
  requeued: string[];
  /** Interrupted MAX_INTERRUPTIONS times: FAILED with a reason, for a person to retry. */
  failed: string[];
}

/**
 * The sweep of lost indexing runs (every ingestion worker runs it at start and every half lease):
 * each source found is queued again with a new job, counting the interruption, or, at the
 * MAX_INTERRUPTIONS-th, ends FAILED with a reason and the usual Retry. Its passages are as they
 * were (none, or the previous version's, still served): nothing of the lost run was committed.
 * Compare-and-set on status and `updatedAt`, so a live worker's heartbeat or a person's re-upload
 * meanwhile wins, and two sweeping workers count an interruption once.
 */
export async function recoverInterruptedIngestion(db: Db, options: { leaseMs?: number; now?: Date } = {}): Promise<RecoveryReport> {
  const now = options.now ?? new Date();
  const staleBefore = new Date(now.getTime() - (options.leaseMs ?? INGESTION_LEASE_MS));
  // First: it installs pg-boss's tables, which the search reads (and, on PGlite, a query outside
  // the open transaction below would wait for it).
  const boss = await bossFor(db);
  const found = await unsafeFindInterruptedSources(db, staleBefore, 100);
  if (found.length === 0) return { requeued: [], failed: [] };
  const rows = await db.$transaction(async (tx) => {
    const pairs = found.map((s) => Prisma.sql`(${s.id}, ${s.tenantId})`);
    const updated = await tx.$queryRaw<{ id: string; tenantId: string; status: string }[]>`
      UPDATE "KnowledgeSource" s SET
        "interruptions" = s."interruptions" + 1,
        "status" = (CASE WHEN s."interruptions" + 1 >= ${MAX_INTERRUPTIONS} THEN 'FAILED' ELSE 'QUEUED' END)::"SourceStatus",
        "error" = CASE WHEN s."interruptions" + 1 >= ${MAX_INTERRUPTIONS} THEN ${INTERRUPTED} ELSE NULL END,
        "chunksDone" = 0, "chunksTotal" = 0, "updatedAt" = ${now}
      FROM (VALUES ${Prisma.join(pairs)}) AS v("id", "tenantId")
      WHERE s."id" = v."id" AND s."tenantId" = v."tenantId" AND s."status" IN ('QUEUED', 'INDEXING') AND s."updatedAt" < ${staleBefore}
      RETURNING s."id", s."tenantId", s."status"::text AS "status"`;
    for (const row of updated) if (row.status === "QUEUED") await enqueueIngestion(boss, tx, { tenantId: row.tenantId, sourceId: row.id });
    return updated;
  });
  const report = { requeued: rows.filter((r) => r.status === "QUEUED").map((r) => r.id), failed: rows.filter((r) => r.status === "FAILED").map((r) => r.id) };
  if (report.requeued.length > 0) kickIngestion(db);
  return report;
}
