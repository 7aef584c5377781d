export { createApiContext, type ApiContext } from "./platform/context.ts";
export type { AdminRouter } from "./admin.ts";
export type { PublicRouter } from "./public.ts";
export type { ErrorShapeData } from "./platform/errors.ts";
// What a process runs in the background (the admin app starts it).
export { startBackgroundWork } from "./background.ts";
// Draining the background queues, for tests, eval and bench.
export { drainIngestion, type IngestionWorker, type IngestionWorkerOptions } from "./knowledge/index.ts";
export { drainNotifications, type NotificationWorker, type NotificationWorkerOptions } from "./notifications/index.ts";
