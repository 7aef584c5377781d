import { type Db } from "@kefu/db";
import { type Logger } from "../logger.ts";
import { isDatabaseUnavailable } from "../prisma-errors.ts";
import { maintainQueues, registerWorker, type WorkerKind } from "./queue.ts";

/**
 * The loop both background workers share (ingestion-worker.ts, notification-worker.ts): a few
 * slots that each take one unit of work at a time, sleep `pollMs` when there is none, and are
 * woken at once by an enqueue in this process; periodic pg-boss maintenance (database-wide, so
 * run once per interval whichever worker's timer fires) plus the worker's own; a stop that
 * finishes the work in hand.
 */
export interface PollingWorkerOptions {
  kind: WorkerKind;
  concurrency: number;
  pollMs: number;
  /** Default 60 s. */
  maintenanceMs?: number;
  /** The worker's logger (bound to `worker`): its start and stop, and failures of its loop and maintenance. */
  logger: Logger;
  /** Runs one unit of work to its end; false when there was nothing to do. */
  workOne: () => Promise<boolean>;
  /** The worker's own periodic work, after the queue maintenance. */
  maintainAlso?: () => Promise<void>;
}

export interface PollingWorker {
  /** Finishes the work in hand, takes no new work, resolves when idle. */
  stop(): Promise<void>;
}

export function startPollingWorker(db: Db, options: PollingWorkerOptions): PollingWorker {
  const { logger } = options;
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
  const unregister = registerWorker(db, options.kind, { wake: wakeAll });

  async function loop(slot: number) {
    // While the database is away the slot backs off (doubling up to a minute) and says so once.
    let unavailable = 0;
    while (!stopping) {
      try {
        if (await options.workOne()) continue;
        if (unavailable > 0) logger.info({ slot, failedPolls: unavailable }, "worker.database_back");
        unavailable = 0;
      } catch (error) {
        if (!isDatabaseUnavailable(error)) logger.error({ err: error, slot }, "worker.slot_failed");
        else if (unavailable++ === 0) logger.warn({ slot, reason: error instanceof Error ? error.message.trim().split("\n").at(-1) : null }, "worker.database_unavailable");
      }
      if (!stopping) await sleep(unavailable > 0 ? Math.min(60_000, options.pollMs * 2 ** unavailable) : options.pollMs);
    }
  }

  const maintenanceMs = options.maintenanceMs ?? 60_000;
  const maintain = async () => {
    await maintainQueues(db, maintenanceMs);
    await options.maintainAlso?.();
  };
  const maintenance = setInterval(
    () => void maintain().catch((error: unknown) => logger.error({ err: error }, "worker.maintenance_failed")),
    maintenanceMs,
  );
  maintenance.unref();

  logger.info({ concurrency: options.concurrency }, "worker.started");
  const loops = Array.from({ length: options.concurrency }, (_, slot) => loop(slot));
  return {
    async stop() {
      stopping = true;
      clearInterval(maintenance);
      unregister();
      wakeAll();
      await Promise.all(loops);
      logger.info("worker.stopped");
    },
  };
}

/** Work a worker has in hand per database, so a drain (tests, eval, bench) can wait for it. */
export function inFlightWork() {
  const inFlight = new WeakMap<Db, Set<Promise<unknown>>>();
  return {
    track<T>(db: Db, work: Promise<T>): Promise<T> {
      let set = inFlight.get(db);
      if (!set) inFlight.set(db, (set = new Set()));
      set.add(work);
      void work.finally(() => set.delete(work)).catch(() => {});
      return work;
    },
    settled: (db: Db) => Promise.all([...(inFlight.get(db) ?? [])]),
  };
}
