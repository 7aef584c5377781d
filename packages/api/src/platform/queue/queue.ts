import { type Db, type DbTx } from "@kefu/db";
import PgBoss from "pg-boss";
import { rootLogger } from "../logger.ts";
import { prismaBossDb } from "./sql-adapter.ts";

/**
 * The ingestion queue: pg-boss (DESIGN.md: an existing Postgres-backed queue),
 * its tables in the `pgboss` schema of the app's own database, reached through
 * the app's Prisma client (sql-adapter.ts) so the same code runs on PGlite in
 * tests and eval, on the embedded wire server, and on a real Postgres.
 */
export const INGESTION_QUEUE = "knowledge-ingest";

export interface IngestionJobData {
  tenantId: string;
  sourceId: string;
}

/**
 * Embeds a bot's knowledge with its wanted remote embedding model (knowledge/reembed.ts). The
 * job names the bot, not the model: it always works for the model wanted when it runs.
 */
export const REEMBED_QUEUE = "knowledge-reembed";

export interface ReembedJobData {
  tenantId: string;
  botId: string;
}

/**
 * Writes the generated phrasings of a knowledge base's queued FAQ entries with its chat model
 * (knowledge/phrasings.ts). A provider that fails for a passing reason (down, slow, rate-limited)
 * is retried with backoff; after the last retry the entries end FAILED with the reason.
 */
export const PHRASING_QUEUE = "faq-phrasings";

export interface PhrasingJobData {
  tenantId: string;
  knowledgeBaseId: string;
}

/**
 * Delivers one notification outbox row (notifications/delivery.ts): a webhook POST or an
 * e-mail. One job per attempt: a failed attempt queues the next one of the retry schedule
 * (packages/domain notifications/retry.ts) with `startAfter`, in the transaction that records the
 * outcome and completes the job. pg-boss's own retries are only for lost work (a crash, the
 * database away), which runs the same attempt again.
 */
export const NOTIFY_QUEUE = "notification-deliver";

export interface NotifyJobData {
  tenantId: string;
  deliveryId: string;
  /** The attempt within the current schedule, from 1 (absent: 1); a manual redeliver starts again at 1. */
  attempt?: number;
}

/** pg-boss retries of one attempt whose job failed (lost work, not a failed delivery). */
export const NOTIFY_LOST_WORK_RETRY_LIMIT = 3;
const NOTIFY_SEND_OPTIONS = { retryLimit: NOTIFY_LOST_WORK_RETRY_LIMIT, retryDelay: 30, retryBackoff: true } as const;

// A job that is active this long is considered lost (crashed process) and retried by maintenance.
export const JOB_EXPIRE_SECONDS = 15 * 60;

/** Something that can be woken up to look at the queue now (an in-process worker). */
export interface Wakeable {
  wake(): void;
}

// Kept on globalThis: Next bundles instrumentation and route handlers separately, and
// both must see the same boss and the same worker for the one shared Prisma client.
const registry = globalThis as unknown as {
  __kefuBoss?: WeakMap<object, Promise<PgBoss>>;
  __kefuWorkers?: WeakMap<object, Map<WorkerKind, Set<Wakeable>>>;
};
const bosses = (registry.__kefuBoss ??= new WeakMap());
const workers = (registry.__kefuWorkers ??= new WeakMap());

/**
 * The pg-boss instance of a database: installs pg-boss's schema on first use
 * (idempotent, under pg-boss's advisory lock) and creates the queue. Timers are
 * off: workers fetch on their own schedule and run maintenance themselves.
 */
export function bossFor(db: Db): Promise<PgBoss> {
  let boss = bosses.get(db);
  if (!boss) {
    boss = (async () => {
      const instance = new PgBoss({ db: prismaBossDb(db), supervise: false, schedule: false, migrate: true });
      instance.on("error", (error) => rootLogger().error({ err: error, component: "pg-boss" }, "queue.error"));
      await instance.start();
      // Retries are for lost work only (a crash, the database away): a document's own problems end
      // FAILED without a retry. A job whose process died stays active until it expires; its source
      // is queued again sooner, with a new job, by the ingestion worker's sweep of abandoned
      // sources (knowledge/ingestion.ts), so the retried job then finds nothing to claim.
      await instance.createQueue(INGESTION_QUEUE, {
        name: INGESTION_QUEUE,
        retryLimit: 5,
        retryDelay: 60,
        retryBackoff: true,
        expireInSeconds: JOB_EXPIRE_SECONDS,
      });
      // A provider that is down or refuses the key is retried a few times (backing off from about a minute), then
      // the job stays failed and the bot keeps its current embeddings; saving the model again retries.
      await instance.createQueue(REEMBED_QUEUE, {
        name: REEMBED_QUEUE,
        retryLimit: 3,
        retryDelay: 60,
        retryBackoff: true,
        expireInSeconds: JOB_EXPIRE_SECONDS,
      });
      await instance.createQueue(PHRASING_QUEUE, {
        name: PHRASING_QUEUE,
        retryLimit: 3,
        retryDelay: 30,
        retryBackoff: true,
        expireInSeconds: JOB_EXPIRE_SECONDS,
      });
      await instance.createQueue(NOTIFY_QUEUE, {
        name: NOTIFY_QUEUE,
        ...NOTIFY_SEND_OPTIONS,
        // A delivery takes 10 s at most (the request timeout): a longer-active job was lost.
        expireInSeconds: 5 * 60,
      });
      return instance;
    })();
    bosses.set(db, boss);
    boss.catch(() => bosses.delete(db)); // a failed start is retried by the next caller
  }
  return boss;
}

