import { ZExportAuditEventsRequest, ZListAuditEventsRequest } from "@kefu/domain";
import { z } from "zod";
import { exportAuditEvents, listAuditEvents } from "./audit-log.ts";
import { permissionProcedure, router } from "../platform/trpc.ts";

const read = permissionProcedure("audit.read");

const ZAuditEvent = z.object({
  id: z.string(),
  createdAt: z.date(),
  actorId: z.string().nullable(),
  actorEmail: z.string().nullable(),
  action: z.string(),
  targetIds: z.array(z.string()),
  outcome: z.string(),
  errorCode: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  details: z.unknown(),
});

export const auditRouter = router({
  list: read
    .input(ZListAuditEventsRequest)
    .output(z.object({ events: z.array(ZAuditEvent), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => listAuditEvents(ctx.db, ctx.tenantId, input)),
  // A mutation, so that exporting the log is itself in the log (with its filter).
  export: read
    .input(ZExportAuditEventsRequest)
    .output(z.object({ csv: z.string(), rows: z.number(), truncated: z.boolean() }))
    .mutation(({ ctx, input }) => exportAuditEvents(ctx.db, ctx.tenantId, input.filter)),
});
