import { ZCoverGapRequest, ZGapDecisionRequest, ZGapListRequest, ZGapRequest } from "@kefu/domain";
import { permissionProcedure, router } from "../platform/trpc.ts";
import { coverGap, dismissGap, gapPrefill, listGaps, reopenGap } from "./gaps.ts";

// Knowledge gaps are for whoever maintains the knowledge: reading them shows visitors' questions
// only to keep it, and acting on them writes it.
const gapProcedure = permissionProcedure("knowledge.update");

export const gapRouter = router({
  list: gapProcedure.input(ZGapListRequest).query(({ ctx, input }) => listGaps(ctx.db, ctx.tenantId, input)),
  prefill: gapProcedure.input(ZGapRequest).query(({ ctx, input }) => gapPrefill(ctx.db, ctx.tenantId, input)),
  cover: gapProcedure.input(ZCoverGapRequest).mutation(({ ctx, input }) => coverGap(ctx.db, ctx.tenantId, ctx.userId, input)),
  dismiss: gapProcedure.input(ZGapDecisionRequest).mutation(({ ctx, input }) => dismissGap(ctx.db, ctx.tenantId, ctx.userId, input)),
  reopen: gapProcedure.input(ZGapDecisionRequest).mutation(({ ctx, input }) => reopenGap(ctx.db, ctx.tenantId, input)),
});
