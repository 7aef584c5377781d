// Builders shared by the escalation tests (not exported from the package).
import { fixedClock, ZEscalationRule, type EscalationRule, type EscalationState } from "./model";

export const NOW = new Date("2025-06-02T03:00:00Z"); // Monday 11:00 in Shanghai

export const clock = fixedClock(NOW);

export function makeState(overrides: Partial<EscalationState> = {}): EscalationState {
  return {
    status: "bot",
    text: "How do I change my plan?",
    lastAnswer: { answered: true, confidence: 0.9 },
    consecutiveUnanswered: 0,
    messageCount: 2,
    startedAt: new Date(NOW.getTime() - 5 * 60_000),
    topic: null,
    agentsOnline: true,
    businessHours: null,
    providerFailed: false,
    cooldown: null,
    ...overrides,
  };
}

/** A validated rule; `when` is the condition group, `then` the actions. */
export function makeRule(id: string, order: number, when: unknown, then: unknown[], extra: Partial<EscalationRule> = {}): EscalationRule {
  return ZEscalationRule.parse({ id, name: `Rule ${id}`, enabled: true, order, conditions: when, actions: then, ...extra });
}
