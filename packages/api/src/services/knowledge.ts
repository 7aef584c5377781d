import { randomUUID } from "node:crypto";
import { Prisma, type Db, type DbTx } from "@kefu/db";
import {
  chunkMarkdown,
  DomainError,
  faqChunks,
  faqRowsFromCsv,
  hashedNgramEmbedding,
  htmlToMarkdown,
  notFound,
  ZDocumentInput,
  ZFaqInput,
  type DocumentInput,
  type FaqInput,
} from "@kefu/domain";
import { getBot } from "./bots.ts";
import { extractPdfText } from "./pdf.ts";
import { fetchWebPage, type WebFetchPolicy } from "./web-page.ts";

const SOURCE_FIELDS = {
  id: true,
  kind: true,
  title: true,
  question: true,
  alternatives: true,
  answer: true,
  url: true,
  status: true,
  error: true,
  createdAt: true,
  updatedAt: true,
  _count: { select: { chunks: true } },
} as const;

interface ChunkRow {
  text: string;
  answer: string;
  headingPath: string[];
}

/** The knowledge base new sources of a bot go to (its first linked one). */
async function primaryKnowledgeBaseId(db: DbTx, tenantId: string, botId: string): Promise<string> {
  const bot = await getBot(db, tenantId, botId);
  const link = await db.botKnowledgeBase.findFirst({
    where: { tenantId, botId: bot.id },
    orderBy: { createdAt: "asc" },
    select: { knowledgeBaseId: true },
  });
  if (!link) throw new DomainError("NOT_FOUND", "knowledge_base_not_found", "This bot has no knowledge base.");
  return link.knowledgeBaseId;
}

export async function knowledgeBaseIdsForBot(db: DbTx, tenantId: string, botId: string): Promise<string[]> {
  const links = await db.botKnowledgeBase.findMany({ where: { tenantId, botId }, select: { knowledgeBaseId: true } });
  return links.map((l) => l.knowledgeBaseId);
}

export async function listSources(db: DbTx, tenantId: string, botId: string) {
  const bot = await getBot(db, tenantId, botId);
  const kbIds = await knowledgeBaseIdsForBot(db, tenantId, bot.id);
  return db.knowledgeSource.findMany({
    where: { tenantId, knowledgeBaseId: { in: kbIds } },
    orderBy: { createdAt: "desc" },
    select: SOURCE_FIELDS,
  });
}

/**
 * Writes a source's chunks with their embeddings and marks it READY in the same
 * transaction as the source row: nothing half-indexed is ever visible.
 */
async function insertChunks(tx: DbTx, tenantId: string, knowledgeBaseId: string, sourceId: string, chunks: ChunkRow[]) {
  if (chunks.length === 0) return;
  const rows = chunks.map((chunk, ordinal) => {
    const vector = `[${hashedNgramEmbedding(chunk.text).join(",")}]`;
    return Prisma.sql`(${randomUUID()}, ${tenantId}, ${knowledgeBaseId}, ${sourceId}, ${ordinal}, ${chunk.text}, ${chunk.answer}, ${chunk.headingPath}::text[], ${vector}::vector)`;
  });
  await tx.$executeRaw`INSERT INTO "KnowledgeChunk" ("id", "tenantId", "knowledgeBaseId", "sourceId", "ordinal", "text", "answer", "headingPath", "embedding") VALUES ${Prisma.join(rows)}`;
}

async function touchKnowledgeBase(tx: DbTx, tenantId: string, knowledgeBaseId: string) {
  // updatedAt is the retrieval cache's version key.
  await tx.knowledgeBase.updateMany({ where: { id: knowledgeBaseId, tenantId }, data: { updatedAt: new Date() } });
}

const faqChunkRows = (input: FaqInput): ChunkRow[] =>
  faqChunks(input).map((c) => ({ text: c.text, answer: c.answer, headingPath: [] }));

function documentChunkRows(title: string, content: string): ChunkRow[] {
  const pieces = chunkMarkdown(content);
  if (pieces.length === 0) {
    throw new DomainError("BAD_REQUEST", "document_empty", "The document has no text to learn from.");
  }
  return pieces.map((piece) => ({
    // Matching sees the title and heading path as context; the answer is the passage.
    text: [title, ...piece.headingPath, piece.text].join("\n"),
    answer: piece.text,
    headingPath: piece.headingPath,
  }));
}

