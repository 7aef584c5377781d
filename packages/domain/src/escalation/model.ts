import { z } from "zod";
import { ZBusinessHours, type BusinessHours } from "./business-hours";
import { regexProblem } from "./safe-regex";

/**
 * The fixed taxonomy every escalation records (issue 4). Reporting groups by it, so it only
 * grows by a deliberate schema change, never by free text.
 */
export const ESCALATION_REASONS = [
  "visitor_asked",
  "low_confidence",
  "repeated_failure",
  "sentiment",
  "keyword",
  "attribute",
  "out_of_hours",
  "provider_failure",
] as const;
export const ZEscalationReason = z.enum(ESCALATION_REASONS);
export type EscalationReason = z.infer<typeof ZEscalationReason>;

const ZId = z.string().trim().min(1).max(64);
const ZShortText = z.string().trim().min(1).max(100);

// ---------------------------------------------------------------- conditions

export const ATTRIBUTE_OPS = ["eq", "neq", "gt", "gte", "lt", "lte", "contains", "exists"] as const;
export const ZAttributeValue = z.union([z.string().max(200), z.number(), z.boolean()]);

export const ZRegexCondition = z
  .object({ kind: z.literal("regex"), pattern: z.string().min(1).max(200), flags: z.string().regex(/^[imsu]*$/, "Allowed flags: i, m, s, u.").default("i") })
  .superRefine((c, ctx) => {
    const problem = regexProblem(c.pattern, c.flags);
    if (problem) ctx.addIssue({ code: "custom", path: ["pattern"], message: problem });
  });

export const ZAttributeCondition = z
  .object({
    kind: z.literal("attribute"),
    key: z.string().trim().min(1).max(100),
    op: z.enum(ATTRIBUTE_OPS),
    value: ZAttributeValue.optional(),
    // Only attributes that came with the host site's valid signature count (docs/security.md):
    // a browser can claim any plan, so rules that grant service on it should require this.
    verifiedOnly: z.boolean().optional(),
  })
  .refine((c) => c.op === "exists" || c.value !== undefined, { path: ["value"], message: "A value is required for this operator." });

export const ZTopicCondition = z
  .object({
    kind: z.literal("topic"),
    knowledgeBaseIds: z.array(ZId).max(50).optional(),
    categories: z.array(ZShortText).max(50).optional(),
  })
  .refine((c) => (c.knowledgeBaseIds?.length ?? 0) + (c.categories?.length ?? 0) > 0, {
    message: "Pick at least one knowledge base or category.",
  });

export const ZCondition = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("visitor_asks_human") }),
  z.object({ kind: z.literal("confidence_below"), threshold: z.number().min(0).max(1) }),
  z.object({ kind: z.literal("consecutive_unanswered"), count: z.number().int().min(1).max(50) }),
  z.object({ kind: z.literal("sentiment"), level: z.enum(["negative", "abusive"]) }),
  z.object({ kind: z.literal("keyword"), any: z.array(ZShortText).min(1).max(50) }),
  ZRegexCondition,
  ZAttributeCondition,
  z.object({ kind: z.literal("outside_business_hours") }),
  z.object({ kind: z.literal("conversation_length"), minMessages: z.number().int().min(1).max(10_000) }),
  z.object({ kind: z.literal("duration"), minMinutes: z.number().min(0).max(60 * 24 * 30) }),
  ZTopicCondition,
  // Not in the issue's list of conditions, but the taxonomy has "provider failure" and a rule
  // must be able to decide it: true when the AI provider failed on this turn.
  z.object({ kind: z.literal("provider_failure") }),
]);
export type Condition = z.infer<typeof ZCondition>;
export type ConditionKind = Condition["kind"];

/** A condition or a group of them. Groups nest (a tree), capped so rules stay readable. */
export type ConditionNode = Condition | { all: ConditionNode[] } | { any: ConditionNode[] };

export const MAX_CONDITION_DEPTH = 4;
export const MAX_CONDITIONS_PER_RULE = 30;

export const ZConditionNode: z.ZodType<ConditionNode> = z.lazy(() =>
  z.union([
    ZCondition,
    z.object({ all: z.array(ZConditionNode).min(1).max(MAX_CONDITIONS_PER_RULE) }).strict(),
    z.object({ any: z.array(ZConditionNode).min(1).max(MAX_CONDITIONS_PER_RULE) }).strict(),
  ]),
);

export const ZConditionGroup = z
  .union([
    z.object({ all: z.array(ZConditionNode).min(1).max(MAX_CONDITIONS_PER_RULE) }).strict(),
    z.object({ any: z.array(ZConditionNode).min(1).max(MAX_CONDITIONS_PER_RULE) }).strict(),
  ])
  .superRefine((group, ctx) => {
    const { depth, leaves } = measure(group);
    if (depth > MAX_CONDITION_DEPTH) ctx.addIssue({ code: "custom", message: `Groups nest at most ${MAX_CONDITION_DEPTH} deep.` });
    if (leaves > MAX_CONDITIONS_PER_RULE) ctx.addIssue({ code: "custom", message: `A rule has at most ${MAX_CONDITIONS_PER_RULE} conditions.` });
  });
