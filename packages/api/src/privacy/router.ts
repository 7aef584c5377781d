import { ZId } from "@kefu/domain";
import { z } from "zod";
import { deleteVisitorData, exportVisitorData } from "./data-requests.ts";
import { getRetention, updateRetention } from "./retention.ts";
import { permissionProcedure, router } from "../platform/trpc.ts";

/** Days kept after a visitor's last activity: a day to ten years, or null to keep until deleted. */
export const MAX_RETENTION_DAYS = 3650;
export const ZUpdateRetentionRequest = z.object({
  retentionDays: z
    .number()
    .int("Whole days only.")
    .min(1, "Keep data at least one day.")
    .max(MAX_RETENTION_DAYS, `At most ${MAX_RETENTION_DAYS} days (ten years).`)
    .nullable(),
});

const ZPurgeCounts = z.object({
  visitors: z.number(),
  conversations: z.number(),
  messages: z.number(),
  events: z.number(),
  deliveries: z.number(),
});
export const ZRetentionResponse = z.object({
  retentionDays: z.number().nullable(),
  purges: z.array(z.object({ id: z.string(), cutoff: z.date(), createdAt: z.date(), counts: ZPurgeCounts })),
});

/** One visitor of the caller's tenant (the public API can take the same request later). */
export const ZVisitorDataRequest = z.object({ visitorId: ZId });
const ZJsonRow = z.record(z.string(), z.unknown());
export const ZVisitorExportResponse = z.object({
  format: z.string(),
  exportedAt: z.string(),
  visitor: ZJsonRow,
  conversations: z.array(ZJsonRow.and(z.object({ messages: z.array(ZJsonRow), events: z.array(ZJsonRow) }))),
  /** Their votes on bot answers (the rating and its comment are on each conversation). */
  answerFeedback: z.array(ZJsonRow),
  /** Images of their conversations: type, size, dimensions, and the dashboard path that serves each. */
  attachments: z.array(ZJsonRow.and(z.object({ download: z.string() }))),
  notifications: z.array(ZJsonRow),
  related: z.record(z.string(), z.array(ZJsonRow)),
});
export const ZVisitorDeleteResponse = ZPurgeCounts;

/**
 * Privacy: the tenant's retention period and purge log (owners), and data subject requests on one
 * visitor (owners and admins).
 */
export const privacyRouter = router({
  retention: permissionProcedure("tenant.update")
    .output(ZRetentionResponse)
    .query(({ ctx }) => getRetention(ctx.db, ctx.tenantId)),
  updateRetention: permissionProcedure("tenant.update")
    .input(ZUpdateRetentionRequest)
    .output(ZRetentionResponse)
    .mutation(({ ctx, input }) => updateRetention(ctx.db, ctx.tenantId, input.retentionDays)),
  // A mutation, not a query: handing out everything about a person is an action, recorded in the
  // audit log like every dashboard mutation, and never cached.
  exportVisitor: permissionProcedure("visitorData.manage")
    .input(ZVisitorDataRequest)
    .output(ZVisitorExportResponse)
    .mutation(({ ctx, input }) => exportVisitorData(ctx.db, ctx.tenantId, input.visitorId)),
  deleteVisitor: permissionProcedure("visitorData.manage")
    .input(ZVisitorDataRequest)
    .output(ZVisitorDeleteResponse)
    .mutation(({ ctx, input }) => deleteVisitorData(ctx.db, ctx.tenantId, input.visitorId)),
});
