import { type Db, type DbTx, type Prisma } from "@kefu/db";
import {
  conditionLeaves,
  DomainError,
  notFound,
  ZEscalationRule,
  type Action,
  type EscalationRule,
  type RuleFields,
} from "@kefu/domain";
import { getBot, keepDeletedRuleNames, touchBots, writeDefaultRules } from "../bots/index.ts";

/**
 * A bot's escalation rules (packages/domain escalation engine). Conditions and actions are JSON
 * validated by the domain schemas at the boundary (ZCreateRuleRequest…); here they are checked
 * against the tenant's data: teams, agents and knowledge bases a rule names must be the tenant's.
 */

const RULE_FIELDS = {
  id: true,
  botId: true,
  name: true,
  enabled: true,
  order: true,
  continue: true,
  conditions: true,
  actions: true,
  createdAt: true,
  updatedAt: true,
} as const;

type RuleRow = Prisma.EscalationRuleGetPayload<{ select: typeof RULE_FIELDS }>;

/** A stored rule in the engine's shape; null when its JSON no longer validates (never served). */
export function toEngineRule(row: Pick<RuleRow, "id" | "name" | "enabled" | "order" | "continue" | "conditions" | "actions">): EscalationRule | null {
  const parsed = ZEscalationRule.safeParse({
    id: row.id,
    name: row.name,
    enabled: row.enabled,
    order: row.order,
    continue: row.continue,
    conditions: row.conditions,
    actions: row.actions,
  });
  return parsed.success ? parsed.data : null;
}

