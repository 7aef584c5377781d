// Next.js calls register() once when the admin server process starts. The admin process runs
// the background work (packages/api/src/background.ts): ingestion, notifications, re-syncs,
// hand-backs of idle conversations, typing-event pruning. On SIGTERM or SIGINT the process drains
// (open event streams end so that the inbox reconnects, requests in flight get a short grace
// period) and then exits (packages/api/src/platform/shutdown.ts).
export async function register() {
  // The literal check lets Next drop the Node-only imports from its edge build.
  // eslint-disable-next-line no-restricted-properties -- Next's runtime marker, not configuration
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const holder = globalThis as unknown as { __kefuBackgroundWork?: true };
  if (holder.__kefuBackgroundWork) return; // dev hot reload: one worker per process
  holder.__kefuBackgroundWork = true;
  const [{ drainOnShutdownSignals, stampPeerAddresses, startBackgroundWork }, { getDb }] = await Promise.all([import("@kefu/api"), import("@kefu/db")]);
  // Per-IP rate limits read the TCP peer's address from a header stamped on each request.
  stampPeerAddresses();
  drainOnShutdownSignals();
  startBackgroundWork(getDb());
}
