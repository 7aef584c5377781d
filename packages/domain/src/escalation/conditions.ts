import { normalizeText } from "../text";
import { visitorAsksForHuman } from "./asks-human";
import { isWithinBusinessHours, nextOpening } from "./business-hours";
import { explanationText, type Explanation, type ExplanationCode, type ExplanationParams } from "./explanations";
import { groupChildren, type Condition, type ConditionKind, type ConditionNode, type EscalationReason, type EscalationState, type VisitorAttributes } from "./model";
import { compileSafeRegex, MAX_REGEX_INPUT } from "./safe-regex";
import { analyzeSentiment } from "./sentiment";

/** One evaluated condition with a human-readable explanation (shown in the rule tester). */
export interface ConditionResult {
  kind: ConditionKind;
  matched: boolean;
  /** English text of the explanation; `code` + `params` let a client render it in its language. */
  why: string;
  code: ExplanationCode;
  params: ExplanationParams;
}

/** The evaluated tree, mirroring the rule's conditions. */
export type ConditionTrace =
  | ({ type: "condition" } & ConditionResult)
  | { type: "all" | "any"; matched: boolean; children: ConditionTrace[] };

/** Which taxonomy reason a matched condition stands for (topic/length/duration borrow one). */
export const REASON_OF_CONDITION: Record<ConditionKind, EscalationReason> = {
  visitor_asks_human: "visitor_asked",
  provider_failure: "provider_failure",
  sentiment: "sentiment",
  consecutive_unanswered: "repeated_failure",
  confidence_below: "low_confidence",
  keyword: "keyword",
  regex: "keyword",
  attribute: "attribute",
  outside_business_hours: "out_of_hours",
  topic: "keyword",
  conversation_length: "repeated_failure",
  duration: "repeated_failure",
};

/**
 * When several conditions of the deciding rule matched, the reason comes from the most telling
 * one: what the visitor said outranks the bot's own measurements, which outrank context
 * (attributes, hours). Lower index wins.
 */
export const CONDITION_PRECEDENCE: readonly ConditionKind[] = [
  "visitor_asks_human",
  "provider_failure",
  "sentiment",
  "consecutive_unanswered",
  "confidence_below",
  "keyword",
  "regex",
  "topic",
  "attribute",
  "outside_business_hours",
  "conversation_length",
  "duration",
];

const quote = (s: string) => `"${s.length > 60 ? `${s.slice(0, 57)}...` : s}"`;

