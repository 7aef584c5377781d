import { permissionProcedure, router } from "../platform/trpc.ts";
import { weeklySummary } from "./weekly-summary.ts";

/** The weekly summary in the app: the same figures as the analytics page, so the same readers. */
export const summaryRouter = router({
  weekly: permissionProcedure("analytics.read").query(({ ctx }) => weeklySummary(ctx.db, ctx.tenantId)),
});
