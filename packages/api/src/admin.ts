import { createCallerFactory, router } from "./platform/trpc.ts";
import { accountRouter, memberRouter, teamRouter } from "./tenancy/index.ts";
import { botRouter, providerRouter } from "./bots/index.ts";
import { conversationRouter } from "./conversations/index.ts";
import { inboxRouter, ruleRouter, settingsRouter } from "./handoff/index.ts";
import { knowledgeBaseRouter, knowledgeRouter, phrasingRouter, synonymRouter } from "./knowledge/index.ts";
import { webhookRouter } from "./notifications/index.ts";
import { privacyRouter } from "./privacy/index.ts";
import { auditRouter } from "./audit/index.ts";
import { gapRouter } from "./gaps/index.ts";
import { regressionRouter } from "./regression/index.ts";
import { summaryRouter } from "./summary/index.ts";
import { analyticsRouter } from "./analytics/index.ts";
import { onboardingRouter } from "./onboarding/index.ts";
import { demoRouter } from "./demo/index.ts";
import { prechatFormRouter } from "./prechat/index.ts";
import { attachmentRouter } from "./attachments/index.ts";

/** Procedures of the admin app: a signed-in member of one tenant. */
export const adminRouter = router({
  account: accountRouter,
  bot: botRouter,
  knowledge: knowledgeRouter,
  knowledgeBase: knowledgeBaseRouter,
  phrasing: phrasingRouter,
  synonym: synonymRouter,
  conversation: conversationRouter,
  inbox: inboxRouter,
  provider: providerRouter,
  team: teamRouter,
  member: memberRouter,
  rule: ruleRouter,
  tenantSettings: settingsRouter,
  webhook: webhookRouter,
  privacy: privacyRouter,
  audit: auditRouter,
  gap: gapRouter,
  regression: regressionRouter,
  summary: summaryRouter,
  analytics: analyticsRouter,
  onboarding: onboardingRouter,
  demo: demoRouter,
  prechatForm: prechatFormRouter,
  attachment: attachmentRouter,
});
export type AdminRouter = typeof adminRouter;
export const createAdminCaller = createCallerFactory(adminRouter);
export { adminThrottle, auditSignIn, isMemberOf, refuseSignInAttempt, resolveSsoUser, updateSignInLimits, verifyCredentials, type SsoOutcome } from "./tenancy/index.ts";
