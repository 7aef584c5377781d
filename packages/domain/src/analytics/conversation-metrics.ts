import type { EscalationReason } from "../escalation/model";
import { bucketOf } from "./histogram";
import { localParts } from "./time-buckets";

/**
 * Per-conversation outcomes, from a conversation's facts (its messages, status changes,
 * escalations, feedback and rating). The exact definitions are written out in docs/metrics.md and
 * in the dashboard's info tooltips (packages/ui messages `analytics.def.*`); this is their code.
 */

export type FactStatus = "BOT" | "QUEUED" | "ASSIGNED" | "RESOLVED";

export interface ConversationHistory {
  createdAt: Date;
  messages: readonly {
    id: string;
    role: "VISITOR" | "BOT" | "AGENT" | "SYSTEM" | "NOTE";
    at: Date;
    /** Knowledge sources a bot reply cited; a bot reply with none did not answer (declined, "did you mean"). */
    citedSourceIds?: readonly string[];
    /** A visitor message's text, as stored (counted for the top questions). */
    text?: string;
  }[];
  /** Status changes in order (the event log's `status` events). */
  transitions: readonly { at: Date; status: FactStatus }[];
  /** One per escalation, in order: why, and which rule (null when the visitor asked or no rule). */
  escalations: readonly { at: Date; reason: EscalationReason | null; ruleId: string | null }[];
  feedback: readonly { messageId: string; helpful: boolean }[];
  rating: number | null;
}

/** One stay with the team: from an escalation to a resolve or a hand-back to the bot. */
export interface HumanEpisode {
  queuedAt: Date;
  reason: EscalationReason | null;
  ruleId: string | null;
  queueWaitMs: number | null;
  firstResponseMs: number | null;
  resolutionMs: number | null;
}

export interface ConversationOutcome {
  /** The visitor wrote at least once: only then is it a conversation for the metrics. */
  counted: boolean;
  involved: boolean;
  escalated: boolean;
  deflected: boolean;
  aiResolved: boolean;
  episodes: HumanEpisode[];
  /** Each bot reply to a visitor message: when, and how long after the message it came. */
  answerLatencies: { at: Date; ms: number }[];
  helpful: number;
  notHelpful: number;
}

const byTime = <T extends { at: Date }>(items: readonly T[]) => [...items].sort((a, b) => a.at.getTime() - b.at.getTime());

function episodesOf(facts: ConversationHistory): HumanEpisode[] {
  const agentReplies = byTime(facts.messages.filter((m) => m.role === "AGENT"));
  const escalations = byTime(facts.escalations);
  const episodes: HumanEpisode[] = [];
  let open: { queuedAt: Date; assignedAt: Date | null } | null = null;
  const close = (end: Date | null, resolved: boolean) => {
    if (!open) return;
    const start = open.queuedAt;
    const reply = agentReplies.find((m) => m.at >= start && (end === null || m.at <= end));
    // Pair the n-th episode with the n-th recorded escalation (each escalation opens one).
    const why = escalations[episodes.length];
    episodes.push({
      queuedAt: start,
      reason: why?.reason ?? null,
      ruleId: why?.ruleId ?? null,
      queueWaitMs: open.assignedAt ? open.assignedAt.getTime() - start.getTime() : null,
      firstResponseMs: reply ? reply.at.getTime() - start.getTime() : null,
      resolutionMs: resolved && end ? end.getTime() - start.getTime() : null,
    });
    open = null;
  };
  for (const t of byTime(facts.transitions)) {
    if (t.status === "QUEUED" || t.status === "ASSIGNED") {
      if (!open) open = { queuedAt: t.at, assignedAt: t.status === "ASSIGNED" ? t.at : null };
      else if (t.status === "ASSIGNED" && !open.assignedAt) open.assignedAt = t.at;
    } else if (t.status === "RESOLVED") {
      close(t.at, true);
    } else {
      close(t.at, false); // hand-back or idle timeout: the bot has it again
    }
  }
  close(null, false);
  return episodes;
}

export function conversationOutcome(facts: ConversationHistory): ConversationOutcome {
  const messages = byTime(facts.messages);
  const counted = messages.some((m) => m.role === "VISITOR");
  const answerLatencies: { at: Date; ms: number }[] = [];
  // Visitor messages not yet replied to, oldest first: each bot reply answers the oldest one.
  const waiting: Date[] = [];
  let lastBotAnswered: boolean | null = null;
  let involved = false;
  for (const m of messages) {
    if (m.role === "VISITOR") {
      waiting.push(m.at);
      lastBotAnswered = null;
    } else if (m.role === "BOT" && waiting.length > 0) {
      const asked = waiting.shift()!;
      involved = true;
      answerLatencies.push({ at: m.at, ms: m.at.getTime() - asked.getTime() });
      lastBotAnswered = (m.citedSourceIds?.length ?? 0) > 0;
    } else if (m.role === "AGENT") {
      waiting.length = 0;
    }
  }
  const episodes = episodesOf(facts);
  const escalated = episodes.length > 0;
  const notHelpful = facts.feedback.filter((f) => !f.helpful).length;
  const helpful = facts.feedback.length - notHelpful;
  const deflected = involved && !escalated;
  return {
    counted,
    involved,
    escalated,
    deflected,
    // Closed without a human: it never reached the team and the bot's last reply answered.
    aiResolved: deflected && notHelpful === 0 && lastBotAnswered === true,
    episodes,
    answerLatencies,
    helpful,
    notHelpful,
  };
}

