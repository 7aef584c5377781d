import { Prisma, type Db } from "@kefu/db";
import { DomainError, hashedNgramEmbedding } from "@kefu/domain";
import type PgBoss from "pg-boss";
import { rootLogger, type Logger } from "../platform/logger.ts";
import { bossFor, type IngestionJobData } from "../platform/queue/queue.ts";
import { documentChunkRows, replaceChunks, type ChunkRow } from "./sources.ts";
import { enqueueReembedForKnowledgeBase } from "./reembed.ts";

/**
 * Indexing one queued document (a background job, see knowledge/ingestion-worker.ts):
 *
 *   QUEUED ──claim──▶ INDEXING (chunksDone/chunksTotal advance batch by batch)
 *          ──one transaction: swap chunks, READY, bump the KB's updatedAt──▶ READY
 *   (small documents: several claimed, embedded and swapped in one transaction together)
 *   any failure ──▶ FAILED with a reason a tenant can read; chunks untouched.
 *
 * Chunks are written only in the final transaction, so readers see the old
 * passages (a re-upload) or none (a new document) until then: nothing
 * half-indexed is ever served. A source deleted or replaced meanwhile is left
 * alone: the final transaction re-reads it under a row lock first.
 */

/** Passages embedded between two progress updates. */
export const EMBED_BATCH = 64;
// An INDEXING source untouched this long belongs to a lost worker; its retried job may take it over.
const STALE_INDEXING_MS = 10 * 60 * 1000;

const UNEXPECTED = "Indexing failed unexpectedly. Retry; if it fails again, contact support.";

export type IngestionOutcome = "ready" | "failed" | "skipped";

export interface IngestionHooks {
  /** Called after each embedded batch (tests pause here to look at a source mid-indexing). */
  onProgress?(progress: { sourceId: string; done: number; total: number }): Promise<void> | void;
  /** Progress lines ("source …: ready, 12 passages"). */
  log?(line: string): void;
  /** Where unexpected failures are logged (a worker passes one bound to itself and the job); default: the process logger. */
  logger?: Logger;
}

/** A claimed source: the text being indexed (compared again at commit). */
interface Claimed extends IngestionJobData {
  title: string;
  content: string | null;
}

/**
 * Claims sources for indexing (compare-and-set on their status), so two workers, or two jobs
 * of the same source, never index it at the same time. Returns the sources now ours.
 */
async function claim(db: Db, jobs: readonly IngestionJobData[]): Promise<Claimed[]> {
  const rows = await db.knowledgeSource.updateManyAndReturn({
    where: {
      AND: [
        { OR: jobs.map(({ tenantId, sourceId }) => ({ id: sourceId, tenantId })) },
        { OR: [{ status: "QUEUED" }, { status: "INDEXING", updatedAt: { lt: new Date(Date.now() - STALE_INDEXING_MS) } }] },
      ],
      kind: { not: "FAQ" },
    },
    data: { status: "INDEXING", chunksDone: 0, chunksTotal: 0, error: null },
    select: { id: true, tenantId: true, title: true, content: true },
  });
  return rows.map((r) => ({ tenantId: r.tenantId, sourceId: r.id, title: r.title, content: r.content }));
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
        UPDATE "KnowledgeSource" s SET "status" = 'READY', "error" = NULL, "chunksDone" = v."n", "chunksTotal" = v."n", "updatedAt" = now()
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
  const outcomes = new Map<string, IngestionOutcome>();
  const small: Indexed[] = [];
  for (const source of claimed) {
    try {
      const chunks = documentChunkRows(source.title, source.content ?? "");
      if (chunks.length > EMBED_BATCH) {
        outcomes.set(source.sourceId, await ingestLarge(db, source, chunks, hooks));
        continue;
      }
      const embedded = chunks.map((chunk) => ({ ...chunk, embedding: hashedNgramEmbedding(chunk.text) }));
      await hooks.onProgress?.({ sourceId: source.sourceId, done: embedded.length, total: embedded.length });
      small.push({ ...source, chunks: embedded });
    } catch (error) {
      outcomes.set(source.sourceId, await failed(db, source, error, hooks));
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
