import { randomUUID } from "node:crypto";
import { Prisma, type Db, type DbTx } from "@kefu/db";
import {
  chunkMarkdown,
  DomainError,
  faqChunks,
  hashedNgramEmbedding,
  notFound,
  toWellFormedText,
  ZDocumentInput,
  type DocumentInput,
  type FaqImportEntry,
  type FaqInput,
} from "@kefu/domain";
import { bossFor, enqueueIngestion, kickIngestion } from "../platform/queue/queue.ts";
import { getBot, knowledgeBaseIdsForBot } from "../bots/index.ts";
import { assertFileType } from "./file-types.ts";
import { pageMarkdown } from "./html-to-markdown.ts";
import { extractPdfText } from "./pdf.ts";
import { reembedAfterFaqChange } from "./reembed.ts";
import { faqEntryChunks, generatedAfterEdit, queuePhrasingsAfterChange } from "./phrasings.ts";
import { fetchWebPage, type WebFetchPolicy } from "./web-page.ts";

const SOURCE_FIELDS = {
  id: true,
  kind: true,
  title: true,
  question: true,
  alternatives: true,
  // Written by the knowledge base's chat model, for review (knowledge/phrasings.ts).
  generatedAlternatives: true,
  phrasingStatus: true,
  phrasingError: true,
  answer: true,
  url: true,
  status: true,
  error: true,
  // Background indexing progress (knowledge/ingestion.ts).
  chunksDone: true,
  chunksTotal: true,
  // Knowledge bases, files and URL re-sync (knowledge/url-sync.ts, knowledge-bases.ts).
  category: true,
  // The label of an imported intent (knowledge/intents.ts).
  intent: true,
  fileName: true,
  knowledgeBaseId: true,
  knowledgeBase: { select: { name: true } },
  syncIntervalHours: true,
  lastSyncedAt: true,
  nextSyncAt: true,
  lastSyncChange: true,
  createdAt: true,
  updatedAt: true,
  _count: { select: { chunks: true } },
} as const;

export interface ChunkRow {
  text: string;
  answer: string;
  headingPath: string[];
  /** Computed ahead by the ingestion job; otherwise embedded at insert. */
  embedding?: number[];
}

// Rows per INSERT (chunks: 9 bind parameters each, FAQ sources: 10), well under Postgres's 65535.
const INSERT_BATCH = 500;

/** Where a new source of a bot goes: the knowledge base asked for if linked to the bot, else its first. */
export interface SourceTarget {
  tenantId: string;
  botId: string;
  knowledgeBaseId?: string;
}

/** The knowledge base new sources of a bot go to: the one asked for if linked to the bot, else its first. */
export async function primaryKnowledgeBaseId(db: DbTx, tenantId: string, botId: string, knowledgeBaseId?: string): Promise<string> {
  const link = await db.botKnowledgeBase.findFirst({
    where: { tenantId, botId, ...(knowledgeBaseId !== undefined ? { knowledgeBaseId } : {}) },
    orderBy: { createdAt: "asc" },
    select: { knowledgeBaseId: true },
  });
  if (!link) {
    await getBot(db, tenantId, botId); // a bot that isn't theirs (or doesn't exist) is NOT_FOUND as a bot
    const message = knowledgeBaseId !== undefined ? "This knowledge base is not used by this bot." : "This bot has no knowledge base.";
    throw new DomainError("NOT_FOUND", "knowledge_base_not_found", message);
  }
  return link.knowledgeBaseId;
}

export async function listSources(db: DbTx, tenantId: string, botId: string) {
  const bot = await getBot(db, tenantId, botId);
  const knowledgeBaseIds = await knowledgeBaseIdsForBot(db, tenantId, bot.id);
  return db.knowledgeSource.findMany({
    where: { tenantId, knowledgeBaseId: { in: knowledgeBaseIds } },
    orderBy: { createdAt: "desc" },
    select: SOURCE_FIELDS,
  });
}

/** Where a source's chunks go, and the chunks. */
export interface SourceChunks {
  tenantId: string;
  knowledgeBaseId: string;
  sourceId: string;
  chunks: ChunkRow[];
}

/** Writes sources' chunks with their embeddings, in the caller's transaction (with the status change they belong to). */
async function insertChunks(tx: DbTx, sources: SourceChunks[]) {
  const rows = sources.flatMap(({ tenantId, knowledgeBaseId, sourceId, chunks }) =>
    chunks.map((chunk, ordinal) => {
      const vector = `[${(chunk.embedding ?? hashedNgramEmbedding(chunk.text)).join(",")}]`;
      return Prisma.sql`(${randomUUID()}, ${tenantId}, ${knowledgeBaseId}, ${sourceId}, ${ordinal}, ${chunk.text}, ${chunk.answer}, ${chunk.headingPath}::text[], ${vector}::vector)`;
    }),
  );
  for (let start = 0; start < rows.length; start += INSERT_BATCH) {
    await tx.$executeRaw`INSERT INTO "KnowledgeChunk" ("id", "tenantId", "knowledgeBaseId", "sourceId", "ordinal", "text", "answer", "headingPath", "embedding") VALUES ${Prisma.join(rows.slice(start, start + INSERT_BATCH))}`;
  }
}

