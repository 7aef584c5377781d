import { ProviderError } from "@kefu/ai";
import { type Db } from "@kefu/db";
import { DomainError } from "@kefu/domain";
import type PgBoss from "pg-boss";
import { INGESTION_LEASE_MS, ingestSources, recoverInterruptedIngestion, type IngestionHooks } from "./ingestion.ts";
import { reembedBot } from "./reembed.ts";
import { CALIBRATION_QUIET_MS, calibrateStaleKnowledgeBase } from "./calibration.ts";
import { workerLogger, type Logger } from "../platform/logger.ts";
import { analyzeGrownTables } from "../platform/table-stats.ts";
import { indexPendingVectors, markLargeKnowledgeBases } from "./vector-index.ts";
import { inFlightWork, startPollingWorker, type PollingWorker } from "../platform/queue/polling-worker.ts";
import { bossFor, INGESTION_QUEUE, PHRASING_QUEUE, REEMBED_QUEUE, type IngestionJobData, type PhrasingJobData, type ReembedJobData } from "../platform/queue/queue.ts";
import { generateQueuedPhrasings } from "./phrasings.ts";

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

/**
 * How this process runs jobs: the caller's hooks, the worker's logger (bound to `worker`), and
 * whether progress lines go to that logger when the hooks take none (the started worker: yes;
 * drains for tests, eval and bench: no, they stay quiet unless given `log`).
 */
interface Run {
  hooks: IngestionHooks;
  logger: Logger;
  linesToLogger: boolean;
  /** How long a knowledge base's content must stay unchanged before it is calibrated (0 in drains). */
  calibrationQuietMs: number;
  /** False: leave calibration for later (a bench timing ingestion alone). */
  calibrate: boolean;
}

/** A job's hooks: failures and progress lines through a logger bound to its job id(s). */
function hooksForJob(run: Run, bindings: { jobId: string } | { jobIds: string[] }): IngestionHooks {
  const logger = run.logger.child(bindings);
  return { ...run.hooks, logger, log: run.hooks.log ?? (run.linesToLogger ? (line: string) => logger.info(line) : undefined) };
}

// Jobs being processed in this process, per database: drainIngestion waits for them too.
const { track, settled } = inFlightWork();

/**
 * Fetches one job (documents first, then re-embeddings, then a batch of the vector index of large
 * knowledge bases) and runs it to completion; false when there was nothing to do.
 */
async function workOne(db: Db, boss: PgBoss, run: Run): Promise<boolean> {
  const jobs = await boss.fetch<IngestionJobData>(INGESTION_QUEUE, { batchSize: INGESTION_BATCH });
  if (jobs.length === 0) return (await reembedOne(db, boss, run)) || (await phrasingsOne(db, boss, run)) || (await indexVectorsOne(db, run)) || (run.calibrate && (await calibrateOne(db, run)));
  const ids = jobs.map((job) => job.id);
  const hooks = hooksForJob(run, { jobIds: ids });
  const logger = hooks.logger ?? run.logger;
  await track(
    db,
    (async () => {
      try {
        await ingestSources(db, jobs.map((job) => job.data), hooks);
        await boss.complete(INGESTION_QUEUE, ids);
      } catch (error) {
        // Infrastructure trouble (the database went away…): pg-boss retries the jobs later.
        logger.error({ err: error }, "ingestion.jobs_failed");
        await Promise.all(ids.map((id) => boss.fail(INGESTION_QUEUE, id, { message: String(error) }))).catch(() => {});
        return;
      }
      try {
        if (await markLargeKnowledgeBases(db, jobs.map((job) => job.data))) {
          hooks.log?.("a knowledge base is now large enough for the HNSW vector index");
        }
        await analyzeGrownTables(db);
      } catch (error) {
        logger.warn({ err: error }, "ingestion.vector_index_or_statistics_failed");
      }
    })(),
  );
  return true;
}

/** The reason a job failed, kept on the pg-boss job (e.g. for `embeddingStatus`): only our own messages. */
const jobFailure = (error: unknown) =>
  error instanceof ProviderError || error instanceof DomainError ? error.message : "The job failed unexpectedly.";

/**
 * Runs one fetched job, tracked so a drain waits for it: completed when `work` succeeds, else
 * `failed` reports it and the job is failed, so pg-boss retries it later with backoff.
 */
async function runJob(db: Db, boss: PgBoss, queue: string, jobId: string, work: () => Promise<unknown>, failed: (error: unknown) => void) {
  await track(
    db,
    (async () => {
      try {
        await work();
        await boss.complete(queue, jobId);
      } catch (error) {
        failed(error);
        await boss.fail(queue, jobId, { message: jobFailure(error) }).catch(() => {});
      }
    })(),
  );
}

async function reembedOne(db: Db, boss: PgBoss, run: Run): Promise<boolean> {
  const [job] = await boss.fetch<ReembedJobData>(REEMBED_QUEUE);
  if (!job) return false;
  const hooks = hooksForJob(run, { jobId: job.id });
  const logger = hooks.logger ?? run.logger;
  // On failure the bot keeps its active embeddings.
  await runJob(db, boss, REEMBED_QUEUE, job.id, () => reembedBot(db, job.data, hooks.log), (error) => {
    hooks.log?.(`bot ${job.data.botId}: re-embedding failed: ${jobFailure(error)}`);
    if (!(error instanceof ProviderError || error instanceof DomainError)) logger.error({ err: error, botId: job.data.botId }, "ingestion.reembed_failed");
  });
  return true;
}

