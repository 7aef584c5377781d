/**
 * Explanations of the rule engine as data: a stable code plus parameters, so the rule tester can
 * render them in the reader's language. The English templates live here (the engine's `why`
 * strings are rendered from them); other languages keep their own templates keyed by code
 * (packages/ui/src/i18n/messages/escalation.ts, keys `escalation.why.<code>`).
 *
 * Parameters are already formatted where formatting is language-neutral (quoted phrases,
 * numbers with fixed decimals, ISO instants); values of the enumerations in
 * TRANSLATED_PARAM_VALUES are words a renderer may translate.
 */
export const EXPLANATION_EN = {
  asks_human_yes: "Visitor asked for a human ({phrase}).",
  asks_human_negated: "Visitor mentioned a human but negated it ({phrase}).",
  asks_human_no: "Visitor did not ask for a human.",
  confidence_no_answer: "The bot has not answered yet.",
  confidence_below: "Answer confidence {confidence} is below {threshold}.",
  confidence_not_below: "Answer confidence {confidence} is not below {threshold}.",
  unanswered_reached: "{streak} consecutive unanswered turns (threshold {count}).",
  unanswered_short: "Only {streak} consecutive unanswered turns (needs {count}).",
  sentiment: "Sentiment is {level}, score {score}; the rule needs {needed}.",
  sentiment_words: "Sentiment is {level}, score {score} ({words}); the rule needs {needed}.",
  keyword_hit: "Message contains the keyword {keyword}.",
  keyword_miss: "None of the keywords {keywords} appear.",
  regex_unsafe: "The pattern is not allowed (unsafe or invalid).",
  regex_hit: "Message matches /{pattern}/ at {match}.",
  regex_miss: "Message does not match /{pattern}/.",
  attribute: "Attribute {key} is {actual}; {test} is {result}.",
  attribute_missing: "Attribute {key} is missing; {test} is {result}.",
  attribute_unverified: "Attribute {key} is not verified (claimed by the visitor's browser, not signed by the website); the rule needs verified attributes.",
  hours_none: "No business hours are configured, so the team counts as open.",
  hours_open: "Within business hours ({timeZone}).",
  hours_closed: "Outside business hours ({timeZone}).",
  hours_closed_next: "Outside business hours ({timeZone}); opens {next}.",
  length_reached: "{count} messages (at least {min}).",
  length_short: "{count} messages (needs {min}).",
  duration_reached: "Conversation has lasted {minutes} min (at least {min}).",
  duration_short: "Conversation has lasted {minutes} min (needs {min}).",
  topic_none: "No knowledge source matched this message.",
  topic_kb: "Top source is in knowledge base {kb}.",
  topic_category: "Top source is in category {category}.",
  topic_other: "Top source (knowledge base {kb}, category {category}) is not one of the rule's.",
  provider_failed: "The AI provider failed on this turn.",
  provider_ok: "The AI provider answered normally.",
  rule_inactive: "The conversation is {status}; rules only run while the bot owns it.",
  rule_disabled: "The rule is switched off.",
  rule_shadowed: 'Rule "{rule}" fired first and does not continue.',
  rule_suppressed: "Held back: the conversation was handed back to the bot ({turns} more turn(s) unless the visitor asks for a human).",
} as const;

export type ExplanationCode = keyof typeof EXPLANATION_EN;
export const EXPLANATION_CODES = Object.keys(EXPLANATION_EN) as ExplanationCode[];

export type ExplanationParams = Record<string, string | number>;

export interface Explanation {
  code: ExplanationCode;
  params: ExplanationParams;
}

/** Parameters whose values are enumeration words a renderer may translate. */
export const TRANSLATED_PARAM_VALUES = {
  level: ["positive", "neutral", "negative", "abusive"],
  needed: ["negative", "abusive"],
  result: ["true", "false"],
  status: ["bot", "queued", "assigned", "resolved"],
  kb: ["none"],
  category: ["none"],
} as const satisfies Record<string, readonly string[]>;

/** Replaces `{name}` placeholders; unknown placeholders are left as they are. */
export function fillTemplate(template: string, params: ExplanationParams): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole));
}

/** The English text of an explanation (what the engine's `why` strings say). */
export function explanationText(explanation: Explanation): string {
  return fillTemplate(EXPLANATION_EN[explanation.code], explanation.params);
}

export const explanation = (code: ExplanationCode, params: ExplanationParams = {}): Explanation => ({ code, params });
