import { type Decision } from "./engine";
import { groupChildren, type Condition, type ConditionNode, type EscalationRule } from "./model";

/** Every condition of a tree, depth first. */
export function* conditionLeaves(node: ConditionNode): Generator<Condition> {
  const group = groupChildren(node);
  if (!group) {
    yield node as Condition;
    return;
  }
  for (const child of group.children) yield* conditionLeaves(child);
}

/** The facts of a conversation that cost a database read, and whether these rules look at them. */
export interface FactsRead {
  /** `conversation_length` counts the conversation's messages. */
  messageCount: boolean;
  /** `topic` looks up the top source's knowledge base and category. */
  topic: boolean;
  /** `outside_business_hours` needs the tenant's schedule. */
  businessHours: boolean;
}

/**
 * Which costly facts the enabled rules read, so a live answer loads only those. Presence (who is
 * online) is read by no condition: only by the decision once a rule fired (see presenceMatters).
 */
export function factsReadByRules(rules: readonly EscalationRule[]): FactsRead {
  const facts: FactsRead = { messageCount: false, topic: false, businessHours: false };
  for (const rule of rules) {
    if (!rule.enabled) continue;
    for (const condition of conditionLeaves(rule.conditions)) {
      if (condition.kind === "conversation_length") facts.messageCount = true;
      else if (condition.kind === "topic") facts.topic = true;
      else if (condition.kind === "outside_business_hours") facts.businessHours = true;
    }
  }
  return facts;
}

/**
 * Whether who is online could change this decision: only when some rule fired (presence then
 * decides between queueing and "leave a message"). With nothing matched there is nothing to
 * queue, so a decision taken without presence is final.
 */
export function presenceMatters(decision: Decision): boolean {
  return decision.matched.length > 0;
}
