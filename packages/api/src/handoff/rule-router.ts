import {
  ZCreateRuleRequest,
  ZReorderRulesRequest,
  ZRuleBotRequest,
  ZRuleIdRequest,
  ZSetRuleEnabledRequest,
  ZTestRulesRequest,
  ZTesterConversationsRequest,
  ZUpdateRuleRequest,
} from "@kefu/domain";
import { createRule, deleteRule, installDefaultRules, listRules, reorderRules, setRuleEnabled, updateRule } from "./rules.ts";
import { testRules } from "./rule-tester.ts";
import { listTesterConversations } from "./tester-conversations.ts";
import { permissionProcedure, router } from "../platform/trpc.ts";

/** A bot's escalation rules and the rule tester (docs/escalation.md). */
export const ruleRouter = router({
  list: permissionProcedure("bot.read")
    .input(ZRuleBotRequest)
    .query(({ ctx, input }) => listRules(ctx.db, ctx.tenantId, input.botId)),
  create: permissionProcedure("bot.update")
    .input(ZCreateRuleRequest)
    .mutation(({ ctx, input: { botId, ...fields } }) => createRule(ctx.db, ctx.tenantId, botId, fields)),
  update: permissionProcedure("bot.update")
    .input(ZUpdateRuleRequest)
    .mutation(({ ctx, input: { id, ...fields } }) => updateRule(ctx.db, ctx.tenantId, id, fields)),
  setEnabled: permissionProcedure("bot.update")
    .input(ZSetRuleEnabledRequest)
    .mutation(({ ctx, input }) => setRuleEnabled(ctx.db, ctx.tenantId, input.id, input.enabled)),
  delete: permissionProcedure("bot.update")
    .input(ZRuleIdRequest)
    .mutation(({ ctx, input }) => deleteRule(ctx.db, ctx.tenantId, input.id)),
  reorder: permissionProcedure("bot.update")
    .input(ZReorderRulesRequest)
    .mutation(({ ctx, input }) => reorderRules(ctx.db, ctx.tenantId, input.botId, input.ids)),
  installDefaults: permissionProcedure("bot.update")
    .input(ZRuleBotRequest)
    .mutation(({ ctx, input }) => installDefaultRules(ctx.db, ctx.tenantId, input.botId)),
  // A query-like action that runs retrieval; a mutation so it is never cached or refetched.
  test: permissionProcedure("bot.read")
    .input(ZTestRulesRequest)
    .mutation(({ ctx, input }) => testRules(ctx.db, ctx.tenantId, input)),
  /** The tester's conversation picker: this bot's recent conversations, newest first. */
  recentConversations: permissionProcedure("bot.read")
    .input(ZTesterConversationsRequest)
    .query(({ ctx, input }) => listTesterConversations(ctx.db, ctx.tenantId, input)),
});
