import type { Db, DbTx, Prisma } from "@kefu/db";
import {
  contactLeftData,
  escalationData,
  inboxUrl,
  resolvedData,
  type Action,
  type EscalationReason,
  type NotificationData,
  type NotificationEvent,
  type WebhookEvent,
} from "@kefu/domain";
import type PgBoss from "pg-boss";
import { readApiEnv } from "../platform/env.ts";
import { bossFor, enqueueNotification, kickNotifications } from "../platform/queue/queue.ts";

/**
 * The notification outbox: rows written in the transaction of the change they report, each with
 * its pg-boss delivery job (notifications/worker.ts), so a notification exists if and only if
 * the change committed. Callers get the boss before opening the transaction (platform/queue/queue.ts).
 */

export type NotifyAction = Extract<Action, { kind: "notify" }>;

interface OutboxRow {
  channel: "WEBHOOK" | "EMAIL";
  endpointId: string | null;
  target: string;
  event: NotificationEvent;
  payload: NotificationData;
}

/**
 * Where notifications are queued: the tenant's outbox inside the caller's transaction `tx`, with
 * `boss` from `bossFor(db)` awaited before that transaction opened (see enqueueNotification).
 */
export interface Outbox {
  boss: PgBoss;
  tx: DbTx;
  tenantId: string;
}

/** Writes outbox rows and enqueues their delivery, inside the caller's transaction. */
export async function queueDeliveries({ boss, tx, tenantId }: Outbox, rows: OutboxRow[]): Promise<string[]> {
  const ids: string[] = [];
  for (const row of rows) {
    const { id } = await tx.notificationDelivery.create({
      data: { tenantId, ...row, payload: row.payload as unknown as Prisma.InputJsonValue },
      select: { id: true },
    });
    await enqueueNotification(boss, tx, { tenantId, deliveryId: id });
    ids.push(id);
  }
  return ids;
}

/** Tells this process's notification worker there is work, after the transaction committed. */
export const notificationsCommitted = kickNotifications;

function subscribed(tx: DbTx, tenantId: string, event: WebhookEvent) {
  return tx.webhookEndpoint.findMany({
    where: { tenantId, enabled: true, events: { has: event } },
    orderBy: { createdAt: "asc" },
    select: { id: true, url: true },
  });
}

/**
 * The boss to queue `event` with, or null when no endpoint of the tenant subscribes to it: the
 * common case costs one small query and never touches the queue.
 */
export async function outboxFor(db: Db, tenantId: string, event: WebhookEvent): Promise<PgBoss | null> {
  const any = await db.webhookEndpoint.findFirst({ where: { tenantId, enabled: true, events: { has: event } }, select: { id: true } });
  return any ? bossFor(db) : null;
}

/** Queues `event` to every enabled endpoint subscribed to it (optionally only the one at `url`). */
async function queueWebhooks(outbox: Outbox, notice: { event: WebhookEvent; payload: NotificationData; onlyUrls?: string[] }) {
  const { event, payload, onlyUrls } = notice;
  const endpoints = (await subscribed(outbox.tx, outbox.tenantId, event)).filter((e) => !onlyUrls || onlyUrls.includes(e.url));
  return queueDeliveries(
    outbox,
    endpoints.map((e) => ({ channel: "WEBHOOK", endpointId: e.id, target: e.url, event, payload })),
  );
}

/** Where e-mail notifications without a target go: the tenant's owners and admins. */
export async function adminEmails(tx: DbTx, tenantId: string): Promise<string[]> {
  const members = await tx.membership.findMany({
    where: { tenantId, role: { in: ["OWNER", "ADMIN"] } },
    orderBy: { createdAt: "asc" },
    select: { user: { select: { email: true } } },
  });
  return members.map((m) => m.user.email);
}

/**
 * A rule's notify actions: webhooks to the endpoints subscribed to the event (a `target` narrows
 * them to the tenant's endpoint with that URL, never an arbitrary URL), e-mail to the `target`
 * address or the owners and admins. One delivery per endpoint or address, however many actions.
 */