const lastMaintenance = new WeakMap<Db, number>();

/**
 * pg-boss maintenance of a database's queues (expires jobs lost by a crash so they retry,
 * archives, drops). Database-wide: both workers of a process call it on their own timers, and it
 * runs at most once per half interval per database.
 */
export async function maintainQueues(db: Db, intervalMs: number, now = Date.now()): Promise<boolean> {
  if (now - (lastMaintenance.get(db) ?? -Infinity) < intervalMs / 2) return false;
  lastMaintenance.set(db, now);
  await (await bossFor(db)).maintain();
  return true;
}

/**
 * Enqueues the indexing of a source inside the caller's transaction: the job
 * exists if and only if the source row's QUEUED state commits. `boss` must come
 * from `bossFor(db)` awaited before the transaction was opened (on PGlite a
 * query outside the open transaction would wait for it forever).
 */
export async function enqueueIngestion(boss: PgBoss, tx: DbTx, data: IngestionJobData): Promise<void> {
  const id = await boss.send(INGESTION_QUEUE, data, { db: prismaBossDb(tx) });
  if (!id) throw new Error(`pg-boss refused the ingestion job of source ${data.sourceId}`);
}

/** Enqueues a bot's re-embedding inside the caller's transaction (same rules as `enqueueIngestion`). */
export async function enqueueReembed(boss: PgBoss, tx: DbTx, data: ReembedJobData): Promise<void> {
  const id = await boss.send(REEMBED_QUEUE, data, { db: prismaBossDb(tx) });
  if (!id) throw new Error(`pg-boss refused the re-embedding job of bot ${data.botId}`);
}

/** Enqueues the phrasing run of a knowledge base inside the caller's transaction (same rules as `enqueueIngestion`). */
export async function enqueuePhrasings(boss: PgBoss, tx: DbTx, data: PhrasingJobData): Promise<void> {
  const id = await boss.send(PHRASING_QUEUE, data, { db: prismaBossDb(tx) });
  if (!id) throw new Error(`pg-boss refused the phrasing job of knowledge base ${data.knowledgeBaseId}`);
}

/**
 * Enqueues an attempt at delivering a notification outbox row inside the transaction that wrote
 * or rescheduled it (same rules as `enqueueIngestion`); `startAfter` holds a retry back until it is due.
 * The retry options are set per job, so a queue created by an older version behaves the same.
 */
export async function enqueueNotification(boss: PgBoss, tx: DbTx, data: NotifyJobData, options: { startAfter?: Date } = {}): Promise<void> {
  const id = await boss.send(NOTIFY_QUEUE, data, { ...NOTIFY_SEND_OPTIONS, ...(options.startAfter ? { startAfter: options.startAfter } : {}), db: prismaBossDb(tx) });
  if (!id) throw new Error(`pg-boss refused the notification job of delivery ${data.deliveryId}`);
}

/**
 * Completes a notification job inside the transaction that recorded its attempt (and queued the
 * next one), with the outcome as the job's output. (pg-boss reads options only as the fourth argument.)
 */
export async function completeNotificationJob(boss: PgBoss, tx: DbTx, jobId: string, output: { outcome: string }): Promise<void> {
  await boss.complete(NOTIFY_QUEUE, jobId, output, { db: prismaBossDb(tx) });
}

/** The in-process workers: documents and re-embeddings, and notification deliveries. */
export type WorkerKind = "ingestion" | "notifications";

function wake(db: Db, kind: WorkerKind): void {
  for (const worker of workers.get(db)?.get(kind) ?? []) worker.wake();
}

/** Wakes this process's ingestion workers for `db`, so new work starts now rather than at the next poll. */
export const kickIngestion = (db: Db): void => wake(db, "ingestion");

/** Wakes this process's notification workers for `db` after a commit that queued deliveries. */
export const kickNotifications = (db: Db): void => wake(db, "notifications");

export function registerWorker(db: Db, kind: WorkerKind, worker: Wakeable): () => void {
  let kinds = workers.get(db);
  if (!kinds) workers.set(db, (kinds = new Map()));
  let set = kinds.get(kind);
  if (!set) kinds.set(kind, (set = new Set()));
  set.add(worker);
  return () => set.delete(worker);
}
