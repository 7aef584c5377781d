import { type Db } from "@kefu/db";
import { rootLogger, type Logger } from "./logger.ts";
import { bossFor } from "./queue/queue.ts";

/**
 * Liveness and readiness, served by both apps at `/api/health/live` and `/api/health/ready`.
 * Live: the process serves requests (no I/O). Ready: the database answers a trivial query and
 * the queue is usable (pg-boss started on this database and its schema answers), each within a
 * short timeout. A failure is named in a small JSON body and detailed in the log, never to the
 * caller (the chat app's endpoints are public).
 */

/** How long each readiness check may take before it counts as failed. */
export const READINESS_TIMEOUT_MS = 2_000;

export interface HealthCheck {
  ok: boolean;
  /** How long the check took (or the timeout). */
  ms: number;
  /** Why it failed: it did not answer in time, or it answered with an error. */
  error?: "timeout" | "failed";
}

export interface Readiness {
  status: "ready" | "unavailable";
  checks: { database: HealthCheck; queue: HealthCheck };
}

async function timed(name: string, work: () => Promise<unknown>, timeoutMs: number, log: Logger): Promise<HealthCheck> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
  });
  try {
    // The work keeps running after a timeout; its outcome is then ignored.
    const attempt = Promise.resolve().then(work);
    attempt.catch(() => {});
    if ((await Promise.race([attempt, timeout])) === "timeout") {
      log.warn({ check: name, timeoutMs }, "health.check_timeout");
      return { ok: false, ms: timeoutMs, error: "timeout" };
    }
    return { ok: true, ms: elapsed() };
  } catch (error) {
    log.warn({ check: name, err: error }, "health.check_failed");
    return { ok: false, ms: elapsed(), error: "failed" };
  } finally {
    clearTimeout(timer);
  }
}

/** The database answers `SELECT 1`, and the queue is usable: pg-boss is started on it and `pgboss.version` answers. */
export async function checkReadiness(db: Db, options: { timeoutMs?: number; logger?: Logger } = {}): Promise<Readiness> {
  const timeoutMs = options.timeoutMs ?? READINESS_TIMEOUT_MS;
  const log = options.logger ?? rootLogger();
  const [database, queue] = await Promise.all([
    timed("database", () => db.$queryRaw`SELECT 1`, timeoutMs, log),
    timed(
      "queue",
      async () => {
        // Installs pg-boss's schema on the first call of the process (idempotent), then cached.
        await bossFor(db);
        const rows = await db.$queryRaw<{ version: number }[]>`SELECT version FROM pgboss.version`;
        if (rows.length === 0) throw new Error("pgboss.version is empty");
      },
      timeoutMs,
      log,
    ),
  ]);
  return { status: database.ok && queue.ok ? "ready" : "unavailable", checks: { database, queue } };
}

const NO_STORE = { "cache-control": "no-store" };

/** `GET /api/health/live`: 200 while the process serves. */
export function livenessResponse(): Response {
  return Response.json({ status: "live" }, { headers: NO_STORE });
}

/**
 * `GET /api/health/ready`: 200 with the checks when ready, else 503 naming what failed. Takes the
 * way to the database (`getDb`) so that a process that cannot even make its client answers 503 too.
 */
export async function readinessResponse(getDb: () => Db, options: { timeoutMs?: number; logger?: Logger } = {}): Promise<Response> {
  let readiness: Readiness;
  try {
    readiness = await checkReadiness(getDb(), options);
  } catch (error) {
    (options.logger ?? rootLogger()).error({ err: error }, "health.database_unconfigured");
    const failed: HealthCheck = { ok: false, ms: 0, error: "failed" };
    readiness = { status: "unavailable", checks: { database: failed, queue: failed } };
  }
  return Response.json(readiness, { status: readiness.status === "ready" ? 200 : 503, headers: NO_STORE });
}
