// Next.js calls register() once when the admin server process starts.
// The admin process also runs the background work: the ingestion worker (documents
// added in the dashboard are indexed here; packages/api/src/jobs/ingestion-worker.ts)
// the scheduled re-sync of web pages imported by URL, handing conversations whose agent went
// quiet back to the bot, pruning old typing events, and delivering notifications (webhooks, e-mail).
export async function register() {
  // The literal check lets Next drop the Node-only imports from its edge build.
  // eslint-disable-next-line no-restricted-properties -- Next's runtime marker, not configuration
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const holder = globalThis as unknown as { __kefuBackgroundWork?: true };
  if (holder.__kefuBackgroundWork) return; // dev hot reload: one worker per process
  holder.__kefuBackgroundWork = true;
  const [{ handBackIdleConversations, resyncDueSources, unsafePruneTypingEvents, startIngestionWorker, startNotificationWorker }, { getDb }] = await Promise.all([
    import("@kefu/api"),
    import("@kefu/db"),
  ]);
  const db = getDb();
  // Two slots: a large upload does not hold up the small ones behind it.
  startIngestionWorker(db, { concurrency: 2 });
  // Webhooks and e-mail of escalation rules, resolved conversations and left messages.
  startNotificationWorker(db);
  const resync = () => resyncDueSources(db).catch((error: unknown) => console.error("[url-sync]", error));
  setInterval(() => void resync(), 5 * 60_000).unref();
  const idle = () => handBackIdleConversations(db).catch((error: unknown) => console.error("[handoff]", error));
  const pruneTyping = () => unsafePruneTypingEvents(db).catch((error: unknown) => console.error("[event-retention]", error));
  setInterval(() => {
    void idle();
    void pruneTyping();
  }, 60_000).unref();
}
