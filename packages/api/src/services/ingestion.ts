import { type Db } from "@kefu/db";
import { DomainError, hashedNgramEmbedding } from "@kefu/domain";
import type PgBoss from "pg-boss";
import { bossFor, type IngestionJobData } from "../jobs/queue.ts";
import { documentChunkRows, replaceChunks, type ChunkRow } from "./knowledge.ts";
import { enqueueReembedForKnowledgeBase } from "./reembed.ts";

/**
 * Indexing one queued document (a background job, see jobs/ingestion-worker.ts):
 *
 *   QUEUED ──claim──▶ INDEXING (chunksDone/chunksTotal advance batch by batch)
 *          ──one transaction: swap chunks, READY, bump the KB's updatedAt──▶ READY
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
  log?(line: string): void;
}

/**
 * Claims a source for indexing (compare-and-set on its status), so two workers,
 * or two jobs of the same source, never index it at the same time.
 */
async function claim(db: Db, { tenantId, sourceId }: IngestionJobData) {
  const { count } = await db.knowledgeSource.updateMany({
    where: {
      id: sourceId,
      tenantId,
      kind: { not: "FAQ" },
      OR: [{ status: "QUEUED" }, { status: "INDEXING", updatedAt: { lt: new Date(Date.now() - STALE_INDEXING_MS) } }],
    },
    data: { status: "INDEXING", chunksDone: 0, chunksTotal: 0, error: null },
  });
  if (count === 0) return null;
  return db.knowledgeSource.findFirst({ where: { id: sourceId, tenantId }, select: { title: true, content: true } });
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

/**
 * The swap: only if the source is still ours and still holds the text we indexed. Bots using a
 * remote embedding model get a re-embedding job for the new chunks in the same transaction
 * (until it has run, those chunks are found lexically only).
 */
async function commit(db: Db, boss: PgBoss, job: IngestionJobData, indexed: { title: string; content: string | null }, chunks: ChunkRow[]) {
  return db.$transaction(
    async (tx) => {
      const [row] = await tx.$queryRaw<{ knowledgeBaseId: string; title: string; content: string | null; status: string }[]>`
        SELECT "knowledgeBaseId", "title", "content", "status"::text AS "status" FROM "KnowledgeSource"
        WHERE "id" = ${job.sourceId} AND "tenantId" = ${job.tenantId} FOR UPDATE`;
      if (!row || row.status !== "INDEXING" || row.title !== indexed.title || row.content !== indexed.content) return false;
      await replaceChunks(tx, job.tenantId, row.knowledgeBaseId, job.sourceId, chunks);
      await tx.knowledgeSource.updateMany({
        where: { id: job.sourceId, tenantId: job.tenantId },
        data: { status: "READY", error: null, chunksDone: chunks.length, chunksTotal: chunks.length },
      });
      await enqueueReembedForKnowledgeBase(boss, tx, job.tenantId, row.knowledgeBaseId);
      return true;
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

/** Runs one ingestion job to its end. Never throws for a document's own problems: they end as FAILED. */
export async function ingestSource(db: Db, job: IngestionJobData, hooks: IngestionHooks = {}): Promise<IngestionOutcome> {
  const source = await claim(db, job);
  if (!source) return "skipped"; // deleted, already indexed by an earlier job, or being indexed elsewhere
  try {
    const chunks = documentChunkRows(source.title, source.content ?? "");
    if (!(await reportProgress(db, job, 0, chunks.length))) return "skipped";
    const embedded = await embed(db, job, chunks, hooks);
    // Before the transaction: on PGlite a query outside an open transaction waits for it (jobs/queue.ts).
    const boss = await bossFor(db);
    if (!embedded || !(await commit(db, boss, job, source, embedded))) return "skipped";
    hooks.log?.(`source ${job.sourceId}: ready, ${embedded.length} passages`);
    return "ready";
  } catch (error) {
    // Only our own messages are fit for a tenant; anything else goes to the log.
    if (!(error instanceof DomainError)) console.error(`[ingestion] source ${job.sourceId} failed`, error);
    await fail(db, job, error instanceof DomainError ? error.message : UNEXPECTED);
    hooks.log?.(`source ${job.sourceId}: failed`);
    return "failed";
  }
}
