import { rootLogger } from "./logger.ts";

/**
 * Graceful shutdown of an app process (docs/architecture.md, Operability). On SIGTERM or SIGINT
 * the process drains: open event streams end at once (the clients reconnect, to another replica
 * or to this one once it is back), requests in flight (a streamed answer) get a short grace
 * period, then the process exits even if something is still open. Next's own handler meanwhile
 * stops accepting connections and exits as soon as the open ones are done.
 */
export const SHUTDOWN_GRACE_MS = 2500;

// One per process, kept on globalThis: Next bundles instrumentation and route handlers separately.
const holder = globalThis as unknown as { __kefuShutdown?: { controller: AbortController; installed: boolean } };

function state() {
  holder.__kefuShutdown ??= { controller: new AbortController(), installed: false };
  return holder.__kefuShutdown;
}

/** Aborted once the process has begun to stop: long-lived streams end when it fires. */
export function shutdownSignal(): AbortSignal {
  return state().controller.signal;
}

/** Starts draining (what a signal does; tests call it directly). */
export function beginShutdown(reason = "shutdown"): void {
  const { controller } = state();
  if (!controller.signal.aborted) controller.abort(reason);
}

/**
 * Drains on SIGTERM and SIGINT: ends the streams, and exits after `graceMs` whatever is still in
 * flight (128 + the signal's number, as Next does). Installed once per process, from the apps'
 * instrumentation.
 */
export function drainOnShutdownSignals(options: { graceMs?: number; exit?: (code: number) => void } = {}): void {
  const current = state();
  if (current.installed) return;
  current.installed = true;
  const graceMs = options.graceMs ?? SHUTDOWN_GRACE_MS;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const onSignal = (signal: NodeJS.Signals) => {
    if (current.controller.signal.aborted) return;
    const log = rootLogger().child({ component: "shutdown" });
    log.info({ signal, graceMs }, "shutdown.draining");
    beginShutdown(signal);
    setTimeout(() => {
      log.warn({ signal }, "shutdown.grace_over");
      exit(signal === "SIGINT" ? 130 : 143);
    }, graceMs);
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}

/**
 * What a stream throws to end so that its client reconnects (the server is stopping, or the
 * database is briefly away): tRPC closes the response without an error or "return" event, which
 * an EventSource answers by reconnecting with its last event id.
 */
export function reconnectLater(reason: string): Error {
  return new DOMException(reason, "AbortError");
}
