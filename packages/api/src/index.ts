export { createApiContext, type ApiContext } from "./context.ts";
export type { AdminRouter } from "./admin/index.ts";
export type { PublicRouter } from "./public/index.ts";
export type { ErrorShapeData } from "./errors.ts";
// Background ingestion: the worker the admin app starts, and draining for tests, eval and bench.
export { startIngestionWorker, drainIngestion, type IngestionWorker, type IngestionWorkerOptions } from "./jobs/ingestion-worker.ts";
// Scheduled re-sync of web pages imported by URL: the background worker calls this periodically.
export { resyncDueSources } from "./services/url-sync.ts";
export { handBackIdleConversations } from "./services/handoff.ts";
// Typing indicators are ephemeral: the admin process prunes old ones every minute.
export { unsafePruneTypingEvents } from "./services/event-retention.ts";
// Notification delivery (webhooks, e-mail): the worker the admin app starts, and draining for tests.
export { startNotificationWorker, drainNotifications, type NotificationWorker, type NotificationWorkerOptions } from "./jobs/notification-worker.ts";