/** Looks a key up in the attributes; dotted keys reach into nested objects. */
export function attributeValue(attributes: VisitorAttributes, key: string): unknown {
  if (Object.hasOwn(attributes, key)) return attributes[key];
  let current: unknown = attributes;
  for (const part of key.split(".")) {
    if (current === null || typeof current !== "object" || !Object.hasOwn(current, part)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function toNumber(value: unknown): number | null {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  return null;
}

function looseEquals(actual: unknown, expected: string | number | boolean): boolean {
  const a = toNumber(actual);
  const e = toNumber(expected);
  if (a !== null && e !== null) return a === e;
  if (typeof actual === "boolean" || typeof expected === "boolean") return String(actual) === String(expected);
  return typeof actual === "string" && actual.trim().toLowerCase() === String(expected).trim().toLowerCase();
}

function compareAttribute(c: Extract<Condition, { kind: "attribute" }>, actual: unknown): boolean {
  const present = actual !== undefined && actual !== null && actual !== "";
  if (c.op === "exists") return present;
  if (!present || c.value === undefined) return c.op === "neq";
  switch (c.op) {
    case "eq":
      return looseEquals(actual, c.value);
    case "neq":
      return !looseEquals(actual, c.value);
    case "contains": {
      const needle = String(c.value).toLowerCase();
      if (Array.isArray(actual)) return actual.some((x) => String(x).toLowerCase() === needle);
      return String(actual).toLowerCase().includes(needle);
    }
    default: {
      const a = toNumber(actual);
      const e = toNumber(c.value);
      if (a === null || e === null) return false;
      return c.op === "gt" ? a > e : c.op === "gte" ? a >= e : c.op === "lt" ? a < e : a <= e;
    }
  }
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Keywords match case- and width-insensitively. Latin keywords match whole words plus common
 * inflections ("refund" matches "refunds", "refunded"); Chinese keywords match as substrings.
 */
export function findKeyword(text: string, keywords: readonly string[]): string | null {
  const normalized = normalizeText(text);
  for (const raw of keywords) {
    const keyword = normalizeText(raw);
    if (!keyword) continue;
    const latinEdges = /^[\p{L}\p{N}]/u.test(keyword) && !/\p{Script=Han}/u.test(keyword);
    const re = latinEdges
      ? new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegex(keyword)}(?:s|es|ed|d|ing)?(?![\\p{L}\\p{N}])`, "u")
      : new RegExp(escapeRegex(keyword), "u");
    if (re.test(normalized)) return raw;
  }
  return null;
}

export function evaluateCondition(c: Condition, state: EscalationState, attributes: VisitorAttributes, now: Date): ConditionResult {
  const r = (matched: boolean, code: ExplanationCode, params: ExplanationParams = {}): ConditionResult => ({
    kind: c.kind,
    matched,
    why: explanationText({ code, params }),
    code,
    params,
  });
  switch (c.kind) {
    case "visitor_asks_human": {
      const ask = visitorAsksForHuman(state.text);
      if (ask.asked) return r(true, "asks_human_yes", { phrase: quote(ask.phrase ?? state.text) });
      if (ask.negated) return r(false, "asks_human_negated", { phrase: quote(ask.phrase ?? "") });
      return r(false, "asks_human_no");
    }
    case "confidence_below": {
      const answer = state.lastAnswer;
      if (!answer) return r(false, "confidence_no_answer");
      // A declined answer without a score counts as zero confidence (missing knowledge).
      const confidence = answer.confidence ?? (answer.answered ? 1 : 0);
      const params = { confidence: confidence.toFixed(2), threshold: c.threshold };
      return confidence < c.threshold ? r(true, "confidence_below", params) : r(false, "confidence_not_below", params);
    }
    case "consecutive_unanswered": {
      const params = { streak: state.consecutiveUnanswered, count: c.count };
      return state.consecutiveUnanswered >= c.count ? r(true, "unanswered_reached", params) : r(false, "unanswered_short", params);
    }
    case "sentiment": {
      const s = analyzeSentiment(state.text);
      const matched = c.level === "abusive" ? s.level === "abusive" : s.level === "negative" || s.level === "abusive";
      const params = { level: s.level, score: s.score, needed: c.level };
      return s.hits.length ? r(matched, "sentiment_words", { ...params, words: s.hits.map(quote).join(", ") }) : r(matched, "sentiment", params);
    }
    case "keyword": {
      const hit = findKeyword(state.text, c.any);
      return hit ? r(true, "keyword_hit", { keyword: quote(hit) }) : r(false, "keyword_miss", { keywords: c.any.map(quote).join(", ") });
    }
    case "regex": {
      const re = compileSafeRegex(c.pattern, c.flags);
      if (!re) return r(false, "regex_unsafe");
      const m = re.exec(state.text.slice(0, MAX_REGEX_INPUT));
      return m ? r(true, "regex_hit", { pattern: c.pattern, match: quote(m[0]) }) : r(false, "regex_miss", { pattern: c.pattern });
    }
    case "attribute": {
      // An unsigned claim never satisfies a condition that asks for verified attributes, whatever it says.
      const typed = state.unverifiedAttributeKeys?.includes(c.key.split(".")[0]!) ?? false;
      if (c.verifiedOnly && (!state.attributesVerified || typed)) return r(false, "attribute_unverified", { key: c.key });
      const actual = attributeValue(attributes, c.key);
      const matched = compareAttribute(c, actual);
      const test = c.op === "exists" ? `${c.key} exists` : `${c.key} ${c.op} ${JSON.stringify(c.value)}`;
      const params = { key: c.key, test, result: String(matched) };
      return actual === undefined ? r(matched, "attribute_missing", params) : r(matched, "attribute", { ...params, actual: JSON.stringify(actual) });
    }
    case "outside_business_hours": {
      const schedule = state.businessHours;
      if (!schedule) return r(false, "hours_none");
      if (isWithinBusinessHours(schedule, now)) return r(false, "hours_open", { timeZone: schedule.timeZone });
      const next = nextOpening(schedule, now);
      return next
        ? r(true, "hours_closed_next", { timeZone: schedule.timeZone, next: next.toISOString() })
        : r(true, "hours_closed", { timeZone: schedule.timeZone });
    }
    case "conversation_length": {
      const params = { count: state.messageCount, min: c.minMessages };
      return state.messageCount >= c.minMessages ? r(true, "length_reached", params) : r(false, "length_short", params);
    }
    case "duration": {
      const minutes = Math.max(0, (now.getTime() - state.startedAt.getTime()) / 60_000);
      const params = { minutes: Math.floor(minutes), min: c.minMinutes };
      return minutes >= c.minMinutes ? r(true, "duration_reached", params) : r(false, "duration_short", params);
    }
    case "topic": {
      const topic = state.topic;
      if (!topic) return r(false, "topic_none");
      const kb = topic.knowledgeBaseId && c.knowledgeBaseIds?.includes(topic.knowledgeBaseId);
      const category = topic.category?.trim().toLowerCase();
      const cat = category && c.categories?.some((x) => x.trim().toLowerCase() === category);
      if (kb) return r(true, "topic_kb", { kb: topic.knowledgeBaseId ?? "" });
      if (cat) return r(true, "topic_category", { category: quote(topic.category ?? "") });
      return r(false, "topic_other", { kb: topic.knowledgeBaseId ?? "none", category: topic.category ?? "none" });
    }
    case "provider_failure":
      return state.providerFailed ? r(true, "provider_failed") : r(false, "provider_ok");
  }
}

/** Evaluates every node (no short-circuit) so the tester can explain each condition. */
export function evaluateNode(node: ConditionNode, state: EscalationState, attributes: VisitorAttributes, now: Date): ConditionTrace {
  const group = groupChildren(node);
  if (group) {
    const children = group.children.map((child) => evaluateNode(child, state, attributes, now));
    const matched = group.type === "all" ? children.every((c) => c.matched) : children.some((c) => c.matched);
    return { type: group.type, matched, children };
  }
  return { type: "condition", ...evaluateCondition(node as Condition, state, attributes, now) };
}

/** The matched leaf conditions that make the tree true (unmatched branches are ignored). */
export function decisiveConditions(trace: ConditionTrace): ConditionResult[] {
  if (!trace.matched) return [];
  if (trace.type === "condition") return [trace];
  return trace.children.flatMap(decisiveConditions);
}

/** Flattened explanations, matched or not, for a rule trace. */
export function explain(trace: ConditionTrace): string[] {
  return trace.type === "condition" ? [trace.why] : trace.children.flatMap(explain);
}

/** The same explanations as data (code + params), in the same order as `explain`. */
export function explainCodes(trace: ConditionTrace): Explanation[] {
  return trace.type === "condition" ? [{ code: trace.code, params: trace.params }] : trace.children.flatMap(explainCodes);
}

export function reasonOf(matched: readonly ConditionResult[]): EscalationReason | null {
  let best: ConditionResult | null = null;
  for (const m of matched) {
    if (!best || CONDITION_PRECEDENCE.indexOf(m.kind) < CONDITION_PRECEDENCE.indexOf(best.kind)) best = m;
  }
  return best ? REASON_OF_CONDITION[best.kind] : null;
}
