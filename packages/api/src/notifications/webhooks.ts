import { type Db } from "@kefu/db";
import { DomainError, notFound, pingData, type CreateWebhookRequest, type UpdateWebhookRequest } from "@kefu/domain";
import { bossFor, enqueueNotification } from "../platform/queue/queue.ts";
import { notificationsCommitted, queueDeliveries } from "./outbox.ts";
import { encryptSecret } from "../platform/secrets.ts";
import { newWebhookSecret } from "./webhook-signature.ts";

/**
 * Webhook endpoints of a tenant and their delivery log. The signing secret is stored encrypted
 * and returned only by create and rotateSecret; every query is scoped by tenant.
 */

/** The tenant is bound into the ciphertext: a secret copied to another tenant's row does not decrypt. */
export const webhookSecretContext = (tenantId: string) => `webhook:${tenantId}`;

const ENDPOINT = { id: true, url: true, events: true, enabled: true, createdAt: true, updatedAt: true } as const;

export interface WebhookEndpointView {
  id: string;
  url: string;
  events: string[];
  enabled: boolean;
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

export async function updateWebhookEndpoint(db: Db, tenantId: string, id: string, input: Omit<UpdateWebhookRequest, "id">): Promise<WebhookEndpointView> {
  const { count } = await db.webhookEndpoint.updateMany({
    where: { id, tenantId },
    data: {
      ...(input.url !== undefined ? { url: input.url } : {}),
      ...(input.events !== undefined ? { events: input.events } : {}),
      ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
    },
  });
  if (count === 0) throw notFound("webhook_endpoint");
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
} as const;

/** The 50 most recent deliveries of the tenant, or of one of its endpoints. */
export async function listDeliveries(db: Db, tenantId: string, endpointId?: string) {
  if (endpointId) await findEndpoint(db, tenantId, endpointId);
  return db.notificationDelivery.findMany({
    where: { tenantId, ...(endpointId ? { endpointId } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 50,
    select: DELIVERY,
  });
}

/** Puts a FAILED delivery back to PENDING and queues a new attempt (with a fresh retry budget). */
export async function redeliver(db: Db, tenantId: string, id: string) {
  const boss = await bossFor(db);
  await db.$transaction(async (tx) => {
    const row = await tx.notificationDelivery.findFirst({ where: { id, tenantId }, select: { status: true } });
    if (!row) throw notFound("delivery");
    const { count } = await tx.notificationDelivery.updateMany({ where: { id, tenantId, status: "FAILED" }, data: { status: "PENDING" } });
    if (count === 0) throw new DomainError("CONFLICT", "delivery_not_failed", "Only failed deliveries can be sent again.");
    await enqueueNotification(boss, tx, { tenantId, deliveryId: id });
  });
  notificationsCommitted(db);
  return db.notificationDelivery.findFirstOrThrow({ where: { id, tenantId }, select: DELIVERY });
}
