import { ProviderError } from "@kefu/ai";
import { type Db } from "@kefu/db";
import { DomainError } from "@kefu/domain";
import type PgBoss from "pg-boss";
import { ingestSources, type IngestionHooks } from "../services/ingestion.ts";
import { reembedBot } from "../services/reembed.ts";
import { analyzeGrownTables } from "../services/table-stats.ts";
import { indexPendingVectors, markLargeKnowledgeBases } from "../services/vector-index.ts";
import { bossFor, INGESTION_QUEUE, REEMBED_QUEUE, registerWorker, type IngestionJobData, type ReembedJobData } from "./queue.ts";

/**
 * Jobs fetched at once: their small documents are indexed together in one transaction
 * (services/ingestion.ts); large ones still one by one, with progress.
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

export interface IngestionWorker {
  /** Finishes the jobs in hand, takes no new ones, resolves when idle. */
  stop(): Promise<void>;
}

// Jobs being processed in this process, per database: drainIngestion waits for them too.
const inFlight = new WeakMap<Db, Set<Promise<unknown>>>();

function track(db: Db, work: Promise<unknown>) {
  let set = inFlight.get(db);
  if (!set) inFlight.set(db, (set = new Set()));
  set.add(work);
  void work.finally(() => set.delete(work)).catch(() => {});
  return work;
}

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

/** One batch of the HNSW index of large knowledge bases (services/vector-index.ts). */
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
  await Promise.all([...(inFlight.get(db) ?? [])]);
  await analyzeGrownTables(db);
}

/** Starts polling the ingestion queue of `db` in this process. */
export function startIngestionWorker(db: Db, options: IngestionWorkerOptions = {}): IngestionWorker {
  const concurrency = Math.min(Math.max(options.concurrency ?? 1, 1), 2);
  const pollMs = options.pollMs ?? 2000;
  const log = options.log ?? ((line: string) => console.log(`[ingestion] ${line}`));
  const hooks: IngestionHooks = { ...options, log };
  let stopping = false;
  const sleepers = new Set<() => void>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        sleepers.delete(done);
        resolve();
      }
      sleepers.add(done);
    });
  const wakeAll = () => {
    for (const done of [...sleepers]) done();
  };
  const worker = { wake: wakeAll };
  const unregister = registerWorker(db, worker);

  async function loop(slot: number) {
    while (!stopping) {
      try {
        const boss = await bossFor(db);
        if (await workOne(db, boss, hooks)) continue;
      } catch (error) {
        log(`slot ${slot}: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (!stopping) await sleep(pollMs);
    }
  }

  async function maintain() {
    try {
      await (await bossFor(db)).maintain();
      // Chat traffic grows messages and events in both app processes; one check covers the database.
      await analyzeGrownTables(db);
    } catch (error) {
      log(`maintenance: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const maintenance = setInterval(() => void maintain(), options.maintenanceMs ?? 60_000);
  maintenance.unref();

  log(`worker started (concurrency ${concurrency})`);
  const loops = Array.from({ length: concurrency }, (_, slot) => loop(slot));
  return {
    async stop() {
      stopping = true;
      clearInterval(maintenance);
      unregister();
      wakeAll();
      await Promise.all(loops);
      log("worker stopped");
    },
  };
}
