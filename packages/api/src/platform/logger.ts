import pino, { type DestinationStream, type Logger } from "pino";
import { readLogEnv, type LogLevel } from "./env.ts";

export type { Logger };

/**
 * Structured logs: one JSON object per line on stdout, through pino (docs/architecture.md).
 * `msg` is a dotted event name (`trpc.internal_error`, `ingestion.jobs_failed`) or, for a
 * worker's progress, a short sentence; what varies goes into fields, an error under `err`
 * (type, message, stack, causes). Requests log through `ctx.log` (a child bound to their
 * `requestId`), workers through a child bound to `worker` and, per job, `jobId`.
 */
export function createLogger(options: { level?: LogLevel; destination?: DestinationStream } = {}): Logger {
  const env = options.level === undefined ? readLogEnv() : null;
  const settings = {
    level: options.level ?? env?.level ?? "info",
    timestamp: pino.stdTimeFunctions.isoTime,
    // "level":"error" rather than pino's number: readable without pino's tooling.
    formatters: { level: (label: string) => ({ level: label }) },
  };
  const logger = options.destination ? pino(settings, options.destination) : pino(settings);
  if (env?.ignored) logger.warn({ value: env.ignored, using: "info" }, "log.level_ignored");
  return logger;
}

// One per process, kept on globalThis: Next bundles instrumentation and route handlers separately.
const holder = globalThis as unknown as { __kefuLogger?: Logger };

/** The process's logger (level from `LOG_LEVEL`, default `info`), made on first use. */
export function rootLogger(): Logger {
  holder.__kefuLogger ??= createLogger();
  return holder.__kefuLogger;
}

/** The logger of a background worker: `worker` names it in every line. */
export function workerLogger(worker: string, parent: Logger = rootLogger()): Logger {
  return parent.child({ worker });
}

/**
 * The `(event, details)` callback services take for what they survive but operators should see
 * (`answer.provider_failed`, `handoff.summary_failed`), written through a logger: a request's
 * `ctx.log`, so the line carries its `requestId`.
 */
export function eventLog(logger: Logger, level: "info" | "warn" | "error" = "warn"): (event: string, details: Record<string, unknown>) => void {
  return (event, details) => logger[level](details, event);
}
