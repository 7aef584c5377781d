import { type Db } from "@kefu/db";
import type PgBoss from "pg-boss";
import { deliverNotification, type DeliveryOptions } from "./delivery.ts";
import { workerLogger, type Logger } from "../platform/logger.ts";
import { inFlightWork, startPollingWorker, type PollingWorker } from "../platform/queue/polling-worker.ts";
import { bossFor, NOTIFY_QUEUE, type NotifyJobData } from "../platform/queue/queue.ts";

/**
 * Delivers the notification outbox (notifications/outbox.ts) from the pg-boss queue, one job per
 * attempt: a failed attempt queues the next one of the retry schedule and completes its job in
 * the same transaction (delivery.ts). A job that throws (the database went away) fails, and
 * pg-boss runs the same attempt again (platform/queue/queue.ts).
 */
export interface NotificationWorkerOptions extends Omit<DeliveryOptions, "jobId"> {
  /** Deliveries at the same time in this process (I/O-bound: a slow receiver must not hold up the rest). */
  concurrency?: number;
  /** How often an idle worker looks at the queue; a commit in this process wakes it at once. */
  pollMs?: number;
  maintenanceMs?: number;
}

export type NotificationWorker = PollingWorker;

const { track, settled } = inFlightWork();

/** Fetches one job and runs one delivery attempt; false when the queue had nothing ready. */
async function workOne(db: Db, boss: PgBoss, options: Omit<DeliveryOptions, "jobId">, workerLog: Logger): Promise<boolean> {
  const [job] = await boss.fetch<NotifyJobData>(NOTIFY_QUEUE);
  if (!job) return false;
  const logger = workerLog.child({ jobId: job.id, deliveryId: job.data.deliveryId });
  await track(
    db,
    (async () => {
      try {
        const outcome = await deliverNotification(db, job.data, { ...options, logger, jobId: job.id });
        if (outcome === "skipped") await boss.complete(NOTIFY_QUEUE, job.id); // the others completed it with their outcome
      } catch (error) {
        // The database went away mid-attempt: the row is still PENDING, pg-boss retries the job.
        logger.error({ err: error }, "notifications.job_failed");
        await boss.fail(NOTIFY_QUEUE, job.id, { message: String(error) }).catch(() => {});
      }
    })(),
  );
  return true;
}

/**
 * Runs every notification job that is ready now, and waits for those this process has in hand.
 * Attempts scheduled for later stay queued. For tests, eval and bench.
 */
export async function drainNotifications(db: Db, options: Omit<DeliveryOptions, "jobId"> = {}): Promise<void> {
  const boss = await bossFor(db);
  const logger = workerLogger("notifications", options.logger);
  while (await workOne(db, boss, options, logger));
  await settled(db);
}

/** Starts polling the notification queue of `db` in this process. */
export function startNotificationWorker(db: Db, options: NotificationWorkerOptions = {}): NotificationWorker {
  const logger = workerLogger("notifications", options.logger);
  // Retries are fetched once their backoff has passed; the queue maintenance expires jobs lost by a crash (so they retry).
  return startPollingWorker(db, {
    kind: "notifications",
    concurrency: Math.min(Math.max(options.concurrency ?? 2, 1), 8),
    pollMs: options.pollMs ?? 2000,
    maintenanceMs: options.maintenanceMs,
    logger,
    workOne: async () => workOne(db, await bossFor(db), options, logger),
  });
}
