import { ZUpdateBusinessHoursRequest } from "@kefu/domain";
import { getBusinessHours, updateBusinessHours } from "./business-hours.ts";
import { permissionProcedure, router } from "../platform/trpc.ts";

/** Workspace settings: business hours (time zone, weekly schedule, holidays). */
export const settingsRouter = router({
  get: permissionProcedure("tenant.read").query(({ ctx }) => getBusinessHours(ctx.db, ctx.tenantId)),
  updateHours: permissionProcedure("hours.manage")
    .input(ZUpdateBusinessHoursRequest)
    .mutation(({ ctx, input }) => updateBusinessHours(ctx.db, ctx.tenantId, input)),
});
