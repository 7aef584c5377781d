import { type Db } from "@kefu/db";
import { DomainError, notificationEmail, webhookBody, type NotificationData } from "@kefu/domain";
import { readApiEnv, type ApiEnv } from "../platform/env.ts";
import { rootLogger, type Logger } from "../platform/logger.ts";
import { type NotifyJobData } from "../platform/queue/queue.ts";
import { sendMail } from "./mailer.ts";
import { DEFAULT_WEB_FETCH_POLICY, PinnedRequestError, pinnedRequest, resolvePinnedTarget, type WebFetchPolicy } from "../platform/pinned-http.ts";
import { decryptSecret } from "../platform/secrets.ts";
import { signatureHeader } from "./webhook-signature.ts";
import { webhookSecretContext } from "./webhooks.ts";

/**
 * One attempt at delivering an outbox row. The outcome is written on the row; retrying is the
 * caller's business (the pg-boss job: notifications/worker.ts), told by the outcome.
 */
export interface DeliveryOptions {
  /** Where webhooks may connect: tests allow their loopback receiver, production only public addresses. */
  policy?: WebFetchPolicy;
  env?: Pick<ApiEnv, "KEFU_SMTP_URL" | "KEFU_MAIL_FROM">;
  /** No retry follows this attempt: a failure is final (FAILED). */
  lastAttempt?: boolean;
  now?: () => Date;
  /** Where unexpected failures are logged (a worker passes one bound to itself and the job); default: the process logger. */
  logger?: Logger;
}

/** delivered / failed (final) / retry (PENDING, try again later) / skipped (nothing to do). */
export type DeliveryOutcome = "delivered" | "failed" | "retry" | "skipped";

type AttemptResult = { ok: true; responseStatus?: number } | { ok: false; permanent: boolean; error: string; responseStatus?: number };

/** Webhook defaults: the import policy's addresses, ports and 10 s, a small response read. */
export const WEBHOOK_POLICY: WebFetchPolicy = { ...DEFAULT_WEB_FETCH_POLICY, maxBytes: 16 * 1024, maxRedirects: 0 };

export async function deliverNotification(db: Db, job: NotifyJobData, options: DeliveryOptions = {}): Promise<DeliveryOutcome> {
  const row = await db.notificationDelivery.findFirst({ where: { id: job.deliveryId, tenantId: job.tenantId } });
  if (!row || row.status !== "PENDING") return "skipped"; // delivered by an earlier attempt, or deleted
  const now = options.now ?? (() => new Date());
  let result: AttemptResult;
  let target = row.target;
  try {
    if (row.channel === "WEBHOOK") {
      const sent = await sendWebhook(db, row, options.policy ?? WEBHOOK_POLICY, now());
      target = sent.target;
      result = sent.result;
    } else {
      const mail = notificationEmail(row.event, row.payload as unknown as NotificationData);
      result = await sendMail(options.env ?? readApiEnv(), { to: row.target, ...mail });
    }
  } catch (error) {
    // Our own bug or the database: keep the row pending, pg-boss retries the job.
    result = { ok: false, permanent: false, error: error instanceof DomainError ? error.message : "Delivery failed unexpectedly." };
    if (!(error instanceof DomainError)) (options.logger ?? rootLogger()).error({ err: error, deliveryId: row.id }, "notifications.delivery_failed");
  }
  const final = result.ok || result.permanent || options.lastAttempt === true;
  const status = result.ok ? "DELIVERED" : final ? "FAILED" : "PENDING";
  await db.notificationDelivery.updateMany({
    where: { id: row.id, tenantId: row.tenantId, status: "PENDING" },
    data: {
      status,
      target,
      attempts: { increment: 1 },
      responseStatus: result.responseStatus ?? null,
      lastError: result.ok ? null : result.error,
      ...(result.ok ? { deliveredAt: now() } : {}),
    },
  });
  return result.ok ? "delivered" : final ? "failed" : "retry";
}

async function sendWebhook(
  db: Db,
  row: { id: string; tenantId: string; endpointId: string | null; target: string; event: string; payload: unknown; createdAt: Date },
  policy: WebFetchPolicy,
  now: Date,
): Promise<{ target: string; result: AttemptResult }> {
  const endpoint = row.endpointId
    ? await db.webhookEndpoint.findFirst({ where: { id: row.endpointId, tenantId: row.tenantId }, select: { url: true, enabled: true, secretCiphertext: true } })
    : null;
  if (!endpoint) return { target: row.target, result: { ok: false, permanent: true, error: "The endpoint was deleted." } };
  // The endpoint's current URL and secret: a fixed URL or a rotated secret applies to redeliveries.
  const target = endpoint.url;
  if (!endpoint.enabled && row.event !== "ping") return { target, result: { ok: false, permanent: true, error: "The endpoint is disabled." } };
  let secret: string;
  try {
    secret = decryptSecret(endpoint.secretCiphertext, webhookSecretContext(row.tenantId));
  } catch {
    return { target, result: { ok: false, permanent: true, error: "The signing secret cannot be decrypted (the server key changed?). Rotate the secret." } };
  }
  const body = webhookBody(row);
  try {
    const pinned = await resolvePinnedTarget(target, policy);
    const response = await pinnedRequest(pinned, {
      method: "POST",
      body,
      signal: AbortSignal.timeout(policy.timeoutMs),
      maxBytes: policy.maxBytes,
      overflow: "truncate",
      headers: {
        "content-type": "application/json; charset=utf-8",
        "content-length": String(Buffer.byteLength(body)),
        "user-agent": "Kefu-Webhooks/1.0",
        "kefu-event": row.event,
        "kefu-delivery": row.id,
        "kefu-signature": signatureHeader(secret, body, now),
      },
    });
    if (response.status >= 200 && response.status < 300) return { target, result: { ok: true, responseStatus: response.status } };
    const said = response.body.toString("utf8", 0, Math.min(response.body.length, 200)).trim();
    const redirect = response.status >= 300 && response.status < 400 ? " (redirects are not followed)" : "";
    return { target, result: { ok: false, permanent: false, responseStatus: response.status, error: `HTTP ${response.status}${redirect}${said ? `: ${said}` : ""}` } };
  } catch (error) {
    if (!(error instanceof PinnedRequestError)) throw error;
    return { target, result: webhookFailure(error, policy) };
  }
}

function webhookFailure(error: PinnedRequestError, policy: WebFetchPolicy): AttemptResult {
  switch (error.kind) {
    case "refused":
      // The URL or its address is not allowed: retrying changes nothing, and nothing was sent.
      return { ok: false, permanent: true, error: `Refused: ${error.detail || "private and local addresses cannot receive webhooks"}.`.replace(/\.\.$/, ".") };
    case "unreachable":
      return { ok: false, permanent: false, error: `Could not resolve ${error.detail}.` };
    case "timeout":
      return { ok: false, permanent: false, error: `No answer within ${policy.timeoutMs / 1000} seconds.` };
    case "too_large":
    case "network":
      return { ok: false, permanent: false, error: error.message };
  }
}
