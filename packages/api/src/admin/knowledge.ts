import { ZAddDocumentRequest, ZAddPdfRequest, ZAddFaqRequest, ZBotIdRequest, ZImportFaqCsvRequest, ZImportUrlRequest, ZSourceIdRequest, ZUpdateDocumentRequest, ZPlaygroundRequest, ZUpdateFaqRequest } from "@kefu/domain";
import { addDocument, addFaq, addPdf, deleteSource, getDocument, importFaqCsv, importWebPage, listSources, updateDocument, updateFaq } from "../services/knowledge.ts";
import { playground } from "../services/playground.ts";
import { permissionProcedure, router } from "../trpc.ts";

export const knowledgeRouter = router({
  list: permissionProcedure("knowledge.read")
    .input(ZBotIdRequest)
    .query(({ ctx, input }) => listSources(ctx.db, ctx.tenantId, input.id)),
  playground: permissionProcedure("knowledge.read")
    .input(ZPlaygroundRequest)
    .query(({ ctx, input }) => playground(ctx.db, ctx.tenantId, input.botId, input.question)),
  addFaq: permissionProcedure("knowledge.update")
    .input(ZAddFaqRequest)
    .mutation(({ ctx, input: { botId, ...faq } }) => addFaq(ctx.db, ctx.tenantId, botId, faq)),
  addDocument: permissionProcedure("knowledge.update")
    .input(ZAddDocumentRequest)
    .mutation(({ ctx, input: { botId, ...doc } }) => addDocument(ctx.db, ctx.tenantId, botId, doc)),
  updateFaq: permissionProcedure("knowledge.update")
    .input(ZUpdateFaqRequest)
    .mutation(({ ctx, input: { id, ...faq } }) => updateFaq(ctx.db, ctx.tenantId, id, faq)),
  getDocument: permissionProcedure("knowledge.read")
    .input(ZSourceIdRequest)
    .query(({ ctx, input }) => getDocument(ctx.db, ctx.tenantId, input.id)),
  updateDocument: permissionProcedure("knowledge.update")
    .input(ZUpdateDocumentRequest)
    .mutation(({ ctx, input: { id, ...doc } }) => updateDocument(ctx.db, ctx.tenantId, id, doc)),
  importFaqCsv: permissionProcedure("knowledge.update")
    .input(ZImportFaqCsvRequest)
    .mutation(({ ctx, input }) => importFaqCsv(ctx.db, ctx.tenantId, input.botId, input.csv)),
  addPdf: permissionProcedure("knowledge.update")
    .input(ZAddPdfRequest)
    .mutation(({ ctx, input }) =>
      addPdf(ctx.db, ctx.tenantId, input.botId, { filename: input.filename, bytes: new Uint8Array(Buffer.from(input.dataBase64, "base64")) }),
    ),
  importUrl: permissionProcedure("knowledge.update")
    .input(ZImportUrlRequest)
    .mutation(({ ctx, input }) => importWebPage(ctx.db, ctx.tenantId, input.botId, input.url)),
  delete: permissionProcedure("knowledge.update")
    .input(ZSourceIdRequest)
    .mutation(({ ctx, input }) => deleteSource(ctx.db, ctx.tenantId, input.id)),
});
