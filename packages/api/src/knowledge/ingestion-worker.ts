import { ProviderError } from "@kefu/ai";
import { type Db } from "@kefu/db";
import { DomainError } from "@kefu/domain";
import type PgBoss from "pg-boss";
import { ingestSources, type IngestionHooks } from "./ingestion.ts";
import { reembedBot } from "./reembed.ts";
import { analyzeGrownTables } from "../platform/table-stats.ts";
import { indexPendingVectors, markLargeKnowledgeBases } from "./vector-index.ts";
import { inFlightWork, startPollingWorker, type PollingWorker } from "../platform/queue/polling-worker.ts";
import { bossFor, INGESTION_QUEUE, REEMBED_QUEUE, type IngestionJobData, type ReembedJobData } from "../platform/queue/queue.ts";

/**
 * Jobs fetched at once: their small documents are indexed together in one transaction
 * (knowledge/ingestion.ts); large ones still one by one, with progress.
 */
const INGESTION_BATCH = 16;

export interface IngestionWorkerOptions extends IngestionHooks {
  /** Jobs processed at the same time by this process (1-2: indexing is CPU-bound and PGlite is one backend). */
  concurrency?: number;
  /** How often an idle worker looks at the queue; enqueueing in this process wakes it at once. */
  pollMs?: number;
  /** How often this worker runs pg-boss maintenance (expire lost jobs so they retry, archive, drop). */
  maintenanceMs?: number;
}

export type IngestionWorker = PollingWorker;

// Jobs being processed in this process, per database: drainIngestion waits for them too.
const { track, settled } = inFlightWork();

/**
 * Fetches one job (documents first, then re-embeddings, then a batch of the vector index of large
 * knowledge bases) and runs it to completion; false when there was nothing to do.
 */
async function workOne(db: Db, boss: PgBoss, hooks: IngestionHooks): Promise<boolean> {
  const jobs = await boss.fetch<IngestionJobData>(INGESTION_QUEUE, { batchSize: INGESTION_BATCH });
  if (jobs.length === 0) return (await reembedOne(db, boss, hooks)) || (await indexVectorsOne(db, hooks));
  const ids = jobs.map((job) => job.id);
  await track(
    db,
    (async () => {
      try {
        await ingestSources(db, jobs.map((job) => job.data), hooks);
        await boss.complete(INGESTION_QUEUE, ids);
      } catch (error) {
        // Infrastructure trouble (the database went away…): pg-boss retries the jobs later.
        console.error(`[ingestion] jobs ${ids.join(", ")} failed`, error);
        await Promise.all(ids.map((id) => boss.fail(INGESTION_QUEUE, id, { message: String(error) }))).catch(() => {});
        return;
      }
      try {
        if (await markLargeKnowledgeBases(db, jobs.map((job) => job.data))) {
          hooks.log?.("a knowledge base is now large enough for the HNSW vector index");
        }
        await analyzeGrownTables(db);
      } catch (error) {
        hooks.log?.(`vector index / table statistics: ${error instanceof Error ? error.message : String(error)}`);
      }
    })(),
  );
  return true;
}

/** The reason a re-embedding failed, kept on the pg-boss job for `embeddingStatus`: only our own messages. */
const reembedFailure = (error: unknown) =>
  error instanceof ProviderError || error instanceof DomainError ? error.message : "Re-embedding failed unexpectedly.";

async function reembedOne(db: Db, boss: PgBoss, hooks: IngestionHooks): Promise<boolean> {
  const [job] = await boss.fetch<ReembedJobData>(REEMBED_QUEUE);
  if (!job) return false;
  await track(
    db,
    (async () => {
      try {
        await reembedBot(db, job.data, hooks.log);
        await boss.complete(REEMBED_QUEUE, job.id);
      } catch (error) {
        // The bot keeps its active embeddings; pg-boss retries later.
        hooks.log?.(`bot ${job.data.botId}: re-embedding failed: ${reembedFailure(error)}`);
        if (!(error instanceof ProviderError || error instanceof DomainError)) console.error(`[ingestion] re-embed job ${job.id} failed`, error);
        await boss.fail(REEMBED_QUEUE, job.id, { message: reembedFailure(error) }).catch(() => {});
      }
    })(),
  );
  return true;
}

/** One batch of the HNSW index of large knowledge bases (knowledge/vector-index.ts). */
async function indexVectorsOne(db: Db, hooks: IngestionHooks): Promise<boolean> {
  const work = indexPendingVectors(db);
  void track(db, work);
  try {
    return (await work) > 0;
  } catch (error) {
    hooks.log?.(`vector index: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
}

/**
 * Processes every job queued now, and waits for the ones this process already
 * has in hand: afterwards, every source queued before the call is READY or
 * FAILED, and every re-embedding queued before it done or failed. For tests, eval and bench,
 * which load knowledge then ask at once.
 */
export async function drainIngestion(db: Db, hooks: IngestionHooks = {}): Promise<void> {
  const boss = await bossFor(db);
  while (await workOne(db, boss, hooks));
  await settled(db);
  await analyzeGrownTables(db);
}

/** Starts polling the ingestion queue of `db` in this process. */
export function startIngestionWorker(db: Db, options: IngestionWorkerOptions = {}): IngestionWorker {
  const log = options.log ?? ((line: string) => console.log(`[ingestion] ${line}`));
  const hooks: IngestionHooks = { ...options, log };
  return startPollingWorker(db, {
    kind: "ingestion",
    concurrency: Math.min(Math.max(options.concurrency ?? 1, 1), 2),
    pollMs: options.pollMs ?? 2000,
    maintenanceMs: options.maintenanceMs,
    log,
    workOne: async () => workOne(db, await bossFor(db), hooks),
    // Chat traffic grows messages and events in both app processes; one check covers the database.
    maintainAlso: async () => void (await analyzeGrownTables(db)),
  });
}
