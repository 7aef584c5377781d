export { analyticsRouter } from "./router.ts";
export { foldConversations, foldTenant, foldTenantOnce, unsafeFoldAllTenants } from "./rollup.ts";
export { chartAsCsv, readDashboard, readKnowledgeUse, readTopQuestions, QUESTION_TEXTS } from "./dashboard.ts";
export { forgetBots, forgetConversations } from "./forget.ts";
