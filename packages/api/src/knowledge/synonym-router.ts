import { ZCreateSynonymSetRequest, ZSynonymSetIdRequest, ZUpdateSynonymSetRequest } from "@kefu/domain";
import { permissionProcedure, router } from "../platform/trpc.ts";
import { createSynonymSet, deleteSynonymSet, listSynonymSets, updateSynonymSet } from "./synonyms.ts";

/** The tenant's own synonym sets (knowledge/synonyms.ts), edited like its knowledge. */
export const synonymRouter = router({
  // The tenant's sets with the built-in ones (read-only) and the limits.
  list: permissionProcedure("knowledge.read").query(({ ctx }) => listSynonymSets(ctx.db, ctx.tenantId)),
  create: permissionProcedure("knowledge.update")
    .input(ZCreateSynonymSetRequest)
    .mutation(({ ctx, input }) => createSynonymSet(ctx.db, ctx.tenantId, input.terms)),
  update: permissionProcedure("knowledge.update")
    .input(ZUpdateSynonymSetRequest)
    .mutation(({ ctx, input }) => updateSynonymSet(ctx.db, ctx.tenantId, input.id, input.terms)),
  delete: permissionProcedure("knowledge.update")
    .input(ZSynonymSetIdRequest)
    .mutation(({ ctx, input }) => deleteSynonymSet(ctx.db, ctx.tenantId, input.id)),
});
