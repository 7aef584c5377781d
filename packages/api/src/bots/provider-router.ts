import { ZCreateProviderRequest, ZProviderIdRequest, ZUpdateProviderRequest } from "@kefu/domain";
import { createProvider, deleteProvider, listProviders, testProvider, updateProvider } from "./providers.ts";
import { permissionProcedure, router } from "../platform/trpc.ts";

export const providerRouter = router({
  list: permissionProcedure("provider.manage").query(({ ctx }) => listProviders(ctx.db, ctx.tenantId)),
  create: permissionProcedure("provider.manage")
    .input(ZCreateProviderRequest)
    .mutation(({ ctx, input }) => createProvider(ctx.db, ctx.tenantId, input)),
  update: permissionProcedure("provider.manage")
    .input(ZUpdateProviderRequest)
    .mutation(({ ctx, input: { id, ...fields } }) => updateProvider(ctx.db, ctx.tenantId, id, fields)),
  delete: permissionProcedure("provider.manage")
    .input(ZProviderIdRequest)
    .mutation(({ ctx, input }) => deleteProvider(ctx.db, ctx.tenantId, input.id)),
  test: permissionProcedure("provider.manage")
    .input(ZProviderIdRequest)
    .mutation(({ ctx, input }) => testProvider(ctx.db, ctx.tenantId, input.id)),
});