/** Swaps a source's chunks in the caller's transaction: readers see the old set or the new one. */
async function replaceChunks(tx: DbTx, tenantId: string, knowledgeBaseId: string, sourceId: string, chunks: ChunkRow[]) {
  await tx.knowledgeChunk.deleteMany({ where: { tenantId, sourceId } });
  await insertChunks(tx, tenantId, knowledgeBaseId, sourceId, chunks);
  await touchKnowledgeBase(tx, tenantId, knowledgeBaseId);
}

async function createFaqSource(tx: DbTx, tenantId: string, knowledgeBaseId: string, input: FaqInput) {
  const source = await tx.knowledgeSource.create({
    data: {
      tenantId,
      knowledgeBaseId,
      kind: "FAQ",
      title: input.question,
      question: input.question,
      alternatives: input.alternatives,
      answer: input.answer,
      status: "READY",
    },
    select: { id: true },
  });
  await insertChunks(tx, tenantId, knowledgeBaseId, source.id, faqChunkRows(input));
  return source.id;
}

export async function addFaq(db: Db, tenantId: string, botId: string, input: FaqInput) {
  const knowledgeBaseId = await primaryKnowledgeBaseId(db, tenantId, botId);
  return db.$transaction(async (tx) => {
    const id = await createFaqSource(tx, tenantId, knowledgeBaseId, input);
    await touchKnowledgeBase(tx, tenantId, knowledgeBaseId);
    return tx.knowledgeSource.findFirstOrThrow({ where: { id, tenantId }, select: SOURCE_FIELDS });
  });
}

export const MAX_FAQ_IMPORT_ROWS = 2000;

/** Imports FAQ entries from a CSV file: every row valid and all saved, or nothing saved. */
export async function importFaqCsv(db: Db, tenantId: string, botId: string, csv: string) {
  const knowledgeBaseId = await primaryKnowledgeBaseId(db, tenantId, botId);
  const parsed = faqRowsFromCsv(csv);
  if (!parsed.ok) throw new DomainError("BAD_REQUEST", "csv_invalid", parsed.reason);
  if (parsed.rows.length > MAX_FAQ_IMPORT_ROWS) {
    throw new DomainError("BAD_REQUEST", "csv_too_many_rows", `At most ${MAX_FAQ_IMPORT_ROWS} FAQ entries per file; this one has ${parsed.rows.length}.`);
  }
  const entries: FaqInput[] = [];
  const problems: string[] = [];
  for (const row of parsed.rows) {
    const entry = ZFaqInput.safeParse(row);
    if (entry.success) entries.push(entry.data);
    else problems.push(`line ${row.line}: ${(entry.error.issues[0]?.message ?? "invalid").replace(/\.$/, "")}`);
  }
  if (problems.length > 0) {
    const more = problems.length > 5 ? ` (and ${problems.length - 5} more)` : "";
    throw new DomainError("BAD_REQUEST", "csv_rows_invalid", `Nothing was imported. Fix ${problems.slice(0, 5).join("; ")}${more}.`);
  }
  await db.$transaction(async (tx) => {
    for (const entry of entries) await createFaqSource(tx, tenantId, knowledgeBaseId, entry);
    await touchKnowledgeBase(tx, tenantId, knowledgeBaseId);
  });
  return { imported: entries.length };
}

export function addDocument(db: Db, tenantId: string, botId: string, input: DocumentInput) {
  return createDocumentSource(db, tenantId, botId, { kind: "MARKDOWN", ...input });
}

/** Imports a public web page by URL as a document (fetched with SSRF protection). */
export async function importWebPage(db: Db, tenantId: string, botId: string, url: string, policy?: WebFetchPolicy) {
  await getBot(db, tenantId, botId); // refuse before fetching anything for a bot that isn't theirs
  const page = await fetchWebPage(url, policy);
  const { title, markdown } = /html|xml/i.test(page.contentType) ? htmlToMarkdown(page.body) : { title: "", markdown: page.body };
  const content = ZDocumentInput.shape.content.safeParse(markdown);
  if (!content.success) {
    throw new DomainError("BAD_REQUEST", "url_no_text", content.error.issues[0]?.message ?? "The page has no text to learn from.");
  }
  const fallbackTitle = new URL(page.url).hostname + new URL(page.url).pathname.replace(/\/$/, "");
  return createDocumentSource(db, tenantId, botId, {
    kind: "URL",
    title: (title || fallbackTitle).slice(0, 200),
    content: content.data,
    url: page.url,
  });
}