export async function touchKnowledgeBase(tx: DbTx, tenantId: string, knowledgeBaseId: string) {
  // updatedAt is the retrieval cache's version key.
  await tx.knowledgeBase.updateMany({ where: { id: knowledgeBaseId, tenantId }, data: { updatedAt: new Date() } });
}

const faqChunkRows = (input: FaqInput): ChunkRow[] =>
  faqChunks(input).map((c) => ({ text: c.text, answer: c.answer, headingPath: [] }));

export function documentChunkRows(title: string, content: string): ChunkRow[] {
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
/** Swaps the chunks of sources (one or many, e.g. a batch of small documents) in the caller's transaction. */
export async function replaceChunks(tx: DbTx, sources: SourceChunks[]) {
  if (sources.length === 0) return;
  await tx.knowledgeChunk.deleteMany({ where: { OR: sources.map(({ tenantId, sourceId }) => ({ tenantId, sourceId })) } });
  await insertChunks(tx, sources);
  const kbs = new Map(sources.map((s) => [`${s.tenantId}/${s.knowledgeBaseId}`, s]));
  for (const { tenantId, knowledgeBaseId } of kbs.values()) await touchKnowledgeBase(tx, tenantId, knowledgeBaseId);
}

/**
 * FAQ entries of an import (CSV, XLSX: up to MAX_FAQ_IMPORT_ROWS), made ready before their
 * transaction: ids, timestamps and every chunk's embedding. Inserted with insertFaqSources, the
 * transaction is a few multi-row INSERTs instead of two statements and an embedding per entry
 * (2,000 entries took longer than Prisma's 5 s transaction timeout).
 */
export interface PreparedFaqSources {
  sources: PreparedFaqSource[];
  chunks: SourceChunks[];
}

interface PreparedFaqSource {
  id: string;
  tenantId: string;
  knowledgeBaseId: string;
  question: string;
  alternatives: string[];
  answer: string;
  category: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export function prepareFaqSources(
  target: { tenantId: string; knowledgeBaseId: string },
  entries: readonly FaqImportEntry[],
  now = new Date(),
): PreparedFaqSources {
  const { tenantId, knowledgeBaseId } = target;
  const sources: PreparedFaqSource[] = [];
  const chunks: SourceChunks[] = [];
  entries.forEach((entry, i) => {
    const id = randomUUID();
    // One millisecond apart, the last row at `now`: the sources list (newest first) keeps the
    // file's order, as when each entry was created on its own.
    const createdAt = new Date(now.getTime() - (entries.length - 1 - i));
    sources.push({ id, tenantId, knowledgeBaseId, question: entry.question, alternatives: entry.alternatives, answer: entry.answer, category: entry.category, createdAt, updatedAt: now });
    const rows = faqChunkRows(entry).map((chunk) => ({ ...chunk, embedding: hashedNgramEmbedding(chunk.text) }));
    chunks.push({ tenantId, knowledgeBaseId, sourceId: id, chunks: rows });
  });
  return { sources, chunks };
}

/**
 * Inserts prepared FAQ entries (READY, titled by their question, as createFaqSource) and their
 * chunks in the caller's transaction. Raw multi-row INSERTs, like the chunks': createMany took
 * 2-5 times as long for the same 2,000 rows (docs/benchmarks.md).
 */
export async function insertFaqSources(tx: DbTx, prepared: PreparedFaqSources) {
  const rows = prepared.sources.map(
    (s) =>
      Prisma.sql`(${s.id}, ${s.tenantId}, ${s.knowledgeBaseId}, 'FAQ'::"SourceKind", ${s.question}, ${s.question}, ${s.alternatives}::text[], ${s.answer}, ${s.category}, 'READY'::"SourceStatus", ${s.createdAt}, ${s.updatedAt})`,
  );
  for (let start = 0; start < rows.length; start += INSERT_BATCH) {
    await tx.$executeRaw`INSERT INTO "KnowledgeSource" ("id", "tenantId", "knowledgeBaseId", "kind", "title", "question", "alternatives", "answer", "category", "status", "createdAt", "updatedAt") VALUES ${Prisma.join(rows.slice(start, start + INSERT_BATCH))}`;
  }
  await insertChunks(tx, prepared.chunks);
}

export async function createFaqSource(tx: DbTx, tenantId: string, knowledgeBaseId: string, input: FaqInput & { category?: string | null }) {
  const source = await tx.knowledgeSource.create({
    data: {
      tenantId,
      knowledgeBaseId,
      kind: "FAQ",
      title: input.question,
      question: input.question,
      alternatives: input.alternatives,
      answer: input.answer,
      category: input.category ?? null,
      status: "READY",
    },
    select: { id: true },
  });
  await insertChunks(tx, [{ tenantId, knowledgeBaseId, sourceId: source.id, chunks: faqChunkRows(input) }]);
  return source.id;
}

/** Adds an FAQ entry, indexed at once; bots searching it with a remote model get its vectors queued. */
export async function addFaq(db: Db, target: SourceTarget, input: FaqInput) {
  const { tenantId } = target;
  const knowledgeBaseId = await primaryKnowledgeBaseId(db, tenantId, target.botId, target.knowledgeBaseId);
  const source = await db.$transaction(async (tx) => {
    const id = await createFaqSource(tx, tenantId, knowledgeBaseId, input);
    await touchKnowledgeBase(tx, tenantId, knowledgeBaseId);
    return tx.knowledgeSource.findFirstOrThrow({ where: { id, tenantId }, select: SOURCE_FIELDS });
  });
  await reembedAfterFaqChange(db, tenantId, knowledgeBaseId);
  await queuePhrasingsAfterChange(db, tenantId, knowledgeBaseId, [source.id]);
  return source;
}

// FAQ import from CSV/XLSX: files.ts (one row-validation path in the domain).

/**
 * The text of an imported document (web page, PDF, uploaded file) checked like a typed one, after
 * any lone UTF-16 surrogate (a PDF's broken text layer…) became U+FFFD: a broken character never
 * makes a file "invalid", and never reaches Postgres, which cannot store it.
 */
export function importedDocumentContent(text: string, problem: { reason: string; fallback: string }): string {
  const content = ZDocumentInput.shape.content.safeParse(toWellFormedText(text));
  if (!content.success) throw new DomainError("BAD_REQUEST", problem.reason, content.error.issues[0]?.message ?? problem.fallback);
  return content.data;
}

export function addDocument(db: Db, target: SourceTarget, input: DocumentInput) {
  return createDocumentSource(db, target, { kind: "MARKDOWN", ...input });
}

/** Imports a public web page by URL as a document (fetched with SSRF protection). */
export async function importWebPage(db: Db, input: SourceTarget & { url: string; policy?: WebFetchPolicy }) {
  const { url, policy, ...target } = input;
  // Refuse before fetching anything for a bot (or knowledge base) that isn't theirs.
  await primaryKnowledgeBaseId(db, target.tenantId, target.botId, target.knowledgeBaseId);
  const page = await fetchWebPage(url, policy);
  const { title, markdown } = pageMarkdown(page);
  const content = importedDocumentContent(markdown, { reason: "url_no_text", fallback: "The page has no text to learn from." });
  const fallbackTitle = new URL(page.url).hostname + new URL(page.url).pathname.replace(/\/$/, "");
  return createDocumentSource(db, target, {
    kind: "URL",
    title: (title || fallbackTitle).slice(0, 200),
    content,
    url: page.url,
  });
}

/** Adds an uploaded PDF as a document: its text, extracted in-process. */
export async function addPdf(db: Db, target: SourceTarget, file: { filename: string; bytes: Uint8Array }) {
  await primaryKnowledgeBaseId(db, target.tenantId, target.botId, target.knowledgeBaseId);
  await assertFileType("pdf", file.bytes);
  const pdf = await extractPdfText(file.bytes);
  const content = importedDocumentContent(pdf.text, { reason: "pdf_invalid", fallback: "The PDF has no text." });
  const title = (pdf.title || file.filename.replace(/\.pdf$/i, "")).slice(0, 200) || "PDF";
  return createDocumentSource(db, target, { kind: "PDF", title, content, fileName: file.filename });
}

/**
 * Stores a new document (QUEUED for ingestion). Titles taken from files and pages are clipped to
 * 200 characters, which can cut a surrogate pair in two: every text is made well-formed here, the
 * last step before Postgres (a no-op for typed input, which ZText already checked).
 */
export async function createDocumentSource(
  db: Db,
  target: SourceTarget,
  input: { kind: "MARKDOWN" | "URL" | "PDF"; title: string; content: string; url?: string; fileName?: string },
) {
  const { tenantId } = target;
  const knowledgeBaseId = await primaryKnowledgeBaseId(db, tenantId, target.botId, target.knowledgeBaseId);
  // Stored QUEUED with its text, and its indexing job enqueued in the same transaction
  // (knowledge/ingestion.ts does the rest in the background).
  const boss = await bossFor(db);
  const source = await db.$transaction(async (tx) => {
    const source = await tx.knowledgeSource.create({
      data: {
        tenantId,
        knowledgeBaseId,
        kind: input.kind,
        title: toWellFormedText(input.title),
        content: toWellFormedText(input.content),
        url: input.url === undefined ? undefined : toWellFormedText(input.url),
        fileName: input.fileName === undefined ? undefined : toWellFormedText(input.fileName),
        status: "QUEUED",
      },
      select: SOURCE_FIELDS,
    });
    await enqueueIngestion(boss, tx, { tenantId, sourceId: source.id });
    return source;
  });
  kickIngestion(db);
  return source;
}

/**
 * Edits an FAQ entry; its phrasings are re-indexed in the same transaction (and re-embedded, see
 * addFaq). Generated phrasings the edit did not make redundant stay until regenerated (queued
 * when the knowledge base has a phrasing model, knowledge/phrasings.ts).
 */
export async function updateFaq(db: Db, tenantId: string, id: string, input: FaqInput) {
  const source = await db.$transaction(async (tx) => {
    const source = await findSource(tx, tenantId, id, "FAQ");
    const generatedAlternatives = generatedAfterEdit(source.generatedAlternatives, input);
    await tx.knowledgeSource.updateMany({
      where: { id, tenantId },
      data: { title: input.question, question: input.question, alternatives: input.alternatives, answer: input.answer, generatedAlternatives },
    });
    const chunks = faqEntryChunks({ ...input, generatedAlternatives });
    await replaceChunks(tx, [{ tenantId, knowledgeBaseId: source.knowledgeBaseId, sourceId: id, chunks }]);
    return tx.knowledgeSource.findFirstOrThrow({ where: { id, tenantId }, select: SOURCE_FIELDS });
  });
  await reembedAfterFaqChange(db, tenantId, source.knowledgeBaseId);
  await queuePhrasingsAfterChange(db, tenantId, source.knowledgeBaseId, [id]);
  return source;
}

/**
 * Replaces a document's text (a re-upload, or a re-synced page: url-sync.ts) through the ingestion
 * job: the old passages stay served until the job commits the new ones in one transaction. Title
 * and text are made well-formed first, as in createDocumentSource (a re-synced page's title is
 * clipped too).
 */
export async function updateDocument(db: Db, document: { tenantId: string; id: string; kind?: "MARKDOWN" | "URL" }, input: DocumentInput) {
  const { tenantId, id, kind = "MARKDOWN" } = document;
  const boss = await bossFor(db);
  const source = await db.$transaction(async (tx) => {
    await findSource(tx, tenantId, id, kind);
    await tx.knowledgeSource.updateMany({
      where: { id, tenantId },
      data: { title: toWellFormedText(input.title), content: toWellFormedText(input.content), status: "QUEUED", error: null, chunksDone: 0, chunksTotal: 0, interruptions: 0 },
    });
    await enqueueIngestion(boss, tx, { tenantId, sourceId: id });
    return tx.knowledgeSource.findFirstOrThrow({ where: { id, tenantId }, select: SOURCE_FIELDS });
  });
  kickIngestion(db);
  return source;
}

/** Queues a failed document again (e.g. after a transient error). */
export async function retrySource(db: Db, tenantId: string, id: string) {
  const boss = await bossFor(db);
  const source = await db.$transaction(async (tx) => {
    const current = await tx.knowledgeSource.findFirst({ where: { id, tenantId }, select: { status: true } });
    if (!current) throw notFound("knowledge_source");
    if (current.status !== "FAILED") {
      throw new DomainError("BAD_REQUEST", "source_not_failed", "Only a document whose indexing failed can be retried.");
    }
    await tx.knowledgeSource.updateMany({
      where: { id, tenantId, status: "FAILED" },
      data: { status: "QUEUED", error: null, chunksDone: 0, chunksTotal: 0, interruptions: 0 },
    });
    await enqueueIngestion(boss, tx, { tenantId, sourceId: id });
    return tx.knowledgeSource.findFirstOrThrow({ where: { id, tenantId }, select: SOURCE_FIELDS });
  });
  kickIngestion(db);
  return source;
}

async function findSource(tx: DbTx, tenantId: string, id: string, kind: "FAQ" | "MARKDOWN" | "URL") {
  const source = await tx.knowledgeSource.findFirst({ where: { id, tenantId, kind }, select: { knowledgeBaseId: true, generatedAlternatives: true } });
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
