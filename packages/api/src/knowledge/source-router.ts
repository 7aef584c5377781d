import { ZImportFaqXlsxRequest, ZKnowledgeSearchRequest, ZResyncUrlRequest, ZSetSyncScheduleRequest, ZUploadFileRequest } from "@kefu/domain";
import { importFaqXlsx, uploadDocumentFile } from "./files.ts";
import { primaryKnowledgeBaseId } from "./sources.ts";
import { reembedAfterFaqChange } from "./reembed.ts";
import { searchKnowledge } from "./search.ts";
import { resyncUrl, setSyncSchedule } from "./url-sync.ts";
import { permissionProcedure } from "../platform/trpc.ts";

const bytes = (base64: string) => new Uint8Array(Buffer.from(base64, "base64"));

/** Knowledge procedures for files, URL re-sync and search; spread into the knowledge router. */
export const knowledgeSourceProcedures = {
  importFaqXlsx: permissionProcedure("knowledge.update")
    .input(ZImportFaqXlsxRequest)
    .mutation(async ({ ctx, input }) => {
      const result = await importFaqXlsx(ctx.db, ctx.tenantId, input.botId, bytes(input.dataBase64), input.knowledgeBaseId);
      await reembedAfterFaqChange(ctx.db, ctx.tenantId, await primaryKnowledgeBaseId(ctx.db, ctx.tenantId, input.botId, input.knowledgeBaseId));
      return result;
    }),
  uploadFile: permissionProcedure("knowledge.update")
    .input(ZUploadFileRequest)
    .mutation(({ ctx, input }) =>
      uploadDocumentFile(ctx.db, ctx.tenantId, input.botId, { filename: input.filename, bytes: bytes(input.dataBase64), knowledgeBaseId: input.knowledgeBaseId }),
    ),
  resyncUrl: permissionProcedure("knowledge.update")
    .input(ZResyncUrlRequest)
    .mutation(({ ctx, input }) => resyncUrl(ctx.db, ctx.tenantId, input.id)),
  setSyncSchedule: permissionProcedure("knowledge.update")
    .input(ZSetSyncScheduleRequest)
    .mutation(({ ctx, input }) => setSyncSchedule(ctx.db, ctx.tenantId, input.id, input.intervalHours)),
  search: permissionProcedure("knowledge.read")
    .input(ZKnowledgeSearchRequest)
    .query(({ ctx, input }) => searchKnowledge(ctx.db, ctx.tenantId, input.botId, input.query)),
};
