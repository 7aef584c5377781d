import { ZUpdateBusinessHoursRequest } from "@kefu/domain";
import { getBusinessHours, updateBusinessHours } from "../services/tenant-settings.ts";
import { permissionProcedure, router } from "../trpc.ts";

/** Workspace settings: business hours (time zone, weekly schedule, holidays). */
export const settingsRouter = router({
  get: permissionProcedure("tenant.read").query(({ ctx }) => getBusinessHours(ctx.db, ctx.tenantId)),
  updateHours: permissionProcedure("hours.manage")
    .input(ZUpdateBusinessHoursRequest)
    .mutation(({ ctx, input }) => updateBusinessHours(ctx.db, ctx.tenantId, input)),
});
