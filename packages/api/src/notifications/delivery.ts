import { type Db } from "@kefu/db";
import { DomainError, nextDeliveryAttemptAt, notificationEmail, webhookBody, type NotificationData } from "@kefu/domain";
import { readApiEnv, type ApiEnv } from "../platform/env.ts";
import { rootLogger, type Logger } from "../platform/logger.ts";
import { bossFor, completeNotificationJob, enqueueNotification, type NotifyJobData } from "../platform/queue/queue.ts";
import { sendMail } from "./mailer.ts";
import { DEFAULT_WEB_FETCH_POLICY, PinnedRequestError, pinnedRequest, resolvePinnedTarget, type WebFetchPolicy } from "../platform/pinned-http.ts";
import { decryptSecret } from "../platform/secrets.ts";
import { signatureHeader } from "./webhook-signature.ts";
import { ENDPOINT_DELETED, ENDPOINT_DISABLED, recordEndpointHealth } from "./endpoint-health.ts";
import { webhookSecretContext } from "./webhooks.ts";

/**
 * One attempt at delivering an outbox row. The outcome is recorded in one transaction: the row,
 * the attempt in its history, the endpoint's health (endpoint-health.ts, which may disable it),
 * the next attempt of the retry schedule (packages/domain notifications/retry.ts) queued with
 * `startAfter`, and the completion of this attempt's job.
 */
export interface DeliveryOptions {
  /** Where webhooks may connect: tests allow their loopback receiver, production only public addresses. */
  policy?: WebFetchPolicy;
  env?: Pick<ApiEnv, "KEFU_SMTP_URL" | "KEFU_MAIL_FROM">;
  now?: () => Date;
  /** The jitter of the retry schedule, in [0, 1) (default Math.random; tests pass a constant). */
  random?: () => number;
  /** The pg-boss job of this attempt, completed in the transaction that records its outcome. */
  jobId?: string;
  /** Where unexpected failures are logged (a worker passes one bound to itself and the job); default: the process logger. */
  logger?: Logger;
}

/** delivered / failed (final) / retry (PENDING, the next attempt is queued) / skipped (nothing to do). */
export type DeliveryOutcome = "delivered" | "failed" | "retry" | "skipped";

type AttemptResult =
  | { ok: true; responseStatus?: number }
  | { ok: false; permanent: boolean; error: string; responseStatus?: number; notSent?: boolean };

/** Webhook defaults: the import policy's addresses, ports and 10 s, a small response read. */
export const WEBHOOK_POLICY: WebFetchPolicy = { ...DEFAULT_WEB_FETCH_POLICY, maxBytes: 16 * 1024, maxRedirects: 0 };

export async function deliverNotification(db: Db, job: NotifyJobData, options: DeliveryOptions = {}): Promise<DeliveryOutcome> {
  const row = await db.notificationDelivery.findFirst({ where: { id: job.deliveryId, tenantId: job.tenantId } });
  if (!row || row.status !== "PENDING") return "skipped"; // delivered by an earlier attempt, failed for good, or deleted
  const now = options.now ?? (() => new Date());
  const attempt = job.attempt ?? 1;
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
    // Our own bug or the database: a failed attempt like any other, tried again on the schedule.
    result = { ok: false, permanent: false, error: error instanceof DomainError ? error.message : "Delivery failed unexpectedly." };
    if (!(error instanceof DomainError)) (options.logger ?? rootLogger()).error({ err: error, deliveryId: row.id }, "notifications.delivery_failed");
  }
  const at = now();
  const boss = await bossFor(db); // before the transaction (queue.ts)
  const key = { id: row.id, tenantId: row.tenantId, status: "PENDING" as const };
  return db.$transaction(async (tx) => {
    const done = (outcome: DeliveryOutcome) => (options.jobId ? completeNotificationJob(boss, tx, options.jobId, { outcome }) : Promise.resolve()).then(() => outcome);
    if (!result.ok && result.notSent) {
      // Nothing went out (the endpoint is disabled or deleted): no attempt is counted; it can be redelivered.
      await tx.notificationDelivery.updateMany({ where: key, data: { status: "FAILED", target, lastError: result.error, nextAttemptAt: null } });
      return done("failed");
    }
    let next = result.ok || result.permanent ? null : nextDeliveryAttemptAt(attempt, at, (options.random ?? Math.random)());
    if (row.channel === "WEBHOOK" && row.endpointId && row.event !== "ping") {
      const health = await recordEndpointHealth({ boss, tx, tenantId: row.tenantId }, row.endpointId, {
        at,
        deliveryId: row.id,
        ok: result.ok,
        deliveryFailed: !result.ok && next === null,
        lastError: result.ok ? null : result.error,
      });
      if (health === "disabled") next = null; // nothing more goes to a disabled endpoint
    }
    const status = result.ok ? "DELIVERED" : next ? "PENDING" : "FAILED";
    const { count } = await tx.notificationDelivery.updateMany({
      where: key,
      data: {
        status,
        target,
        attempts: { increment: 1 },
        responseStatus: result.responseStatus ?? null,
        lastError: result.ok ? null : result.error,
        lastAttemptAt: at,
        nextAttemptAt: next,
        ...(result.ok ? { deliveredAt: at } : {}),
      },
    });
    if (count > 0) {
      await tx.notificationAttempt.create({
        data: {
          tenantId: row.tenantId,
          deliveryId: row.id,
          attemptedAt: at,
          ok: result.ok,
          responseStatus: result.responseStatus ?? null,
          error: result.ok ? null : result.error,
          nextAttemptAt: next,
        },
      });
      if (next) await enqueueNotification(boss, tx, { tenantId: row.tenantId, deliveryId: row.id, attempt: attempt + 1 }, { startAfter: next });
    }
    return done(result.ok ? "delivered" : next ? "retry" : "failed");
  });
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
  if (!endpoint) return { target: row.target, result: { ok: false, permanent: true, notSent: true, error: ENDPOINT_DELETED } };
  // The endpoint's current URL and secret: a fixed URL or a rotated secret applies to redeliveries.
  const target = endpoint.url;
  if (!endpoint.enabled && row.event !== "ping") return { target, result: { ok: false, permanent: true, notSent: true, error: ENDPOINT_DISABLED } };
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
