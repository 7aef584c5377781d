import { type DbTx } from "@kefu/db";
import {
  evaluateRules,
  fixedClock,
  presenceMatters,
  ZEscalationCooldown,
  type BusinessHours,
  type Decision,
  type EscalationCooldown,
  type EscalationRule,
  type EscalationState,
  type FactsRead,
  type VisitorAttributes,
} from "@kefu/domain";
import { presenceOf, topicOfSource, type CurrentAnswer, type EscalationStateRow } from "./escalation-state.ts";
import { DOMAIN_STATUS } from "./status.ts";

export interface LiveDecisionInput {
  tenantId: string;
  conversationId: string;
  /** The conversation as the caller read it (after storing the visitor's message). */
  row: EscalationStateRow;
  rules: readonly EscalationRule[];
  /** Which costly facts the rules read (domain factsReadByRules), and the hours if they do. */
  facts: FactsRead;
  businessHours: BusinessHours | null;
  attributes: VisitorAttributes;
  /** Whether those attributes came with a valid signed identity (rules may require it). */
  attributesVerified: boolean;
  /** Attributes the visitor typed (pre-chat form): never verified. */
  unverifiedAttributeKeys?: readonly string[];
  text: string;
  now: Date;
  /** This turn's retrieval: the rules see its confidence, so "I don't know" can hand off at once. */
  currentAnswer: CurrentAnswer;
}

/**
 * The rules' decision on a visitor message being answered: the same state escalationStateFor
 * builds, but reading only the facts these rules look at (the message count, the top source's
 * topic) and who is online only once a rule fired, as that is all presence can change
 * (domain presenceMatters). Most messages fire no rule: they cost no read here.
 */
export async function decideOnVisitorMessage(db: DbTx, input: LiveDecisionInput): Promise<Decision> {
  const { tenantId, conversationId, row, facts, currentAnswer } = input;
  const [messageCount, topic] = await Promise.all([
    facts.messageCount ? db.message.count({ where: { tenantId, conversationId, role: { in: ["VISITOR", "BOT", "AGENT"] } } }) : 0,
    facts.topic ? topicOfSource(db, tenantId, currentAnswer.topSourceId) : null,
  ]);
  const cooldown = ZEscalationCooldown.safeParse(row.escalationCooldown);
  const state: EscalationState = {
    status: DOMAIN_STATUS[row.status],
    text: input.text,
    lastAnswer: { answered: currentAnswer.answered, confidence: currentAnswer.confidence },
    consecutiveUnanswered: currentAnswer.answered ? 0 : row.unansweredStreak + 1,
    messageCount,
    startedAt: row.createdAt,
    topic,
    // Not read yet: only consulted once a rule fired, and then read below.
    agentsOnline: true,
    businessHours: input.businessHours,
    providerFailed: false,
    cooldown: cooldown.success ? (cooldown.data as EscalationCooldown) : null,
    attributesVerified: input.attributesVerified,
    unverifiedAttributeKeys: input.unverifiedAttributeKeys ?? [],
  };
  const clock = fixedClock(input.now);
  const decision = evaluateRules(input.rules, state, input.attributes, clock);
  if (!presenceMatters(decision)) return decision;
  return evaluateRules(input.rules, { ...state, ...(await presenceOf(db, tenantId)) }, input.attributes, clock);
}
