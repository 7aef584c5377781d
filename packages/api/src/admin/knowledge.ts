import { ZAddDocumentRequest, ZAddFaqRequest, ZBotIdRequest, ZImportUrlRequest, ZSourceIdRequest } from "@kefu/domain";
import { addDocument, addFaq, deleteSource, importWebPage, listSources } from "../services/knowledge.ts";
import { permissionProcedure, router } from "../trpc.ts";

export const knowledgeRouter = router({
  list: permissionProcedure("knowledge.read")
    .input(ZBotIdRequest)
    .query(({ ctx, input }) => listSources(ctx.db, ctx.tenantId, input.id)),
  addFaq: permissionProcedure("knowledge.update")
    .input(ZAddFaqRequest)
    .mutation(({ ctx, input: { botId, ...faq } }) => addFaq(ctx.db, ctx.tenantId, botId, faq)),
  addDocument: permissionProcedure("knowledge.update")
    .input(ZAddDocumentRequest)
    .mutation(({ ctx, input: { botId, ...doc } }) => addDocument(ctx.db, ctx.tenantId, botId, doc)),
  importUrl: permissionProcedure("knowledge.update")
    .input(ZImportUrlRequest)
    .mutation(({ ctx, input }) => importWebPage(ctx.db, ctx.tenantId, input.botId, input.url)),
  delete: permissionProcedure("knowledge.update")
    .input(ZSourceIdRequest)
    .mutation(({ ctx, input }) => deleteSource(ctx.db, ctx.tenantId, input.id)),
});
