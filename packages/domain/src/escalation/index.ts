// Escalation & inbox rules (issue 4): rule model, engine, business hours, conversation state
// machine, routing, handoff summary and visitor notices. Pure: the clock is an argument.
export * from "./model";
export { visitorAsksForHuman, type AsksHumanResult } from "./asks-human";
export { analyzeSentiment, NEGATIVE_THRESHOLD, type SentimentLevel, type SentimentResult } from "./sentiment";
export { compileSafeRegex, hasNestedQuantifier, MAX_PATTERN_LENGTH, MAX_REGEX_INPUT, regexProblem } from "./safe-regex";
export {
  isValidTimeZone,
  isWithinBusinessHours,
  nextOpening,
  wallTimeToInstant,
  WEEKDAYS,
  ZOpenInterval,
  type BusinessHours,
  type Weekday,
} from "./business-hours";
export {
  attributeValue,
  CONDITION_PRECEDENCE,
  evaluateCondition,
  findKeyword,
  REASON_OF_CONDITION,
  type ConditionResult,
  type ConditionTrace,
} from "./conditions";
export { evaluateRules, type Decision, type MatchedRule, type RuleStatus, type RuleTrace } from "./engine";
export { conditionLeaves, factsReadByRules, presenceMatters, type FactsRead } from "./facts";
export {
  botMaySpeak,
  COOLDOWN_TURNS,
  initialConversationState,
  transition,
  type ConversationCounters,
  type ConversationEffect,
  type ConversationEvent,
  type ConversationMachineState,
  type TransitionError,
  type TransitionResult,
} from "./state-machine";
export { canTakeConversation, pickAgent, type AgentAvailability, type Presence } from "./routing";
export { handoffSummary, type HandoffSummary, type TranscriptEntry } from "./summary";
export { noticeText, type Notice, type NoticeLanguage } from "./notices";
export {
  EXPLANATION_CODES,
  EXPLANATION_EN,
  explanationText,
  fillTemplate,
  TRANSLATED_PARAM_VALUES,
  type Explanation,
  type ExplanationCode,
  type ExplanationParams,
} from "./explanations";
export { defaultRulesFor, ruleNameIn, type RuleDraft } from "./defaults";
export { visitorAgentName } from "./visitor-agent-name";
