export { clientOf, createApiContext, foreignOrigin, requestIdFrom, type ApiContext, type RequestClient } from "./platform/context.ts";
// Serving the routers over HTTP (the apps' /api/trpc route handlers), with the request id.
export { PUBLIC_MAX_BODY_BYTES, serveTrpc } from "./platform/trpc-http.ts";
export { stampPeerAddresses } from "./platform/client-ip.ts";
// Structured logs (pino) and the apps' health endpoints (/api/health/live, /api/health/ready).
export { createLogger, rootLogger, type Logger } from "./platform/logger.ts";
// Graceful shutdown of an app process (its instrumentation installs it).
export { beginShutdown, drainOnShutdownSignals, shutdownSignal, SHUTDOWN_GRACE_MS } from "./platform/shutdown.ts";
export { checkReadiness, livenessResponse, readinessResponse, type HealthCheck, type Readiness } from "./platform/health.ts";
export type { AdminRouter } from "./admin.ts";
export type { PublicRouter } from "./public.ts";
export type { ErrorShapeData } from "./platform/errors.ts";
// What a process runs in the background (the admin app starts it).
export { startBackgroundWork } from "./background.ts";
export { staffAttachmentResponse, visitorAttachmentResponse, visitorImageLinksResponse, visitorUploadResponse, VISITOR_TOKEN_HEADER } from "./attachments/index.ts";
// Draining the background queues, for tests, eval and bench.
export { drainIngestion, type IngestionWorker, type IngestionWorkerOptions } from "./knowledge/index.ts";
export { drainNotifications, type NotificationWorker, type NotificationWorkerOptions } from "./notifications/index.ts";
// The demo workspace `npm start -- --demo` seeds (scripts/demo.mts).
export { DEMO_ACCOUNT, seedDemo, type DemoSeedResult } from "./demo/index.ts";
// KEFU_SECRET_KEY rotation: re-encrypting stored secrets under the current key (`npm run secrets:rotate`).
export { rotateSecrets, secretKeyUsage } from "./platform/secret-rotation.ts";
export { ENCRYPTED_COLUMNS } from "./platform/encrypted-columns.ts";
export { secretKeyring } from "./platform/secrets.ts";
