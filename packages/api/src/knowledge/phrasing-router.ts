import { ZGeneratedPhrasingRequest, ZKnowledgeBaseIdRequest, ZSetPhrasingModelRequest, ZSourceIdRequest } from "@kefu/domain";
import { permissionProcedure, router } from "../platform/trpc.ts";
import { phrasingOverview, queuePhrasings, regeneratePhrasings, reviewGeneratedPhrasing, setPhrasingModel } from "./phrasings.ts";

/** Generated phrasings of FAQ entries (knowledge/phrasings.ts): the model, the runs, the review. */
export const phrasingRouter = router({
  // A knowledge base's phrasing model, and how many of its entries are queued, ready or failed.
  overview: permissionProcedure("knowledge.read")
    .input(ZKnowledgeBaseIdRequest)
    .query(({ ctx, input }) => phrasingOverview(ctx.db, ctx.tenantId, input.id)),
  setModel: permissionProcedure("knowledge.update")
    .input(ZSetPhrasingModelRequest)
    .mutation(({ ctx, input }) => setPhrasingModel(ctx.db, ctx.tenantId, input)),
  // Entries whose text changed since their phrasings were written (or that have none), one run's worth.
  generate: permissionProcedure("knowledge.update")
    .input(ZKnowledgeBaseIdRequest)
    .mutation(({ ctx, input }) => queuePhrasings(ctx.db, ctx.tenantId, input.id)),
  regenerate: permissionProcedure("knowledge.update")
    .input(ZSourceIdRequest)
    .mutation(({ ctx, input }) => regeneratePhrasings(ctx.db, ctx.tenantId, input.id)),
  accept: permissionProcedure("knowledge.update")
    .input(ZGeneratedPhrasingRequest)
    .mutation(({ ctx, input }) => reviewGeneratedPhrasing(ctx.db, ctx.tenantId, { ...input, accept: true })),
  remove: permissionProcedure("knowledge.update")
    .input(ZGeneratedPhrasingRequest)
    .mutation(({ ctx, input }) => reviewGeneratedPhrasing(ctx.db, ctx.tenantId, { ...input, accept: false })),
});
