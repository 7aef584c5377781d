import { createCallerFactory, router } from "../trpc.ts";
import { accountRouter } from "./account.ts";
import { botRouter } from "./bot.ts";
import { conversationRouter } from "./conversation.ts";
import { inboxRouter } from "./inbox.ts";
import { knowledgeRouter } from "./knowledge.ts";
import { knowledgeBaseRouter } from "./knowledge-base.ts";
import { memberRouter } from "./member.ts";
import { providerRouter } from "./provider.ts";
import { ruleRouter } from "./rule.ts";
import { settingsRouter } from "./settings.ts";
import { teamRouter } from "./team.ts";
import { webhookRouter } from "./webhook.ts";

/** Procedures of the admin app: a signed-in member of one tenant. */
export const adminRouter = router({
  account: accountRouter,
  bot: botRouter,
  knowledge: knowledgeRouter,
  knowledgeBase: knowledgeBaseRouter,
  conversation: conversationRouter,
  inbox: inboxRouter,
  provider: providerRouter,
  team: teamRouter,
  member: memberRouter,
  rule: ruleRouter,
  tenantSettings: settingsRouter,
  webhook: webhookRouter,
});
export type AdminRouter = typeof adminRouter;
export const createAdminCaller = createCallerFactory(adminRouter);
export { verifyCredentials } from "../services/accounts.ts";