/** Adds an uploaded PDF as a document: its text, extracted in-process. */
export async function addPdf(db: Db, tenantId: string, botId: string, input: { filename: string; bytes: Uint8Array }) {
  await getBot(db, tenantId, botId);
  const pdf = await extractPdfText(input.bytes);
  const content = ZDocumentInput.shape.content.safeParse(pdf.text);
  if (!content.success) throw new DomainError("BAD_REQUEST", "pdf_invalid", content.error.issues[0]?.message ?? "The PDF has no text.");
  const title = (pdf.title || input.filename.replace(/\.pdf$/i, "")).slice(0, 200) || "PDF";
  return createDocumentSource(db, tenantId, botId, { kind: "PDF", title, content: content.data });
}

async function createDocumentSource(
  db: Db,
  tenantId: string,
  botId: string,
  input: { kind: "MARKDOWN" | "URL" | "PDF"; title: string; content: string; url?: string },
) {
  const knowledgeBaseId = await primaryKnowledgeBaseId(db, tenantId, botId);
  const chunks = documentChunkRows(input.title, input.content);
  return db.$transaction(async (tx) => {
    const source = await tx.knowledgeSource.create({
      data: { tenantId, knowledgeBaseId, kind: input.kind, title: input.title, content: input.content, url: input.url, status: "READY" },
      select: { id: true },
    });
    await insertChunks(tx, tenantId, knowledgeBaseId, source.id, chunks);
    await touchKnowledgeBase(tx, tenantId, knowledgeBaseId);
    return tx.knowledgeSource.findFirstOrThrow({ where: { id: source.id, tenantId }, select: SOURCE_FIELDS });
  });
}

/** Edits an FAQ entry; its phrasings are re-indexed in the same transaction. */
export async function updateFaq(db: Db, tenantId: string, id: string, input: FaqInput) {
  const chunks = faqChunkRows(input);
  return db.$transaction(async (tx) => {
    const source = await findSource(tx, tenantId, id, "FAQ");
    await tx.knowledgeSource.updateMany({
      where: { id, tenantId },
      data: { title: input.question, question: input.question, alternatives: input.alternatives, answer: input.answer },
    });
    await replaceChunks(tx, tenantId, source.knowledgeBaseId, id, chunks);
    return tx.knowledgeSource.findFirstOrThrow({ where: { id, tenantId }, select: SOURCE_FIELDS });
  });
}

/** Replaces a document's text (a re-upload): old passages are served until the new ones commit. */
export async function updateDocument(db: Db, tenantId: string, id: string, input: DocumentInput) {
  const chunks = documentChunkRows(input.title, input.content);
  return db.$transaction(async (tx) => {
    const source = await findSource(tx, tenantId, id, "MARKDOWN");
    await tx.knowledgeSource.updateMany({ where: { id, tenantId }, data: { title: input.title, content: input.content } });
    await replaceChunks(tx, tenantId, source.knowledgeBaseId, id, chunks);
    return tx.knowledgeSource.findFirstOrThrow({ where: { id, tenantId }, select: SOURCE_FIELDS });
  });
}

async function findSource(tx: DbTx, tenantId: string, id: string, kind: "FAQ" | "MARKDOWN") {
  const source = await tx.knowledgeSource.findFirst({ where: { id, tenantId, kind }, select: { knowledgeBaseId: true } });
  if (!source) throw notFound("knowledge_source");
  return source;
}

/** A Markdown document's full text, for editing. */
export async function getDocument(db: DbTx, tenantId: string, id: string) {
  const doc = await db.knowledgeSource.findFirst({ where: { id, tenantId, kind: "MARKDOWN" }, select: { id: true, title: true, content: true } });
  if (!doc) throw notFound("knowledge_source");
  return { id: doc.id, title: doc.title, content: doc.content ?? "" };
}

export async function deleteSource(db: Db, tenantId: string, id: string) {
  await db.$transaction(async (tx) => {
    const source = await tx.knowledgeSource.findFirst({ where: { id, tenantId }, select: { knowledgeBaseId: true } });
    if (!source) throw notFound("knowledge_source");
    await tx.knowledgeSource.deleteMany({ where: { id, tenantId } });
    await touchKnowledgeBase(tx, tenantId, source.knowledgeBaseId);
  });
  return { id };
}
