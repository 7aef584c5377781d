import { z } from "zod";
import { ZText } from "./text";
import { ZId } from "./bot";

/** Knowledge bases of a tenant, the knowledge sources' files, URL re-sync and search. */

const base64 = (maxBytes: number, tooLarge: string) =>
  z
    .string()
    // Base64 is 4 characters per 3 bytes.
    .max(Math.ceil(maxBytes / 3) * 4 + 4, tooLarge)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, "The upload was damaged; try again.");

export const MAX_XLSX_BYTES = 5 * 1024 * 1024;
export const MAX_TEXT_FILE_BYTES = 5 * 1024 * 1024;
export const ZOptionalKnowledgeBaseId = ZId.optional();

export const ZImportFaqXlsxRequest = z.object({
  botId: ZId,
  filename: ZText.trim().max(255).optional(),
  dataBase64: base64(MAX_XLSX_BYTES, "The spreadsheet is larger than 5 MB; split it into several."),
  knowledgeBaseId: ZOptionalKnowledgeBaseId,
});

/** Document files uploaded as text: Markdown, plain text, HTML. */
export const TEXT_FILE_EXTENSIONS = [".md", ".markdown", ".txt", ".html", ".htm"] as const;

export const ZUploadFileRequest = z.object({
  botId: ZId,
  filename: ZText.trim().min(1, "The file has no name.").max(255, "The file name is too long."),
  dataBase64: base64(MAX_TEXT_FILE_BYTES, "The file is larger than 5 MB; split it into several."),
  knowledgeBaseId: ZOptionalKnowledgeBaseId,
});

export const SYNC_INTERVAL_HOURS = [1, 6, 24, 168] as const;
export type SyncIntervalHours = (typeof SYNC_INTERVAL_HOURS)[number];

export const ZResyncUrlRequest = z.object({ id: ZId });
export const ZSetSyncScheduleRequest = z.object({
  id: ZId,
  intervalHours: z
    .literal(SYNC_INTERVAL_HOURS, { error: "Choose every hour, every 6 hours, daily or weekly." })
    .nullable(),
});

const kbName = ZText.trim().min(1, "Name is required.").max(80, "Name must be at most 80 characters.");
export const ZCreateKnowledgeBaseRequest = z.object({ name: kbName, botId: ZId.optional() });
export const ZRenameKnowledgeBaseRequest = z.object({ id: ZId, name: kbName });
export const ZKnowledgeBaseIdRequest = z.object({ id: ZId });
export const ZLinkKnowledgeBaseRequest = z.object({ botId: ZId, knowledgeBaseId: ZId });

export const ZKnowledgeSearchRequest = z.object({
  botId: ZId,
  query: ZText.trim().min(1, "Type something to search for.").max(200, "Searches are limited to 200 characters."),
});
