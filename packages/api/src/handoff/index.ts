export { ESCALATION_STATE_FIELDS, escalationStateFor, type EscalationStateRow } from "./escalation-state.ts";
export { handBackIdleConversations } from "./handoff.ts";
export { inboxRouter } from "./inbox-router.ts";
export { applyRuleDecision } from "./rule-decisions.ts";
export { ruleRouter } from "./rule-router.ts";
export { engineRulesForBot, installDefaultRules } from "./rules.ts";
export { settingsRouter } from "./settings-router.ts";
export { leaveContact, rateConversation, requestHuman, visitorEventFilter, visitorSessionState, visitorTyping } from "./visitor-handoff.ts";
