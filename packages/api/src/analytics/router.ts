import { permissionProcedure, router } from "../platform/trpc.ts";
import { chartAsCsv, readDashboard, readKnowledgeUse, readTopQuestions } from "./dashboard.ts";
import { ZAnalyticsQuery, ZChartCsvRequest, ZChartCsvResponse, ZChartTable, ZDashboardResponse, ZKnowledgeUseResponse } from "./schemas.ts";

const read = permissionProcedure("analytics.read");

export const analyticsRouter = router({
  dashboard: read
    .input(ZAnalyticsQuery)
    .output(ZDashboardResponse)
    .query(({ ctx, input }) => readDashboard(ctx.db, ctx.tenantId, input)),
  knowledge: read
    .input(ZAnalyticsQuery)
    .output(ZKnowledgeUseResponse)
    .query(({ ctx, input }) => readKnowledgeUse(ctx.db, ctx.tenantId, input)),
  questions: read
    .input(ZAnalyticsQuery)
    .output(ZChartTable)
    .query(({ ctx, input }) => readTopQuestions(ctx.db, ctx.tenantId, input)),
  // A query: exporting figures changes nothing (the page downloads what the table shows).
  csv: read
    .input(ZChartCsvRequest)
    .output(ZChartCsvResponse)
    .query(({ ctx, input }) => chartAsCsv(ctx.db, ctx.tenantId, input)),
});
