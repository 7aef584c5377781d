import type { EscalationReason } from "../escalation/model";
import type { NotificationEvent } from "../schemas/webhooks";

/**
 * The `data` of each notification event, shaped from what the services know. Builders copy only
 * the listed fields, so nothing about the visitor leaves Kefu unless it is named here: the
 * visitor's e-mail only when they left it as their contact, never their attributes or token.
 */

export type ConversationStatusName = "bot" | "queued" | "assigned" | "resolved";

const STATUS_NAMES: Record<string, ConversationStatusName> = { BOT: "bot", QUEUED: "queued", ASSIGNED: "assigned", RESOLVED: "resolved" };

export interface ConversationFacts {
  id: string;
  status: string;
  priority: string;
  tags: readonly string[];
  team: { id: string; name: string } | null;
  contactEmail: string | null;
}

export interface NamedRef {
  id: string;
  name: string;
}

export interface EscalationFacts {
  conversation: ConversationFacts;
  bot: NamedRef;
  reason: EscalationReason | null;
  rule: NamedRef | null;
  /** The handoff summary written at escalation ({ wants, tried[] }), if any. */
  summary: unknown;
  queue: { position: number | null; offline: boolean };
  /** Link to the conversation in the agent inbox, when the dashboard address is configured. */
  url: string | null;
}

export interface EscalatedData {
  conversation: {
    id: string;
    status: ConversationStatusName;
    priority: string;
    tags: string[];
    team: NamedRef | null;
    queue: { position: number | null; offline: boolean };
    url: string | null;
  };
  bot: NamedRef;
  reason: EscalationReason | null;
  rule: NamedRef | null;
  summary: { wants: string; tried: string[] } | null;
  contact: { email: string } | null;
}

export interface ResolvedData {
  conversation: { id: string; status: "resolved"; priority: string; tags: string[]; team: NamedRef | null; url: string | null };
  bot: NamedRef;
  agentId: string | null;
  resolvedAt: string;
}

export interface ContactLeftData {
  conversation: { id: string; url: string | null };
  bot: NamedRef;
  contact: { email: string };
  message: string;
}

export interface PingData {
  message: string;
  endpointId: string;
}

/** The notice to owners and admins that an endpoint was disabled for failing (e-mail only). */
export interface EndpointDisabledData {
  endpoint: { id: string; url: string };
  disabledAt: string;
  failingSince: string;
  failedDeliveries: number;
  lastError: string | null;
  /** The webhook settings page, when the dashboard address is configured. */
  settingsUrl: string | null;
}

export type NotificationData = EscalatedData | ResolvedData | ContactLeftData | PingData | EndpointDisabledData;

const ref = (value: NamedRef | null): NamedRef | null => (value ? { id: value.id, name: value.name } : null);
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function summaryOf(value: unknown): EscalatedData["summary"] {
  if (!value || typeof value !== "object") return null;
  const { wants, tried } = value as { wants?: unknown; tried?: unknown };
  if (typeof wants !== "string") return null;
  const steps = Array.isArray(tried) ? tried.filter((t): t is string => typeof t === "string") : [];
  return { wants: clip(wants, 1000), tried: steps.slice(0, 10).map((t) => clip(t, 500)) };
}

/** `conversation.escalated` (a rule handed over) and `conversation.flagged` (a rule only notified). */
export function escalationData(facts: EscalationFacts): EscalatedData {
  const c = facts.conversation;
  return {
    conversation: {
      id: c.id,
      status: STATUS_NAMES[c.status] ?? "bot",
      priority: c.priority,
      tags: [...c.tags],
      team: ref(c.team),
      queue: { position: facts.queue.position, offline: facts.queue.offline },
      url: facts.url,
    },
    bot: ref(facts.bot)!,
    reason: facts.reason,
    rule: ref(facts.rule),
    summary: summaryOf(facts.summary),
    contact: c.contactEmail ? { email: c.contactEmail } : null,
  };
}

export function resolvedData(facts: {
  conversation: Omit<ConversationFacts, "status" | "contactEmail">;
  bot: NamedRef;
  agentId: string | null;
  resolvedAt: Date;
  url: string | null;
}): ResolvedData {
  const c = facts.conversation;
  return {
    conversation: { id: c.id, status: "resolved", priority: c.priority, tags: [...c.tags], team: ref(c.team), url: facts.url },
    bot: ref(facts.bot)!,
    agentId: facts.agentId,
    resolvedAt: facts.resolvedAt.toISOString(),
  };
}

export function contactLeftData(facts: { conversationId: string; bot: NamedRef; email: string; message: string; url: string | null }): ContactLeftData {
  return {
    conversation: { id: facts.conversationId, url: facts.url },
    bot: ref(facts.bot)!,
    contact: { email: facts.email },
    message: clip(facts.message, 4000),
  };
}

export function pingData(endpointId: string): PingData {
  return { message: "This is a test event from Kefu. 这是一条来自 Kefu 的测试事件。", endpointId };
}

export function endpointDisabledData(facts: {
  endpoint: { id: string; url: string };
  disabledAt: Date;
  failingSince: Date;
  failedDeliveries: number;
  lastError: string | null;
  settingsUrl: string | null;
}): EndpointDisabledData {
  return {
    endpoint: { id: facts.endpoint.id, url: facts.endpoint.url },
    disabledAt: facts.disabledAt.toISOString(),
    failingSince: facts.failingSince.toISOString(),
    failedDeliveries: facts.failedDeliveries,
    lastError: facts.lastError === null ? null : clip(facts.lastError, 300),
    settingsUrl: facts.settingsUrl,
  };
}

/** The JSON body of a webhook: the same for every attempt, so a retry can be deduplicated. */
export function webhookBody(delivery: { id: string; event: string; createdAt: Date; payload: unknown }): string {
  return JSON.stringify({ id: delivery.id, event: delivery.event as NotificationEvent, createdAt: delivery.createdAt.toISOString(), data: delivery.payload });
}

/** The link to a conversation in the agent inbox, or null without a dashboard address. */
export function inboxUrl(baseUrl: string | null | undefined, conversationId: string): string | null {
  if (!baseUrl) return null;
  return `${baseUrl.replace(/\/+$/, "")}/inbox/${encodeURIComponent(conversationId)}`;
}

/** The webhook settings page in the dashboard, or null when its address is not configured. */
export function webhookSettingsUrl(baseUrl: string | null | undefined): string | null {
  return baseUrl ? `${baseUrl.replace(/\/+$/, "")}/settings/webhooks` : null;
}
