import {
  ZAddDocumentRequest,
  ZAddFaqRequest,
  ZAddPdfRequest,
  ZBotIdRequest,
  ZImportFaqCsvRequest,
  ZImportUrlRequest,
  ZPlaygroundRequest,
  ZSourceIdRequest,
  ZUpdateDocumentRequest,
  ZUpdateFaqRequest,
} from "@kefu/domain";
import { permissionProcedure, router } from "../platform/trpc.ts";
import { importFaqCsv } from "./files.ts";
import { playground } from "./playground.ts";
import { base64Bytes, knowledgeSourceProcedures } from "./source-router.ts";
import { addDocument, addFaq, addPdf, deleteSource, getDocument, importWebPage, listSources, retrySource, updateDocument, updateFaq } from "./sources.ts";

export const knowledgeRouter = router({
  ...knowledgeSourceProcedures,
  list: permissionProcedure("knowledge.read")
    .input(ZBotIdRequest)
    .query(({ ctx, input }) => listSources(ctx.db, ctx.tenantId, input.id)),
  playground: permissionProcedure("knowledge.read")
    .input(ZPlaygroundRequest)
    .query(({ ctx, input }) => playground(ctx.db, ctx.tenantId, input.botId, input.question)),
  addFaq: permissionProcedure("knowledge.update")
    .input(ZAddFaqRequest)
    .mutation(({ ctx, input: { botId, knowledgeBaseId, ...faq } }) => addFaq(ctx.db, { tenantId: ctx.tenantId, botId, knowledgeBaseId }, faq)),
  addDocument: permissionProcedure("knowledge.update")
    .input(ZAddDocumentRequest)
    .mutation(({ ctx, input: { botId, knowledgeBaseId, ...doc } }) => addDocument(ctx.db, { tenantId: ctx.tenantId, botId, knowledgeBaseId }, doc)),
  updateFaq: permissionProcedure("knowledge.update")
    .input(ZUpdateFaqRequest)
    .mutation(({ ctx, input: { id, ...faq } }) => updateFaq(ctx.db, ctx.tenantId, id, faq)),
  getDocument: permissionProcedure("knowledge.read")
    .input(ZSourceIdRequest)
    .query(({ ctx, input }) => getDocument(ctx.db, ctx.tenantId, input.id)),
  updateDocument: permissionProcedure("knowledge.update")
    .input(ZUpdateDocumentRequest)
    .mutation(({ ctx, input: { id, ...doc } }) => updateDocument(ctx.db, { tenantId: ctx.tenantId, id }, doc)),
  importFaqCsv: permissionProcedure("knowledge.update")
    .input(ZImportFaqCsvRequest)
    .mutation(({ ctx, input: { botId, knowledgeBaseId, csv, dataBase64 } }) =>
      importFaqCsv(ctx.db, { tenantId: ctx.tenantId, botId, knowledgeBaseId }, csv ?? base64Bytes(dataBase64 ?? "")),
    ),
  addPdf: permissionProcedure("knowledge.update")
    .input(ZAddPdfRequest)
    .mutation(({ ctx, input: { botId, knowledgeBaseId, filename, dataBase64 } }) =>
      addPdf(ctx.db, { tenantId: ctx.tenantId, botId, knowledgeBaseId }, { filename, bytes: base64Bytes(dataBase64) }),
    ),
  importUrl: permissionProcedure("knowledge.update")
    .input(ZImportUrlRequest)
    .mutation(({ ctx, input: { botId, knowledgeBaseId, url } }) => importWebPage(ctx.db, { tenantId: ctx.tenantId, botId, knowledgeBaseId, url })),
  delete: permissionProcedure("knowledge.update")
    .input(ZSourceIdRequest)
    .mutation(({ ctx, input }) => deleteSource(ctx.db, ctx.tenantId, input.id)),
  // Queues a failed document's indexing again.
  retry: permissionProcedure("knowledge.update")
    .input(ZSourceIdRequest)
    .mutation(({ ctx, input }) => retrySource(ctx.db, ctx.tenantId, input.id)),
});