export async function queueRuleNotifications(outbox: Outbox, notice: { event: WebhookEvent; payload: NotificationData; actions: NotifyAction[] }) {
  const { event, payload, actions } = notice;
  const { tx, tenantId } = outbox;
  const hooks = actions.filter((a) => a.channel === "webhook");
  const ids: string[] = [];
  if (hooks.length) {
    const anyEndpoint = hooks.some((a) => !a.target);
    ids.push(...(await queueWebhooks(outbox, { event, payload, onlyUrls: anyEndpoint ? undefined : hooks.map((a) => a.target!) })));
  }
  const mails = actions.filter((a) => a.channel === "email");
  if (mails.length) {
    const addresses = new Set<string>();
    for (const action of mails) for (const address of action.target ? [action.target] : await adminEmails(tx, tenantId)) addresses.add(address.trim().toLowerCase());
    ids.push(
      ...(await queueDeliveries(
        outbox,
        [...addresses].map((target) => ({ channel: "EMAIL", endpointId: null, target, event, payload })),
      )),
    );
  }
  return ids;
}

/** The admin dashboard's address (NEXTAUTH_URL), for links in notifications; null when unset. */
export function dashboardUrl(): string | null {
  try {
    return readApiEnv().NEXTAUTH_URL ?? null;
  } catch {
    return null; // a broken env elsewhere must not stop a handoff: the link is a convenience
  }
}

const CONVERSATION_FACTS = {
  id: true,
  status: true,
  priority: true,
  tags: true,
  contactEmail: true,
  handoffSummary: true,
  escalationReason: true,
  assigneeId: true,
  bot: { select: { id: true, name: true } },
  team: { select: { id: true, name: true } },
} as const;

async function conversationFacts(tx: DbTx, tenantId: string, conversationId: string) {
  return tx.conversation.findFirstOrThrow({ where: { id: conversationId, tenantId }, select: CONVERSATION_FACTS });
}

export interface RuleNotification {
  actions: NotifyAction[];
  ruleId: string | null;
  reason: EscalationReason | null;
  /** Whether the rule handed the conversation over (escalated) or only notified (flagged). */
  escalated: boolean;
  queue: { position: number | null; offline: boolean };
}

/** `conversation.escalated` / `conversation.flagged` of a rule's notify actions, read after the change in `tx`. */
export async function queueRuleEvent(outbox: Outbox, conversationId: string, notice: RuleNotification) {
  const { tx, tenantId } = outbox;
  const c = await conversationFacts(tx, tenantId, conversationId);
  const rule = notice.ruleId
    ? await tx.escalationRule.findFirst({ where: { id: notice.ruleId, tenantId }, select: { id: true, name: true } })
    : null;
  const payload = escalationData({
    conversation: c,
    bot: c.bot,
    reason: notice.reason ?? c.escalationReason,
    rule,
    summary: notice.escalated ? c.handoffSummary : null,
    queue: notice.queue,
    url: inboxUrl(dashboardUrl(), c.id),
  });
  return queueRuleNotifications(outbox, { event: notice.escalated ? "conversation.escalated" : "conversation.flagged", payload, actions: notice.actions });
}

/** `conversation.resolved` to subscribed endpoints; `agentId` is who had it before it was resolved. */
export async function queueResolved(outbox: Outbox, resolved: { conversationId: string; agentId: string | null; now: Date }) {
  const c = await conversationFacts(outbox.tx, outbox.tenantId, resolved.conversationId);
  const payload = resolvedData({ conversation: c, bot: c.bot, agentId: resolved.agentId, resolvedAt: resolved.now, url: inboxUrl(dashboardUrl(), c.id) });
  return queueWebhooks(outbox, { event: "conversation.resolved", payload });
}

/** `contact.left` to subscribed endpoints: the visitor chose to leave this address and message. */
export async function queueContactLeft(
  outbox: Outbox,
  input: { conversationId: string; bot: { id: string; name: string }; email: string; message: string },
) {
  const payload = contactLeftData({ ...input, url: inboxUrl(dashboardUrl(), input.conversationId) });
  return queueWebhooks(outbox, { event: "contact.left", payload });
}
