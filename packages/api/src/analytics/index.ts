export { analyticsRouter } from "./router.ts";
export { foldTenant, foldTenantOnce, unsafeFoldAllTenants } from "./rollup.ts";
export { chartAsCsv, readDashboard, readKnowledgeUse, readTopQuestions, QUESTION_SAMPLE } from "./dashboard.ts";