/**
 * One knowledge base's queued generated phrasings (knowledge/phrasings.ts). A passing provider
 * failure fails the job, so pg-boss retries it with backoff; its last retry ends the entries FAILED.
 */
async function phrasingsOne(db: Db, boss: PgBoss, run: Run): Promise<boolean> {
  const [job] = await boss.fetch<PhrasingJobData>(PHRASING_QUEUE);
  if (!job) return false;
  // Read here rather than with fetch's includeMetadata, which returns no job through the Prisma adapter.
  const [attempt] = await db.$queryRaw<{ retryCount: number; retryLimit: number }[]>`
    SELECT "retry_count" AS "retryCount", "retry_limit" AS "retryLimit" FROM pgboss.job WHERE "name" = ${PHRASING_QUEUE} AND "id" = ${job.id}::uuid`;
  const hooks = hooksForJob(run, { jobId: job.id });
  const logger = hooks.logger ?? run.logger;
  const finalAttempt = !attempt || attempt.retryCount >= attempt.retryLimit;
  await runJob(db, boss, PHRASING_QUEUE, job.id, () => generateQueuedPhrasings(db, job.data, { finalAttempt, log: hooks.log }), (error) => {
    if (!(error instanceof ProviderError)) logger.error({ err: error, knowledgeBaseId: job.data.knowledgeBaseId }, "ingestion.phrasings_failed");
  });
  return true;
}

/** Background work of this process (no queue job), tracked so a drain waits for it; a failure is logged and counts as nothing done. */
async function trackedStep<T>(db: Db, run: Run, work: Promise<T>, failure: string): Promise<T | false> {
  void track(db, work);
  try {
    return await work;
  } catch (error) {
    run.logger.warn({ err: error }, failure);
    return false;
  }
}

/** One batch of the HNSW index of large knowledge bases (knowledge/vector-index.ts). */
async function indexVectorsOne(db: Db, run: Run): Promise<boolean> {
  const indexed = await trackedStep(db, run, indexPendingVectors(db), "ingestion.vector_index_failed");
  return indexed !== false && indexed > 0;
}

/**
 * Recalibrates one knowledge base whose content changed (knowledge/calibration.ts): last, when
 * no document waits, so an import calibrates once, after its last document.
 */
async function calibrateOne(db: Db, run: Run): Promise<boolean> {
  const settled = await trackedStep(db, run, calibrateStaleKnowledgeBase(db, { quietMs: run.calibrationQuietMs }), "ingestion.calibration_failed");
  if (!settled) return false;
  // The content has settled: what waits for knowledge changes (regression test sets) runs now.
  const onSettled = run.hooks.onKnowledgeSettled;
  if (onSettled) await trackedStep(db, run, onSettled(settled), "ingestion.knowledge_settled_failed");
  return true;
}

/**
 * Processes every job queued now, and waits for the ones this process already
 * has in hand: afterwards, every source queued before the call is READY or
 * FAILED, every re-embedding queued before it done or failed, and every knowledge base whose
 * content changed calibrated (without the quiet period). For tests, eval and bench, which load
 * knowledge then ask at once.
 */
export async function drainIngestion(db: Db, hooks: IngestionHooks = {}, options: { calibrate?: boolean } = {}): Promise<void> {
  const boss = await bossFor(db);
  const run: Run = { hooks, logger: workerLogger("ingestion", hooks.logger), linesToLogger: false, calibrationQuietMs: 0, calibrate: options.calibrate ?? true };
  while (await workOne(db, boss, run));
  await settled(db);
  await analyzeGrownTables(db);
}

/** One sweep of lost indexing runs (knowledge/ingestion.ts), logged when it found any. */
async function recover(db: Db, leaseMs: number, logger: Logger): Promise<void> {
  try {
    const { requeued, failed } = await recoverInterruptedIngestion(db, { leaseMs });
    if (requeued.length > 0 || failed.length > 0) logger.warn({ requeued, failed }, "ingestion.interrupted_sources_recovered");
  } catch (error) {
    logger.warn({ err: error }, "ingestion.recovery_failed");
  }
}

/**
 * Starts polling the ingestion queue of `db` in this process, and sweeping for indexing runs lost
 * by a worker that died (at start, then every half lease): they are queued again, or FAILED.
 */
export function startIngestionWorker(db: Db, options: IngestionWorkerOptions = {}): IngestionWorker {
  const logger = workerLogger("ingestion", options.logger);
  const run: Run = { hooks: options, logger, linesToLogger: true, calibrationQuietMs: CALIBRATION_QUIET_MS, calibrate: true };
  const leaseMs = options.leaseMs ?? INGESTION_LEASE_MS;
  // One sweep at a time: one still running when the timer fires is not doubled.
  let sweeping: Promise<void> | undefined;
  const sweep = () => {
    sweeping ??= recover(db, leaseMs, logger).finally(() => (sweeping = undefined));
  };
  sweep();
  const sweeps = setInterval(sweep, leaseMs / 2);
  sweeps.unref();
  const worker = startPollingWorker(db, {
    kind: "ingestion",
    concurrency: Math.min(Math.max(options.concurrency ?? 1, 1), 2),
    pollMs: options.pollMs ?? 2000,
    maintenanceMs: options.maintenanceMs,
    logger,
    workOne: async () => workOne(db, await bossFor(db), run),
    // Chat traffic grows messages and events in both app processes; one check covers the database.
    maintainAlso: async () => void (await analyzeGrownTables(db)),
  });
  return {
    async stop() {
      clearInterval(sweeps);
      await Promise.all([worker.stop(), sweeping]);
    },
  };
}