export type ConditionGroup = z.infer<typeof ZConditionGroup>;

/** Groups are told apart from conditions by `kind` (a keyword condition also has `any`). */
export function groupChildren(node: ConditionNode): { type: "all" | "any"; children: ConditionNode[] } | null {
  if ("kind" in node) return null;
  return "all" in node ? { type: "all", children: node.all } : { type: "any", children: node.any };
}

function measure(node: ConditionNode): { depth: number; leaves: number } {
  const children = groupChildren(node)?.children;
  if (!children) return { depth: 0, leaves: 1 };
  let depth = 0;
  let leaves = 0;
  for (const child of children) {
    const m = measure(child);
    depth = Math.max(depth, m.depth);
    leaves += m.leaves;
  }
  return { depth: depth + 1, leaves };
}

// ---------------------------------------------------------------- actions

export const PRIORITIES = ["low", "normal", "high", "urgent"] as const;
export const ZPriority = z.enum(PRIORITIES);
export type Priority = z.infer<typeof ZPriority>;

/** Tell people outside the inbox (a webhook, an e-mail); also logged for agents (schemas/events.ts). */
export const ZNotifyAction = z.object({
  kind: z.literal("notify"),
  channel: z.enum(["webhook", "email"]),
  target: z.string().trim().min(1).max(320).optional(),
});

export const ZAction = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("handoff"), teamId: ZId.optional() }),
  z.object({ kind: z.literal("set_priority"), priority: ZPriority }),
  z.object({ kind: z.literal("assign_agent"), agentId: ZId }),
  z.object({ kind: z.literal("send_message"), text: z.string().trim().min(1).max(1000) }),
  z.object({ kind: z.literal("add_tags"), tags: z.array(z.string().trim().min(1).max(40)).min(1).max(20) }),
  ZNotifyAction,
  // "Leave a message": only acted on when no agent of the target team is online.
  z.object({ kind: z.literal("collect_contact") }),
]);
export type Action = z.infer<typeof ZAction>;
export type ActionKind = Action["kind"];

/** Actions that put a human in the loop; a decision containing one escalates. */
export const ESCALATING_ACTIONS: readonly ActionKind[] = ["handoff", "assign_agent", "collect_contact"];

// ---------------------------------------------------------------- rules

export const ZEscalationRule = z.object({
  id: ZId,
  name: z.string().trim().min(1).max(80),
  enabled: z.boolean(),
  order: z.number().int().min(0).max(10_000),
  conditions: ZConditionGroup,
  actions: z.array(ZAction).min(1).max(20),
  continue: z.boolean().default(false),
});
export type EscalationRule = z.infer<typeof ZEscalationRule>;

export const ZEscalationRules = z
  .array(ZEscalationRule)
  .max(100)
  .refine((rules) => new Set(rules.map((r) => r.id)).size === rules.length, { message: "Rule ids must be unique." });

// ---------------------------------------------------------------- evaluation input

/** Visitor attributes from the host site (JSON; dotted keys reach nested objects). */
export type VisitorAttributes = Record<string, unknown>;

/** While set, automatic escalation by the same rule/reason is held back (see state-machine.ts). */
export const ZEscalationCooldown = z.object({
  ruleId: z.string().nullable(),
  reason: ZEscalationReason.nullable(),
  turnsLeft: z.number().int().min(0),
});
export type EscalationCooldown = z.infer<typeof ZEscalationCooldown>;

export const CONVERSATION_STATUSES = ["bot", "queued", "assigned", "resolved"] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

/** What the engine knows about the conversation at the moment the visitor's message arrived. */
export interface EscalationState {
  status: ConversationStatus;
  /** The latest visitor message. */
  text: string;
  /** The bot's last answer in this conversation, or null before its first one. */
  lastAnswer: { answered: boolean; confidence: number | null } | null;
  consecutiveUnanswered: number;
  messageCount: number;
  startedAt: Date;
  /** The retrieval's top source: its knowledge base and FAQ category. */
  topic: { knowledgeBaseId: string | null; category: string | null } | null;
  /** Whether any agent able to take the conversation is online. */
  agentsOnline: boolean;
  /** Per-team presence, when known; a handoff to a team not listed uses `agentsOnline`. */
  teamsOnline?: Record<string, boolean>;
  businessHours: BusinessHours | null;
  providerFailed?: boolean;
  cooldown?: EscalationCooldown | null;
  /** Whether the visitor's attributes came with a valid signed identity (absent: they did not). */
  attributesVerified?: boolean;
  /** Attributes the visitor typed (the pre-chat form's answers): never verified, whatever the rest is. */
  unverifiedAttributeKeys?: readonly string[];
}

export interface Clock {
  now(): Date;
}

export const fixedClock = (at: Date): Clock => ({ now: () => at });

export { ZBusinessHours };
