import { z } from "zod";
import { ZText } from "./text";
import { ZId } from "./bot";

export const MAX_PHRASING_LENGTH = 500;
/**
 * Phrasings of one FAQ entry, its question included. Intent sets exported from other bot
 * platforms have 50-300 training phrases an intent; each phrasing is one chunk (chunk.ts).
 */
export const MAX_FAQ_PHRASINGS = 1000;

const phrasing = ZText.trim()
  .min(1, "A question cannot be empty.")
  .max(MAX_PHRASING_LENGTH, `A question must be at most ${MAX_PHRASING_LENGTH} characters.`);

export const ZFaqInput = z.object({
  question: phrasing,
  alternatives: z
    .array(phrasing)
    .max(MAX_FAQ_PHRASINGS - 1, `At most ${(MAX_FAQ_PHRASINGS - 1).toLocaleString("en")} other phrasings (${MAX_FAQ_PHRASINGS.toLocaleString("en")} with the question).`)
    .default([]),
  answer: ZText.trim().min(1, "Answer is required.").max(5000, "Answer must be at most 5000 characters."),
});
export type FaqInput = z.infer<typeof ZFaqInput>;

export const ZDocumentInput = z.object({
  title: ZText.trim().min(1, "Title is required.").max(200, "Title must be at most 200 characters."),
  content: ZText
    .trim()
    .min(1, "The document is empty.")
    .max(200_000, "The document is larger than 200,000 characters; split it into several."),
});
export type DocumentInput = z.infer<typeof ZDocumentInput>;

// knowledgeBaseId: one of the bot's linked knowledge bases; by default its first one.
export const ZAddFaqRequest = ZFaqInput.extend({ botId: ZId, knowledgeBaseId: ZId.optional() });
export const ZAddDocumentRequest = ZDocumentInput.extend({ botId: ZId, knowledgeBaseId: ZId.optional() });
export const ZImportUrlRequest = z.object({
  botId: ZId,
  url: ZText.trim().min(1, "Enter the address of a web page.").max(2000, "This address is too long."),
  knowledgeBaseId: ZId.optional(),
});

export const ZUpdateFaqRequest = ZFaqInput.extend({ id: ZId });
export const ZUpdateDocumentRequest = ZDocumentInput.extend({ id: ZId });
export const ZPlaygroundRequest = z.object({
  botId: ZId,
  question: ZText.trim().min(1, "Type a question to try.").max(4000, "Questions are limited to 4000 characters."),
});
export const ZImportFaqCsvRequest = z.object({
  botId: ZId,
  // A file's content, not typed text: a lone surrogate in a cell is replaced by U+FFFD when the
  // table is read (faq-table.ts), as in XLSX, PDF and web pages, rather than the file refused.
  csv: z.string().min(1, "The file is empty.").max(5_000_000, "The file is larger than 5 MB; split it into several.").optional(),
  // The file's bytes instead of its text, so the server checks the encoding (file-types.ts).
  dataBase64: z
    .string()
    .min(1, "The file is empty.")
    .max(Math.ceil(5_000_000 / 3) * 4 + 4, "The file is larger than 5 MB; split it into several.")
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, "The upload was damaged; try again.")
    .optional(),
  knowledgeBaseId: ZId.optional(),
}).refine((input) => (input.csv === undefined) !== (input.dataBase64 === undefined), { message: "Send the file as csv or dataBase64.", path: ["csv"] });
export const ZAddPdfRequest = z.object({
  botId: ZId,
  filename: ZText.trim().min(1).max(255),
  // Base64 of the file: tRPC's JSON transport; 10 MB of PDF is ~13.4 MB of base64.
  dataBase64: z
    .string()
    .max(14_000_000, "The PDF is larger than 10 MB; split it into several.")
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, "The upload was damaged; try again."),
  knowledgeBaseId: ZId.optional(),
});
export const ZSourceIdRequest = z.object({ id: ZId });

/** Largest intent-set file (CSV, nlu.yml, domain.yml). */
export const MAX_INTENT_FILE_BYTES = 5_000_000;
const ZIntentFile = z.object({
  filename: ZText.trim().min(1, "Choose a file.").max(255),
  dataBase64: z
    .string()
    .min(1, "The file is empty.")
    .max(Math.ceil(MAX_INTENT_FILE_BYTES / 3) * 4 + 4, "The file is larger than 5 MB; split it into several.")
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, "The upload was damaged; try again."),
});
/** An intent set to preview or import: one CSV, or Rasa nlu.yml with an optional domain.yml. */
export const ZIntentImportRequest = z.object({
  botId: ZId,
  knowledgeBaseId: ZId.optional(),
  files: z.array(ZIntentFile).min(1, "Choose a file.").max(2, "At most two files: nlu.yml and domain.yml."),
});
const ZIntentError = z.object({
  line: z.number().int(),
  /** INTENT_ERRORS_EN's code and its parameters, for the dashboard's wording; `reason` in English. */
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  reason: z.string(),
  file: z.string().optional(),
});
export const ZIntentPreviewResponse = z.object({
  format: z.enum(["csv", "rasa"]),
  /** Training phrases read, repeats included. */
  rows: z.number().int(),
  intents: z.array(
    z.object({
      label: z.string(),
      status: z.enum(["new", "merged"]),
      /** Phrasings the entry gains, the first few of them, and those it had or the file repeats. */
      added: z.number().int(),
      examples: z.array(z.string()),
      known: z.number().int(),
      total: z.number().int(),
      answer: z.enum(["file", "kept", "needed"]),
    }),
  ),
  /** The first problems (MAX_REPORTED_INTENT_ERRORS) and how many there are. */
  errors: z.array(ZIntentError),
  errorCount: z.number().int(),
});
export type IntentPreview = z.infer<typeof ZIntentPreviewResponse>;
export const ZIntentImportResponse = z.object({
  created: z.number().int(),
  merged: z.number().int(),
  phrasingsAdded: z.number().int(),
  needAnswer: z.number().int(),
});