// ---------------------------------------------------------------- rollup counters

/** Counter names of the daily rollup (a row per tenant, bot, local day, metric, dimension). */
export const ROLLUP_METRICS = [
  "conversations",
  "involved",
  "deflected",
  "escalated",
  "ai_resolved",
  "messages_visitor",
  "messages_bot",
  "messages_agent",
  "escalation_reason",
  "escalation_rule",
  "first_response",
  "resolution",
  "queue_wait",
  "answer_latency",
  "csat",
  "feedback_helpful",
  "feedback_not_helpful",
  "heatmap",
  "cited",
  "question",
] as const;
export type RollupMetric = (typeof ROLLUP_METRICS)[number];

/** Longest question text kept as a `question` counter's dimension (longer ones are cut). */
export const QUESTION_TEXT_MAX = 200;

/**
 * A visitor message as the `question` counter's dimension: trimmed, runs of spaces made one,
 * cut to QUESTION_TEXT_MAX characters (whole code points); "" when nothing is left. Counted per
 * text and day, so the top questions are clustered from distinct texts and their counts, never
 * from the messages themselves.
 */
export function questionDimension(text: string): string {
  const flat = text.replace(/\s+/gu, " ").trim();
  const chars = [...flat];
  return chars.length > QUESTION_TEXT_MAX ? chars.slice(0, QUESTION_TEXT_MAX).join("").trimEnd() : flat;
}

/** Counters keyed `day|metric|dimension` (dimension "" when none). */
export type Contribution = Map<string, number>;

export function counterKey(day: string, metric: RollupMetric, dimension = ""): string {
  return `${day}|${metric}|${dimension}`;
}

export function parseCounterKey(key: string): { day: string; metric: RollupMetric; dimension: string } {
  const [day = "", metric = "", ...rest] = key.split("|");
  return { day, metric: metric as RollupMetric, dimension: rest.join("|") };
}

/**
 * What one conversation adds to the daily rollup in a time zone. Conversation outcomes count on
 * the local day it started; messages, questions (a visitor message's text), answer latencies,
 * feedback and citations on the day of the message; an escalation's times on the day it was
 * escalated.
 */
export function conversationContribution(facts: ConversationHistory, timeZone: string): Contribution {
  const out: Contribution = new Map();
  const outcome = conversationOutcome(facts);
  if (!outcome.counted) return out;
  const add = (at: Date, metric: RollupMetric, dimension = "", by = 1) => {
    const key = counterKey(localParts(at, timeZone).date, metric, dimension);
    out.set(key, (out.get(key) ?? 0) + by);
  };
  const start = facts.createdAt;
  add(start, "conversations");
  if (outcome.involved) add(start, "involved");
  if (outcome.deflected) add(start, "deflected");
  if (outcome.escalated) add(start, "escalated");
  if (outcome.aiResolved) add(start, "ai_resolved");
  if (facts.rating !== null && facts.rating >= 1 && facts.rating <= 5) add(start, "csat", String(facts.rating));
  const helpfulById = new Map(facts.feedback.map((f) => [f.messageId, f.helpful]));
  for (const m of facts.messages) {
    if (m.role === "VISITOR") {
      add(m.at, "messages_visitor");
      const local = localParts(m.at, timeZone);
      add(m.at, "heatmap", `${local.weekday}-${local.hour}`);
      const question = m.text === undefined ? "" : questionDimension(m.text);
      if (question) add(m.at, "question", question);
    } else if (m.role === "BOT") {
      add(m.at, "messages_bot");
      for (const sourceId of new Set(m.citedSourceIds ?? [])) add(m.at, "cited", sourceId);
      const helpful = helpfulById.get(m.id);
      if (helpful !== undefined) add(m.at, helpful ? "feedback_helpful" : "feedback_not_helpful");
    } else if (m.role === "AGENT") {
      add(m.at, "messages_agent");
    }
  }
  for (const l of outcome.answerLatencies) add(l.at, "answer_latency", String(bucketOf(l.ms)));
  for (const e of outcome.episodes) {
    add(e.queuedAt, "escalation_reason", e.reason ?? "unknown");
    if (e.ruleId) add(e.queuedAt, "escalation_rule", e.ruleId);
    if (e.queueWaitMs !== null) add(e.queuedAt, "queue_wait", String(bucketOf(e.queueWaitMs)));
    if (e.firstResponseMs !== null) add(e.queuedAt, "first_response", String(bucketOf(e.firstResponseMs)));
    if (e.resolutionMs !== null) add(e.queuedAt, "resolution", String(bucketOf(e.resolutionMs)));
  }
  return out;
}

/** new − old, without zero entries: what to add to the rollup when a conversation changes. */
export function contributionDelta(previous: ReadonlyMap<string, number>, next: ReadonlyMap<string, number>): Contribution {
  const delta: Contribution = new Map();
  for (const [key, value] of next) delta.set(key, value - (previous.get(key) ?? 0));
  for (const [key, value] of previous) if (!next.has(key)) delta.set(key, -value);
  for (const [key, value] of delta) if (value === 0) delta.delete(key);
  return delta;
}
