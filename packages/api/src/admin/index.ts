import { createCallerFactory, router } from "../trpc.ts";
import { accountRouter } from "./account.ts";
import { botRouter } from "./bot.ts";
import { conversationRouter } from "./conversation.ts";
import { knowledgeRouter } from "./knowledge.ts";

/** Procedures of the admin app: a signed-in member of one tenant. */
export const adminRouter = router({
  account: accountRouter,
  bot: botRouter,
  knowledge: knowledgeRouter,
  conversation: conversationRouter,
});
export type AdminRouter = typeof adminRouter;
export const createAdminCaller = createCallerFactory(adminRouter);
export { verifyCredentials } from "../services/accounts.ts";
