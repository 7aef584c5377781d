export { WEBHOOK_POLICY } from "./delivery.ts";
export { sendMail } from "./mailer.ts";
export { notificationsCommitted, outboxFor, queueContactLeft, queueResolved, queueRuleEvent, type NotifyAction } from "./outbox.ts";
export { webhookRouter } from "./router.ts";
export { drainNotifications, startNotificationWorker, type NotificationWorker, type NotificationWorkerOptions } from "./worker.ts";
