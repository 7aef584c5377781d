import { type Db } from "@kefu/db";
import { unsafeFoldAllTenants } from "./analytics/index.ts";
import { answerUnansweredMessages } from "./chat/index.ts";
import { handBackIdleConversations } from "./handoff/index.ts";
import { resyncDueSources, startIngestionWorker } from "./knowledge/index.ts";
import { startNotificationWorker } from "./notifications/index.ts";
import { unsafePruneTypingEvents } from "./platform/events/event-retention.ts";
import { unsafePurgeExpiredData } from "./privacy/index.ts";
import { runAutoSets } from "./regression/index.ts";
import { sendWeeklySummaries } from "./summary/index.ts";
import { eventLog, workerLogger } from "./platform/logger.ts";
import { rotateSecrets } from "./platform/secret-rotation.ts";
import { vacuumChangedTables } from "./platform/table-stats.ts";

/**
 * The background work of a deployment, started once per process that runs it (the admin app):
 * indexing documents added in the dashboard, delivering notifications (webhooks, e-mail), the
 * scheduled re-sync of web pages imported by URL, handing conversations whose agent went quiet
 * back to the bot, pruning old typing events, answering visitor messages left unanswered (at
 * start-up, then every 30 s: a request that failed, or a process that died mid-answer), and the
 * retention purge of tenants that set a retention period (a minute after start-up, then hourly),
 * re-encrypting secrets under the current KEFU_SECRET_KEY (at start-up), running regression test
 * sets after knowledge changes (the ingestion worker's hook once content settles) and the weekly
 * summary e-mail (hourly check, once a week per tenant).
 */
export function startBackgroundWork(db: Db): void {
  // Two slots: a large upload does not hold up the small ones behind it.
  // Once a knowledge base's content settles (calibrated again), its bots' auto-run test sets run.
  startIngestionWorker(db, { concurrency: 2, onKnowledgeSettled: (settled) => runAutoSets(db, settled) });
  startNotificationWorker(db);
  // Each periodic task logs its failures as JSON lines with its own `worker` binding.
  const periodic = (worker: string, work: () => Promise<unknown>) => {
    const logger = workerLogger(worker);
    return () => work().catch((error: unknown) => logger.error({ err: error }, `${worker}.failed`));
  };
  const unanswered = periodic("unanswered", () => answerUnansweredMessages(db, { log: eventLog(workerLogger("unanswered")) }));
  void unanswered();
  setInterval(() => void unanswered(), 30_000).unref();
  const resync = periodic("url-sync", () => resyncDueSources(db));
  setInterval(() => void resync(), 5 * 60_000).unref();
  const idle = periodic("handoff-idle", () => handBackIdleConversations(db));
  const pruneTyping = periodic("event-retention", () => unsafePruneTypingEvents(db));
  setInterval(() => {
    void idle();
    void pruneTyping();
  }, 60_000).unref();
  // The analytics rollup follows the event log (analytics/rollup.ts); reads catch up on their own
  // tenant too, so this only keeps the work small for them.
  // Then the rollup is vacuumed when it changed enough, so its reads stay index-only scans on the
  // embedded database, which has no autovacuum (platform/table-stats.ts).
  const analytics = periodic("analytics-rollup", async () => {
    await unsafeFoldAllTenants(db);
    await vacuumChangedTables(db, ["AnalyticsDaily"]);
  });
  setInterval(() => void analytics(), 15_000).unref();
  const retention = periodic("retention", () => unsafePurgeExpiredData(db));
  setTimeout(() => void retention(), 60_000).unref();
  setInterval(() => void retention(), 60 * 60_000).unref();
  // After a KEFU_SECRET_KEY change, secrets made with a previous key are re-encrypted under the
  // current one, once per start; its last line says whether the previous keys are still needed.
  // The weekly summary e-mail (with SMTP): hourly, each tenant once a week (claimed per week).
  const weekly = periodic("weekly-summary", () => sendWeeklySummaries(db));
  setTimeout(() => void weekly(), 2 * 60_000).unref();
  setInterval(() => void weekly(), 60 * 60_000).unref();
  const rotation = periodic("secret-rotation", () => rotateSecrets(db, { log: workerLogger("secret-rotation") }));
  void rotation();
}
