import { type DbTx } from "@kefu/db";
import { AUDIT_EVENTS, endpointDisabledData, shouldDisableEndpoint, webhookSettingsUrl } from "@kefu/domain";
import { adminEmails, dashboardUrl, queueDeliveries, type Outbox } from "./outbox.ts";
import { recordAudit } from "../platform/audit-trail.ts";

/**
 * The health of a webhook endpoint, kept from the outcome of each attempt (test pings aside): the
 * first failure since the last success and the deliveries that ended FAILED since then. When
 * the rule of packages/domain (`shouldDisableEndpoint`: 24 h without success and 5 failed
 * deliveries in a row) says so, the endpoint is disabled: its queued deliveries are not
 * attempted (FAILED, "not sent", redeliverable), its owners and admins get an e-mail, and the audit
 * log an entry with no actor (webhook.auto_disabled). The settings page shows the notice and
 * re-enables with one click (webhooks.ts).
 */

export const ENDPOINT_DISABLED = "Not sent: the endpoint is disabled.";
export const ENDPOINT_DELETED = "Not sent: the endpoint was deleted.";
/** `disabledReason` of an endpoint Kefu disabled for failing. */
export const DISABLED_FOR_FAILING = "failing";

export async function recordEndpointHealth(
  outbox: Outbox,
  endpointId: string,
  outcome: { at: Date; deliveryId: string; ok: boolean; deliveryFailed: boolean; lastError: string | null },
): Promise<"healthy" | "failing" | "disabled"> {
  const { tx, tenantId } = outbox;
  // Only an enabled endpoint keeps a health record: the one of a disabled endpoint stays as it was when it stopped.
  const mine = { id: endpointId, tenantId, enabled: true };
  if (outcome.ok) {
    await tx.webhookEndpoint.updateMany({
      where: { ...mine, OR: [{ failingSince: { not: null } }, { failedDeliveries: { gt: 0 } }] },
      data: { failingSince: null, failedDeliveries: 0 },
    });
    return "healthy";
  }
  await tx.webhookEndpoint.updateMany({ where: { ...mine, failingSince: null }, data: { failingSince: outcome.at } });
  if (outcome.deliveryFailed) await tx.webhookEndpoint.updateMany({ where: mine, data: { failedDeliveries: { increment: 1 } } });
  const endpoint = await tx.webhookEndpoint.findFirst({ where: mine, select: { id: true, url: true, failingSince: true, failedDeliveries: true } });
  if (!endpoint || !shouldDisableEndpoint(endpoint, outcome.at)) return "failing";
  await disableFailingEndpoint(outbox, { ...endpoint, failingSince: endpoint.failingSince! }, outcome);
  return "disabled";
}

async function disableFailingEndpoint(
  outbox: Outbox,
  endpoint: { id: string; url: string; failingSince: Date; failedDeliveries: number },
  outcome: { at: Date; deliveryId: string; lastError: string | null },
) {
  const { tx, tenantId } = outbox;
  const { count } = await tx.webhookEndpoint.updateMany({
    where: { id: endpoint.id, tenantId, enabled: true },
    data: { enabled: false, disabledAt: outcome.at, disabledReason: DISABLED_FOR_FAILING },
  });
  if (count === 0) return;
  await recordAudit(tx, {
    tenantId,
    actor: null,
    action: AUDIT_EVENTS.webhookAutoDisabled,
    targetIds: [endpoint.id],
    outcome: "success",
    details: { url: endpoint.url, failingSince: endpoint.failingSince, failedDeliveries: endpoint.failedDeliveries, lastError: outcome.lastError },
  });
  await skipQueuedDeliveries(tx, tenantId, endpoint.id, outcome.deliveryId);
  const payload = endpointDisabledData({
    endpoint,
    disabledAt: outcome.at,
    failingSince: endpoint.failingSince,
    failedDeliveries: endpoint.failedDeliveries,
    lastError: outcome.lastError,
    settingsUrl: webhookSettingsUrl(dashboardUrl()),
  });
  const owners = await adminEmails(tx, tenantId);
  await queueDeliveries(
    outbox,
    owners.map((target) => ({ channel: "EMAIL" as const, endpointId: endpoint.id, target, event: "endpoint.disabled" as const, payload })),
  );
}

/**
 * The deliveries still waiting for an attempt at a disabled endpoint end FAILED without one (test
 * pings aside); once it is enabled again they can be redelivered. The attempt in progress records its own outcome.
 */
export function skipQueuedDeliveries(tx: DbTx, tenantId: string, endpointId: string, inProgress?: string) {
  return tx.notificationDelivery.updateMany({
    where: { tenantId, endpointId, channel: "WEBHOOK", status: "PENDING", event: { not: "ping" }, ...(inProgress ? { id: { not: inProgress } } : {}) },
    data: { status: "FAILED", lastError: ENDPOINT_DISABLED, nextAttemptAt: null },
  });
}