const shape = (row: RuleRow) => {
  const rule = toEngineRule(row);
  return {
    id: row.id,
    botId: row.botId,
    name: row.name,
    enabled: row.enabled,
    order: row.order,
    continue: row.continue,
    conditions: rule?.conditions ?? null,
    actions: rule?.actions ?? [],
    /** False when the stored JSON does not validate any more: the engine skips the rule. */
    valid: rule !== null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
};
export type RuleSummary = ReturnType<typeof shape>;

const json = (value: unknown) => value as Prisma.InputJsonValue;

export async function listRules(db: DbTx, tenantId: string, botId: string): Promise<RuleSummary[]> {
  await getBot(db, tenantId, botId);
  const rows = await db.escalationRule.findMany({
    where: { tenantId, botId },
    orderBy: [{ order: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    select: RULE_FIELDS,
  });
  return rows.map(shape);
}

/** The enabled and valid rules of a bot in the engine's shape (for the live flow and the tester). */
export async function engineRulesForBot(db: DbTx, tenantId: string, botId: string): Promise<EscalationRule[]> {
  const rows = await db.escalationRule.findMany({ where: { tenantId, botId }, orderBy: [{ order: "asc" }, { id: "asc" }], select: RULE_FIELDS });
  return rows.map(toEngineRule).filter((r): r is EscalationRule => r !== null);
}

async function getRule(db: DbTx, tenantId: string, id: string): Promise<RuleSummary> {
  const row = await db.escalationRule.findFirst({ where: { id, tenantId }, select: RULE_FIELDS });
  if (!row) throw notFound("rule");
  return shape(row);
}

/** Every team, agent and knowledge base a rule names must belong to the tenant: NOT_FOUND otherwise. */
async function assertReferences(db: DbTx, tenantId: string, fields: Pick<RuleFields, "conditions" | "actions">) {
  const teamIds = new Set<string>();
  const agentIds = new Set<string>();
  for (const action of fields.actions as Action[]) {
    if (action.kind === "handoff" && action.teamId) teamIds.add(action.teamId);
    if (action.kind === "assign_agent") agentIds.add(action.agentId);
  }
  const knowledgeBaseIds = new Set<string>();
  for (const leaf of conditionLeaves(fields.conditions)) {
    if (leaf.kind === "topic") for (const id of leaf.knowledgeBaseIds ?? []) knowledgeBaseIds.add(id);
  }
  if (teamIds.size > 0) {
    const found = await db.team.count({ where: { tenantId, id: { in: [...teamIds] } } });
    if (found !== teamIds.size) throw notFound("team");
  }
  if (agentIds.size > 0) {
    // Agents are users with a membership in this tenant (conversations are assigned to user ids).
    const found = await db.membership.count({ where: { tenantId, userId: { in: [...agentIds] } } });
    if (found !== agentIds.size) throw notFound("agent");
  }
  if (knowledgeBaseIds.size > 0) {
    const found = await db.knowledgeBase.count({ where: { tenantId, id: { in: [...knowledgeBaseIds] } } });
    if (found !== knowledgeBaseIds.size) throw notFound("knowledge_base");
  }
}

async function nextOrder(db: DbTx, tenantId: string, botId: string): Promise<number> {
  const last = await db.escalationRule.findFirst({ where: { tenantId, botId }, orderBy: { order: "desc" }, select: { order: true } });
  return last ? last.order + 1 : 0;
}

/** New rules go last: the first matching rule wins, so adding one never changes what fires before it. */
export async function createRule(db: Db, tenantId: string, botId: string, fields: RuleFields): Promise<RuleSummary> {
  await getBot(db, tenantId, botId);
  await assertReferences(db, tenantId, fields);
  const row = await db.escalationRule.create({
    data: {
      tenantId,
      botId,
      name: fields.name,
      enabled: fields.enabled,
      continue: fields.continue,
      conditions: json(fields.conditions),
      actions: json(fields.actions),
      order: await nextOrder(db, tenantId, botId),
    },
    select: RULE_FIELDS,
  });
  await touchBots(db, tenantId, [botId]);
  return shape(row);
}

export async function updateRule(db: Db, tenantId: string, id: string, fields: RuleFields): Promise<RuleSummary> {
  const { botId } = await getRule(db, tenantId, id);
  await assertReferences(db, tenantId, fields);
  await db.escalationRule.updateMany({
    where: { id, tenantId },
    data: { name: fields.name, enabled: fields.enabled, continue: fields.continue, conditions: json(fields.conditions), actions: json(fields.actions) },
  });
  await touchBots(db, tenantId, [botId]);
  return getRule(db, tenantId, id);
}

export async function setRuleEnabled(db: Db, tenantId: string, id: string, enabled: boolean): Promise<RuleSummary> {
  const { count } = await db.escalationRule.updateMany({ where: { id, tenantId }, data: { enabled } });
  if (count === 0) throw notFound("rule");
  const rule = await getRule(db, tenantId, id);
  await touchBots(db, tenantId, [rule.botId]);
  return rule;
}

export async function deleteRule(db: Db, tenantId: string, id: string) {
  const { botId } = await getRule(db, tenantId, id);
  const count = await db.$transaction(async (tx) => {
    await keepDeletedRuleNames(tx, { tenantId, botId, ruleId: id });
    return (await tx.escalationRule.deleteMany({ where: { id, tenantId } })).count;
  });
  if (count === 0) throw notFound("rule");
  await touchBots(db, tenantId, [botId]);
  return { id };
}

/**
 * Puts a bot's rules in the given order, in one transaction. `ids` must list every rule of the
 * bot exactly once, so a stale list (another admin added a rule meanwhile) is refused rather
 * than leaving two rules with the same position.
 */
export async function reorderRules(db: Db, tenantId: string, botId: string, ids: string[]): Promise<RuleSummary[]> {
  await db.$transaction(async (tx) => {
    await getBot(tx, tenantId, botId);
    const existing = await tx.escalationRule.findMany({ where: { tenantId, botId }, select: { id: true } });
    const known = new Set(existing.map((r) => r.id));
    if (ids.some((id) => !known.has(id))) throw notFound("rule");
    if (ids.length !== known.size) {
      throw new DomainError("CONFLICT", "rules_changed", "The rules changed meanwhile. Reload the list and try again.");
    }
    for (const [order, id] of ids.entries()) {
      await tx.escalationRule.updateMany({ where: { id, tenantId, botId }, data: { order } });
    }
    await touchBots(tx, tenantId, [botId]);
  });
  return listRules(db, tenantId, botId);
}

/** Adds the default rules a bot lacks (by name) after its existing ones: calling it twice adds nothing. */
export async function installDefaultRules(db: Db, tenantId: string, botId: string): Promise<RuleSummary[]> {
  await db.$transaction(async (tx) => {
    await writeDefaultRules(tx, { ...(await getBot(tx, tenantId, botId)), tenantId });
    await touchBots(tx, tenantId, [botId]);
  });
  return listRules(db, tenantId, botId);
}
