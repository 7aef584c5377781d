import { z } from "zod";
import { addIllFormedTextIssues, ZText } from "./text";
import { ZBusinessHours } from "../escalation/business-hours";
import {
  MAX_CONDITION_DEPTH,
  MAX_CONDITIONS_PER_RULE,
  ZAction,
  ZAttributeValue,
  ZCondition,
  ZConditionGroup,
  type ConditionGroup,
} from "../escalation/model";
import { ZId } from "./bot";

type Path = (string | number)[];

/**
 * Walks a condition tree and reports each problem at its own path ("conditions.all.1.pattern"),
 * where ZConditionGroup alone reports a nested mistake as one "invalid input" on the whole
 * union: the rule editor shows the message under the field that caused it.
 */
function checkNode(node: unknown, path: Path, depth: number, ctx: z.RefinementCtx, isRoot: boolean): void {
  const add = (at: Path, message: string) => ctx.addIssue({ code: "custom", path: at, message });
  if (node === null || typeof node !== "object" || Array.isArray(node)) {
    add(path, "Each item must be a condition or a group of conditions.");
    return;
  }
  if ("kind" in node) {
    if (isRoot) {
      add(path, 'Put conditions inside an "all" or "any" group.');
      return;
    }
    const parsed = ZCondition.safeParse(node);
    if (!parsed.success) for (const issue of parsed.error.issues) add([...path, ...issue.path.map((p) => (typeof p === "symbol" ? String(p) : p))], issue.message);
    return;
  }
  const keys = Object.keys(node);
  const type = keys.length === 1 && (keys[0] === "all" || keys[0] === "any") ? keys[0] : null;
  if (!type) {
    add(path, 'A group has exactly one of "all" or "any".');
    return;
  }
  if (depth > MAX_CONDITION_DEPTH) {
    add(path, `Groups nest at most ${MAX_CONDITION_DEPTH} deep.`);
    return;
  }
  const children = (node as Record<string, unknown>)[type];
  if (!Array.isArray(children) || children.length === 0) {
    add([...path, type], "Add at least one condition.");
    return;
  }
  children.forEach((child, i) => checkNode(child, [...path, type, i], depth + 1, ctx, false));
}

/** A rule's condition tree, validated with field-level paths, then by ZConditionGroup itself. */
export const ZRuleConditions = z
  .unknown()
  .superRefine((value, ctx) => checkNode(value, [], 1, ctx, true))
  .pipe(ZConditionGroup)
  // Keywords, patterns, attribute values… are declared in escalation/model.ts: checked here, on
  // the parsed (depth-limited) tree, each at its own path.
  .superRefine((conditions, ctx) => addIllFormedTextIssues(conditions, ctx)) as unknown as z.ZodType<ConditionGroup>;

export const ZRuleFields = z.object({
  name: ZText.trim().min(1, "Name is required.").max(80, "Name must be at most 80 characters."),
  enabled: z.boolean().default(true),
  continue: z.boolean().default(false),
  conditions: ZRuleConditions,
  actions: z
    .array(ZAction)
    .min(1, "Add at least one action.")
    .max(20, "At most 20 actions.")
    // Message texts, tags and notify targets (escalation/model.ts), as for conditions.
    .superRefine((actions, ctx) => addIllFormedTextIssues(actions, ctx)),
});
export type RuleFields = z.infer<typeof ZRuleFields>;

export const ZCreateRuleRequest = ZRuleFields.extend({ botId: ZId });
export const ZUpdateRuleRequest = ZRuleFields.extend({ id: ZId });
export const ZRuleIdRequest = z.object({ id: ZId });
export const ZRuleBotRequest = z.object({ botId: ZId });
export const ZSetRuleEnabledRequest = z.object({ id: ZId, enabled: z.boolean() });
export const ZReorderRulesRequest = z.object({
  botId: ZId,
  ids: z
    .array(ZId)
    .min(1)
    .max(MAX_CONDITIONS_PER_RULE * 4)
    .refine((ids) => new Set(ids).size === ids.length, "Each rule may appear only once."),
});

/** The rule tester: a message as a visitor would send it, and what else to assume. */
export const ZTestRulesRequest = z.object({
  botId: ZId,
  message: ZText.trim().min(1, "Type a message to test.").max(4000, "Messages are limited to 4000 characters."),
  attributes: z
    .record(ZText.trim().min(1).max(100), ZAttributeValue)
    .superRefine((attributes, ctx) => addIllFormedTextIssues(attributes, ctx))
    .optional(),
  /**
   * Whether the attributes count as signed by the website (visitor identity verification); when
   * absent, as the picked conversation's visitor's were (false for a first message).
   */
  attributesVerified: z.boolean().optional(),
  /** The answer's confidence; when absent the bot's real retrieval is run on the message. */
  confidence: z.number().min(0).max(1).optional(),
  /** Turns the bot could not answer before this message. */
  unansweredStreak: z.number().int().min(0).max(50).optional(),
  /** Evaluate in the state of a real conversation (its transcript, timestamps, status). */
  conversationId: ZId.optional(),
  /** When the message arrives (default: now). */
  at: z.iso.datetime({ offset: true, error: "Use an ISO date and time, e.g. 2026-05-01T20:00:00+08:00." }).optional(),
});
export type TestRulesRequest = z.infer<typeof ZTestRulesRequest>;

/** The rule tester's conversation picker: a bot's recent conversations, optionally searched by what was said. */
export const ZTesterConversationsRequest = z.object({
  botId: ZId,
  query: ZText.trim().max(200, "Search at most 200 characters.").optional(),
});
export type TesterConversationsRequest = z.infer<typeof ZTesterConversationsRequest>;

/**
 * Business hours settings. `enabled: false` stores no schedule (always open) but keeps the time
 * zone; holidays are stored sorted and once each.
 */
export const ZUpdateBusinessHoursRequest = ZBusinessHours.extend({ enabled: z.boolean() });
export type UpdateBusinessHoursRequest = z.infer<typeof ZUpdateBusinessHoursRequest>;
