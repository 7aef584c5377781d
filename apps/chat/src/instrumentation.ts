// Next.js calls register() once when the chat server process starts: on SIGTERM or SIGINT the
// process drains (open event streams end so that widgets reconnect, answers in flight get a
// short grace period) and then exits (packages/api/src/platform/shutdown.ts).
export async function register() {
  // The literal check lets Next drop the Node-only imports from its edge build.
  // eslint-disable-next-line no-restricted-properties -- Next's runtime marker, not configuration
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { drainOnShutdownSignals, stampPeerAddresses } = await import("@kefu/api");
  // Per-IP rate limits read the TCP peer's address from a header stamped on each request.
  stampPeerAddresses();
  drainOnShutdownSignals();
}
