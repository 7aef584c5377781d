import { type Db } from "@kefu/db";
import { DomainError, notFound, pingData, type CreateWebhookRequest, type UpdateWebhookRequest } from "@kefu/domain";
import { bossFor, enqueueNotification } from "../platform/queue/queue.ts";
import { skipQueuedDeliveries } from "./endpoint-health.ts";
import { notificationsCommitted, queueDeliveries } from "./outbox.ts";
import { SECRET_CONTEXTS } from "../platform/encrypted-columns.ts";
import { encryptSecret } from "../platform/secrets.ts";
import { newWebhookSecret } from "./webhook-signature.ts";

/**
 * Webhook endpoints of a tenant and their delivery log. The signing secret is stored encrypted
 * and returned only by create and rotateSecret; every query is scoped by tenant.
 */

/** The tenant is bound into the ciphertext: a secret copied to another tenant's row does not decrypt. */
export const webhookSecretContext = SECRET_CONTEXTS.webhookSecret;

const ENDPOINT = {
  id: true,
  url: true,
  events: true,
  enabled: true,
  failingSince: true,
  failedDeliveries: true,
  disabledAt: true,
  disabledReason: true,
  createdAt: true,
  updatedAt: true,
} as const;

export interface WebhookEndpointView {
  id: string;
  url: string;
  events: string[];
  enabled: boolean;
  /** The first failed attempt since the last success (null while it answers); see endpoint-health.ts. */
  failingSince: Date | null;
  failedDeliveries: number;
  /** When Kefu disabled it, and why ("failing"); null when enabled or switched off by hand. */
  disabledAt: Date | null;
  disabledReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

async function findEndpoint(db: Db, tenantId: string, id: string): Promise<WebhookEndpointView> {
  const row = await db.webhookEndpoint.findFirst({ where: { id, tenantId }, select: ENDPOINT });
  if (!row) throw notFound("webhook_endpoint");
  return row;
}

export function listWebhookEndpoints(db: Db, tenantId: string): Promise<WebhookEndpointView[]> {
  return db.webhookEndpoint.findMany({ where: { tenantId }, orderBy: { createdAt: "asc" }, select: ENDPOINT });
}

/** Creates an endpoint; the only time (with rotateSecret) its secret is returned. */
export async function createWebhookEndpoint(db: Db, tenantId: string, input: CreateWebhookRequest) {
  const secret = newWebhookSecret();
  // Encrypt first: a server without a key fails before anything is written.
  const secretCiphertext = encryptSecret(secret, webhookSecretContext(tenantId));
  const endpoint = await db.webhookEndpoint.create({ data: { tenantId, url: input.url, events: input.events, secretCiphertext }, select: ENDPOINT });
  return { endpoint, secret };
}

/**
 * Changes an endpoint. Switching it off skips its queued deliveries (endpoint-health.ts);
 * switching it on, after it was disabled by hand or for failing, starts a clean health record.
 */
export async function updateWebhookEndpoint(db: Db, tenantId: string, id: string, input: Omit<UpdateWebhookRequest, "id">): Promise<WebhookEndpointView> {
  await db.$transaction(async (tx) => {
    const fields = {
      ...(input.url !== undefined ? { url: input.url } : {}),
      ...(input.events !== undefined ? { events: input.events } : {}),
    };
    const found = Object.keys(fields).length
      ? (await tx.webhookEndpoint.updateMany({ where: { id, tenantId }, data: fields })).count
      : await tx.webhookEndpoint.count({ where: { id, tenantId } });
    if (found === 0) throw notFound("webhook_endpoint");
    if (input.enabled === true) {
      await tx.webhookEndpoint.updateMany({
        where: { id, tenantId, enabled: false },
        data: { enabled: true, disabledAt: null, disabledReason: null, failingSince: null, failedDeliveries: 0 },
      });
    } else if (input.enabled === false) {
      const off = await tx.webhookEndpoint.updateMany({ where: { id, tenantId, enabled: true }, data: { enabled: false } });
      if (off.count > 0) await skipQueuedDeliveries(tx, tenantId, id);
    }
  });
  return findEndpoint(db, tenantId, id);
}

/** Deletes an endpoint; its deliveries stay in the log (pending ones then fail: "deleted"). */
export async function deleteWebhookEndpoint(db: Db, tenantId: string, id: string) {
  const { count } = await db.webhookEndpoint.deleteMany({ where: { id, tenantId } });
  if (count === 0) throw notFound("webhook_endpoint");
  return { ok: true as const };
}

export async function rotateWebhookSecret(db: Db, tenantId: string, id: string) {
  const secret = newWebhookSecret();
  const secretCiphertext = encryptSecret(secret, webhookSecretContext(tenantId));
  const { count } = await db.webhookEndpoint.updateMany({ where: { id, tenantId }, data: { secretCiphertext } });
  if (count === 0) throw notFound("webhook_endpoint");
  return { endpoint: await findEndpoint(db, tenantId, id), secret };
}

/** Queues a `ping` to one endpoint (even a disabled one: test before switching it on). */
export async function sendTestWebhook(db: Db, tenantId: string, id: string) {
  const endpoint = await findEndpoint(db, tenantId, id);
  const boss = await bossFor(db);
  const [deliveryId] = await db.$transaction((tx) =>
    queueDeliveries({ boss, tx, tenantId }, [{ channel: "WEBHOOK", endpointId: endpoint.id, target: endpoint.url, event: "ping", payload: pingData(endpoint.id) }]),
  );
  notificationsCommitted(db);
  return { deliveryId: deliveryId! };
}

const DELIVERY = {
  id: true,
  channel: true,
  endpointId: true,
  target: true,
  event: true,
  status: true,
  attempts: true,
  lastError: true,
  responseStatus: true,
  createdAt: true,
  deliveredAt: true,
  lastAttemptAt: true,
  nextAttemptAt: true,
} as const;

/** The history shown with each delivery: its most recent attempts. */
const ATTEMPTS_SHOWN = 30;

/** The 50 most recent deliveries of the tenant, or of one of its endpoints, each with its latest attempts (newest first). */
export async function listDeliveries(db: Db, tenantId: string, endpointId?: string) {
  if (endpointId) await findEndpoint(db, tenantId, endpointId);
  return db.notificationDelivery.findMany({
    where: { tenantId, ...(endpointId ? { endpointId } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 50,
    select: {
      ...DELIVERY,
      attemptLog: {
        where: { tenantId },
        orderBy: [{ attemptedAt: "desc" }, { id: "desc" }],
        take: ATTEMPTS_SHOWN,
        select: { id: true, attemptedAt: true, ok: true, responseStatus: true, error: true, nextAttemptAt: true },
      },
    },
  });
}

/**
 * Puts a FAILED delivery back to PENDING and queues its first attempt of a fresh retry schedule
 * (attempts keep counting in the history). A webhook to a disabled endpoint waits until it is enabled again.
 */
export async function redeliver(db: Db, tenantId: string, id: string) {
  const boss = await bossFor(db);
  await db.$transaction(async (tx) => {
    const row = await tx.notificationDelivery.findFirst({ where: { id, tenantId }, select: { status: true, channel: true, event: true, endpointId: true } });
    if (!row) throw notFound("delivery");
    if (row.status !== "FAILED") throw new DomainError("CONFLICT", "delivery_not_failed", "Only failed deliveries can be sent again.");
    if (row.channel === "WEBHOOK" && row.event !== "ping" && row.endpointId) {
      const endpoint = await tx.webhookEndpoint.findFirst({ where: { id: row.endpointId, tenantId }, select: { enabled: true } });
      if (endpoint && !endpoint.enabled) throw new DomainError("CONFLICT", "endpoint_disabled", "The endpoint is disabled: enable it, then redeliver.");
    }
    const { count } = await tx.notificationDelivery.updateMany({ where: { id, tenantId, status: "FAILED" }, data: { status: "PENDING", nextAttemptAt: null } });
    if (count === 0) throw new DomainError("CONFLICT", "delivery_not_failed", "Only failed deliveries can be sent again.");
    await enqueueNotification(boss, tx, { tenantId, deliveryId: id, attempt: 1 });
  });
  notificationsCommitted(db);
  return db.notificationDelivery.findFirstOrThrow({ where: { id, tenantId }, select: DELIVERY });
}
