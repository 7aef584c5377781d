import { parseCsvRecords } from "./csv";
import { isFaqHeader } from "./faq-table";
import { isIntentHeader } from "./intents";

/**
 * Where a file dropped on the knowledge upload goes, from its name: a document, a PDF, an FAQ
 * spreadsheet, a CSV (FAQ table or intent set, decided by its header: csvUploadKind) or a Rasa
 * YAML intent file. The server still checks the bytes; this only picks the procedure.
 */
export type UploadRoute = "document" | "pdf" | "csv" | "xlsx" | "intents";

export function uploadRoute(filename: string): UploadRoute | null {
  const ext = /\.([^.]+)$/.exec(filename.toLowerCase())?.[1] ?? "";
  if (["md", "markdown", "txt", "html", "htm"].includes(ext)) return "document";
  if (ext === "yml" || ext === "yaml") return "intents";
  if (ext === "pdf" || ext === "csv" || ext === "xlsx") return ext;
  return null;
}

/**
 * What a CSV file holds, from its first row: an FAQ table (question, answer…), an intent set
 * (utterance, label…), or "unknown" when the header names neither (an intent set may have no
 * header at all, so the person says which).
 */
export type CsvUploadKind = "faq" | "intents" | "unknown";

export function csvUploadKind(text: string): CsvUploadKind {
  // Only the first record matters: parse the start of the file, not all of it.
  const firstLines = text.replace(/^\uFEFF/, "").slice(0, 4096);
  const header = parseCsvRecords(firstLines)[0]?.cells ?? [];
  if (isFaqHeader(header)) return "faq";
  if (isIntentHeader(header)) return "intents";
  return "unknown";
}
