import { ZAddDocumentRequest, ZAddPdfRequest, ZAddFaqRequest, ZBotIdRequest, ZImportFaqCsvRequest, ZImportUrlRequest, ZSourceIdRequest, ZUpdateDocumentRequest, ZPlaygroundRequest, ZUpdateFaqRequest } from "@kefu/domain";
import {
  addDocument,
  addFaq,
  addPdf,
  deleteSource,
  getDocument,
  importWebPage,
  listSources,
  primaryKnowledgeBaseId,
  retrySource,
  updateDocument,
  updateFaq,
} from "./sources.ts";
import { importFaqCsv } from "./files.ts";
import { reembedAfterFaqChange } from "./reembed.ts";
import { knowledgeSourceProcedures } from "./source-router.ts";
import { playground } from "./playground.ts";
import { permissionProcedure, router } from "../platform/trpc.ts";

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
    .mutation(async ({ ctx, input: { botId, knowledgeBaseId, ...faq } }) => {
      const source = await addFaq(ctx.db, ctx.tenantId, botId, faq, knowledgeBaseId);
      await reembedAfterFaqChange(ctx.db, ctx.tenantId, source.knowledgeBaseId);
      return source;
    }),
  addDocument: permissionProcedure("knowledge.update")
    .input(ZAddDocumentRequest)
    .mutation(({ ctx, input: { botId, knowledgeBaseId, ...doc } }) => addDocument(ctx.db, ctx.tenantId, botId, doc, knowledgeBaseId)),
  updateFaq: permissionProcedure("knowledge.update")
    .input(ZUpdateFaqRequest)
    .mutation(async ({ ctx, input: { id, ...faq } }) => {
      const source = await updateFaq(ctx.db, ctx.tenantId, id, faq);
      await reembedAfterFaqChange(ctx.db, ctx.tenantId, source.knowledgeBaseId);
      return source;
    }),
  getDocument: permissionProcedure("knowledge.read")
    .input(ZSourceIdRequest)
    .query(({ ctx, input }) => getDocument(ctx.db, ctx.tenantId, input.id)),
  updateDocument: permissionProcedure("knowledge.update")
    .input(ZUpdateDocumentRequest)
    .mutation(({ ctx, input: { id, ...doc } }) => updateDocument(ctx.db, ctx.tenantId, id, doc)),
  importFaqCsv: permissionProcedure("knowledge.update")
    .input(ZImportFaqCsvRequest)
    .mutation(async ({ ctx, input }) => {
      const result = await importFaqCsv(ctx.db, ctx.tenantId, input.botId, input.csv, input.knowledgeBaseId);
      await reembedAfterFaqChange(ctx.db, ctx.tenantId, await primaryKnowledgeBaseId(ctx.db, ctx.tenantId, input.botId, input.knowledgeBaseId));
      return result;
    }),
  addPdf: permissionProcedure("knowledge.update")
    .input(ZAddPdfRequest)
    .mutation(({ ctx, input }) =>
      addPdf(ctx.db, ctx.tenantId, input.botId, { filename: input.filename, bytes: new Uint8Array(Buffer.from(input.dataBase64, "base64")), knowledgeBaseId: input.knowledgeBaseId }),
    ),
  importUrl: permissionProcedure("knowledge.update")
    .input(ZImportUrlRequest)
    .mutation(({ ctx, input }) => importWebPage(ctx.db, ctx.tenantId, input.botId, input.url, undefined, input.knowledgeBaseId)),
  delete: permissionProcedure("knowledge.update")
    .input(ZSourceIdRequest)
    .mutation(({ ctx, input }) => deleteSource(ctx.db, ctx.tenantId, input.id)),
  // Queues a failed document's indexing again.
  retry: permissionProcedure("knowledge.update")
    .input(ZSourceIdRequest)
    .mutation(({ ctx, input }) => retrySource(ctx.db, ctx.tenantId, input.id)),
});
