import { type Db } from "@kefu/db";
import {
  DomainError,
  faqEntriesFromCsv,
  faqEntriesFromTable,
  TEXT_FILE_EXTENSIONS,
  type FaqTableResult,
} from "@kefu/domain";
import { assertFileType } from "./file-types.ts";
import { htmlToMarkdown } from "./html-to-markdown.ts";
import { reembedAfterFaqChange } from "./reembed.ts";
import { queuePhrasingsAfterChange } from "./phrasings.ts";
import {
  createDocumentSource,
  importedDocumentContent,
  insertFaqSources,
  prepareFaqSources,
  primaryKnowledgeBaseId,
  touchKnowledgeBase,
  type SourceTarget,
} from "./sources.ts";
import { readXlsxTable } from "./xlsx.ts";

/**
 * Files a tenant uploads as knowledge: FAQ tables (CSV, XLSX) and text
 * documents (Markdown, plain text, HTML). PDFs: sources.ts addPdf.
 */

/**
 * The FAQ import's one transaction may take this long (a deliberate exception to Prisma's 5 s):
 * 2,000 rows take a few seconds, but entries of up to 1,000 phrasings make files of up to
 * MAX_FAQ_IMPORT_PHRASINGS chunks (15,000 took 9-19 s on a busy two-core machine).
 */
const IMPORT_TRANSACTION_TIMEOUT_MS = 120_000;

/**
 * Saves every validated entry in one transaction, or throws the domain's message naming the rows
 * to fix; bots searching the knowledge base with a remote model get the new vectors queued.
 */
async function importFaqTable(db: Db, target: SourceTarget, table: { format: "csv" | "xlsx"; result: FaqTableResult }) {
  const { format, result } = table;
  if (!result.ok) throw new DomainError("BAD_REQUEST", `${format}_${result.problem}`, result.message);
  const { tenantId } = target;
  const knowledgeBaseId = await primaryKnowledgeBaseId(db, tenantId, target.botId, target.knowledgeBaseId);
  const { entries } = result;
  // Ids, rows and embeddings are computed before the transaction, which then only inserts:
  // one multi-row INSERT of sources, one per 500 chunks (2,000 entries: see docs/benchmarks.md).
  const prepared = prepareFaqSources({ tenantId, knowledgeBaseId }, entries);
  await db.$transaction(
    async (tx) => {
      await insertFaqSources(tx, prepared);
      await touchKnowledgeBase(tx, tenantId, knowledgeBaseId);
    },
    // All or nothing, so one transaction. Prisma's default 5 s would abort (and a valid file be
    // refused) when the database is busy with other work; the largest file takes well under this.
    { timeout: IMPORT_TRANSACTION_TIMEOUT_MS },
  );
  await reembedAfterFaqChange(db, tenantId, knowledgeBaseId);
  await queuePhrasingsAfterChange(db, tenantId, knowledgeBaseId, prepared.sources.map((s) => s.id));
  return { imported: entries.length };
}

/**
 * Imports FAQ entries from a CSV file: every row valid and all saved, or nothing saved. The file
 * comes as its bytes (checked to be UTF-8 text) or as text already decoded by the client, whose
 * UTF-8 form is checked the same way (a PDF or a ZIP read as text keeps its signature).
 */
export async function importFaqCsv(db: Db, target: SourceTarget, csv: string | Uint8Array) {
  // Refuse another tenant's bot before saying anything about the file.
  await primaryKnowledgeBaseId(db, target.tenantId, target.botId, target.knowledgeBaseId);
  const text = typeof csv === "string" ? csv : await decodeUtf8(csv);
  if (typeof csv === "string") await assertFileType("text", new TextEncoder().encode(csv));
  return importFaqTable(db, target, { format: "csv", result: faqEntriesFromCsv(text) });
}

/** Imports FAQ entries from the first sheet of an .xlsx workbook, with the same rules as CSV. */
export async function importFaqXlsx(db: Db, target: SourceTarget, bytes: Uint8Array) {
  await primaryKnowledgeBaseId(db, target.tenantId, target.botId, target.knowledgeBaseId);
  await assertFileType("xlsx", bytes);
  const table = await readXlsxTable(bytes);
  return importFaqTable(db, target, { format: "xlsx", result: faqEntriesFromTable(table, "row") });
}

const fileError = (reason: string, message: string) => new DomainError("BAD_REQUEST", reason, message);

/** The file's extension, lower case, with its dot (".md"), or "". */
export function fileExtension(filename: string): string {
  const match = /\.[^./\\]+$/.exec(filename.trim());
  return match ? match[0].toLowerCase() : "";
}

/** The text of an uploaded text file, after checking its bytes are text (file-types.ts). */
async function decodeUtf8(bytes: Uint8Array): Promise<string> {
  await assertFileType("text", bytes);
  return new TextDecoder("utf-8").decode(bytes).replace(/^\uFEFF/, "");
}

/** The first Markdown heading (ATX or setext), for a title. */
export function firstHeading(markdown: string): string {
  const lines = markdown.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const atx = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(lines[i]!);
    if (atx?.[1]) return atx[1];
    if (lines[i]!.trim() && /^\s{0,3}(=+|-+)\s*$/.test(lines[i + 1] ?? "") && !/^\s*[-*+]\s/.test(lines[i]!)) {
      return lines[i]!.trim();
    }
  }
  return "";
}

/** Adds an uploaded Markdown, plain-text or HTML file as a Markdown document. */
export async function uploadDocumentFile(db: Db, target: SourceTarget, input: { filename: string; bytes: Uint8Array }) {
  await primaryKnowledgeBaseId(db, target.tenantId, target.botId, target.knowledgeBaseId);
  const ext = fileExtension(input.filename);
  if (!(TEXT_FILE_EXTENSIONS as readonly string[]).includes(ext)) {
    throw fileError(
      "file_type_unsupported",
      `${ext ? `"${ext}" files` : "Files without an extension"} cannot be uploaded as documents. Upload .md, .markdown, .txt, .html or .htm (PDF, CSV and XLSX have their own import).`,
    );
  }
  const text = await decodeUtf8(input.bytes);
  const baseName = input.filename.trim().replace(/\.[^.]+$/, "");
  let title: string;
  let markdown: string;
  if (ext === ".html" || ext === ".htm") {
    const page = htmlToMarkdown(text);
    markdown = page.markdown;
    title = page.title || firstHeading(markdown);
  } else {
    markdown = text;
    title = ext === ".txt" ? "" : firstHeading(markdown);
  }
  const content = importedDocumentContent(markdown, { reason: "file_no_text", fallback: "The file has no text to learn from." });
  return createDocumentSource(db, target, {
    kind: "MARKDOWN",
    title: (title || baseName || "Document").slice(0, 200),
    content,
    fileName: input.filename.trim(),
  });
}
