import {
  ZImportFaqXlsxRequest,
  ZIntentImportRequest,
  ZIntentImportResponse,
  ZIntentPreviewResponse,
  ZKnowledgeSearchRequest,
  ZResyncUrlRequest,
  ZSetSyncScheduleRequest,
  ZUploadFileRequest,
} from "@kefu/domain";
import { permissionProcedure } from "../platform/trpc.ts";
import { importFaqXlsx, uploadDocumentFile } from "./files.ts";
import { importIntents, previewIntentImport } from "./intents.ts";
import { searchKnowledge } from "./search.ts";
import { resyncUrl, setSyncSchedule } from "./url-sync.ts";

/** An uploaded file as the procedures receive it (base64 in JSON). */
export const base64Bytes = (base64: string) => new Uint8Array(Buffer.from(base64, "base64"));

/** Knowledge procedures for files, URL re-sync and search; spread into the knowledge router. */
export const knowledgeSourceProcedures = {
  importFaqXlsx: permissionProcedure("knowledge.update")
    .input(ZImportFaqXlsxRequest)
    .mutation(({ ctx, input: { botId, knowledgeBaseId, dataBase64 } }) => importFaqXlsx(ctx.db, { tenantId: ctx.tenantId, botId, knowledgeBaseId }, base64Bytes(dataBase64))),
  uploadFile: permissionProcedure("knowledge.update")
    .input(ZUploadFileRequest)
    .mutation(({ ctx, input: { botId, knowledgeBaseId, filename, dataBase64 } }) =>
      uploadDocumentFile(ctx.db, { tenantId: ctx.tenantId, botId, knowledgeBaseId }, { filename, bytes: base64Bytes(dataBase64) }),
    ),
  // Intent sets (CSV utterance,label or Rasa nlu.yml + domain.yml): what an import would do (a
  // mutation only because it carries files; nothing is saved), then the import, all or nothing.
  previewIntents: permissionProcedure("knowledge.update")
    .input(ZIntentImportRequest)
    .output(ZIntentPreviewResponse)
    .mutation(({ ctx, input: { botId, knowledgeBaseId, files } }) =>
      previewIntentImport(ctx.db, { tenantId: ctx.tenantId, botId, knowledgeBaseId }, files.map((f) => ({ filename: f.filename, bytes: base64Bytes(f.dataBase64) }))),
    ),
  importIntents: permissionProcedure("knowledge.update")
    .input(ZIntentImportRequest)
    .output(ZIntentImportResponse)
    .mutation(({ ctx, input: { botId, knowledgeBaseId, files } }) =>
      importIntents(ctx.db, { tenantId: ctx.tenantId, botId, knowledgeBaseId }, files.map((f) => ({ filename: f.filename, bytes: base64Bytes(f.dataBase64) }))),
    ),
  resyncUrl: permissionProcedure("knowledge.update")
    .input(ZResyncUrlRequest)
    .mutation(({ ctx, input }) => resyncUrl(ctx.db, ctx.tenantId, input.id)),
  setSyncSchedule: permissionProcedure("knowledge.update")
    .input(ZSetSyncScheduleRequest)
    .mutation(({ ctx, input }) => setSyncSchedule(ctx.db, { tenantId: ctx.tenantId, id: input.id }, input.intervalHours)),
  search: permissionProcedure("knowledge.read")
    .input(ZKnowledgeSearchRequest)
    .query(({ ctx, input }) => searchKnowledge(ctx.db, ctx.tenantId, input.botId, input.query)),
};
