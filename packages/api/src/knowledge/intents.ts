import { randomUUID } from "node:crypto";
import { Prisma, type Db, type DbTx } from "@kefu/db";
import {
  DomainError,
  hashedNgramEmbedding,
  intentSetFromFiles,
  MAX_FAQ_CATEGORY_LENGTH,
  MAX_REPORTED_INTENT_ERRORS,
  planIntentImport,
  readIntentCsv,
  readRasaYaml,
  type IntentFileRead,
  type IntentImportPlanItem,
  type IntentPreview,
  type IntentRowError,
} from "@kefu/domain";
import { assertFileType } from "./file-types.ts";
import { faqEntryChunks } from "./phrasings.ts";
import { fileExtension } from "./files.ts";
import { reembedAfterFaqChange } from "./reembed.ts";
import { primaryKnowledgeBaseId, replaceChunks, touchKnowledgeBase, type SourceChunks, type SourceTarget } from "./sources.ts";

/**
 * Intent sets from other bot platforms imported as FAQ entries (domain knowledge/intents.ts reads
 * and checks them): preview first (what each label becomes, every bad row), then import, all or
 * nothing. A label names its entry through KnowledgeSource.intent: a later import adds phrasings
 * to the entry it made. An intent without an answer becomes an entry that "needs an answer": it
 * has no chunks, so retrieval never finds it and no visitor gets an empty reply, until someone
 * writes its answer (updateFaq indexes it then).
 */

export interface IntentFile {
  filename: string;
  bytes: Uint8Array;
}

/** The import's one transaction may take this long: 50,000 phrasings insert in a few seconds. */
const IMPORT_TRANSACTION_TIMEOUT_MS = 120_000;
/** Rows per INSERT of sources (12 bind parameters each), well under Postgres's 65535. */
const SOURCE_INSERT_BATCH = 500;
/** Phrasings embedded between two yields to the event loop. */
const EMBED_SLICE = 1_000;

async function readFiles(files: readonly IntentFile[]): Promise<{ format: "csv" | "rasa"; reads: IntentFileRead[] }> {
  const kinds = files.map((f) => fileExtension(f.filename));
  const csv = kinds.every((k) => k === ".csv" || k === ".txt");
  const rasa = kinds.every((k) => k === ".yml" || k === ".yaml");
  if (!csv && !rasa) {
    throw new DomainError("BAD_REQUEST", "intents_file_type", "Upload a CSV file (utterance,label) or Rasa training data (nlu.yml, and domain.yml for answers).");
  }
  if (csv && files.length > 1) throw new DomainError("BAD_REQUEST", "intents_file_count", "Upload one CSV file at a time.");
  const reads: IntentFileRead[] = [];
  for (const file of files) {
    await assertFileType("text", file.bytes);
    const text = new TextDecoder("utf-8").decode(file.bytes).replace(/^\uFEFF/, "");
    reads.push(csv ? readIntentCsv(text) : readRasaYaml(text, files.length > 1 ? file.filename : undefined));
  }
  return { format: csv ? "csv" : "rasa", reads };
}

async function existingEntries(db: DbTx, tenantId: string, knowledgeBaseId: string, labels: string[]) {
  const rows = await db.knowledgeSource.findMany({
    where: { tenantId, knowledgeBaseId, kind: "FAQ", intent: { in: labels } },
    orderBy: { createdAt: "asc" },
    select: { id: true, intent: true, question: true, alternatives: true, answer: true, generatedAlternatives: true },
  });
  return rows.flatMap((r) => (r.intent === null ? [] : [{ ...r, intent: r.intent }]));
}

/** Reads, checks and plans an import without saving anything. */
async function plan(db: Db, target: SourceTarget, files: readonly IntentFile[]) {
  const { tenantId } = target;
  // Refuse another tenant's bot before saying anything about the file.
  const knowledgeBaseId = await primaryKnowledgeBaseId(db, tenantId, target.botId, target.knowledgeBaseId);
  const { format, reads } = await readFiles(files);
  const set = intentSetFromFiles(reads);
  const existing = await existingEntries(db, tenantId, knowledgeBaseId, set.intents.map((i) => i.label));
  const planned = planIntentImport(set.intents, existing);
  const errors = [...set.errors, ...planned.errors];
  return { knowledgeBaseId, format, rows: set.rows, items: planned.items, existing, errors };
}

const reported = (errors: IntentRowError[]) => errors.slice(0, MAX_REPORTED_INTENT_ERRORS);

/** What importing the files would do: each label new or merged, its counts, and every bad row. */
export async function previewIntentImport(db: Db, target: SourceTarget, files: readonly IntentFile[]): Promise<IntentPreview> {
  const p = await plan(db, target, files);
  return {
    format: p.format,
    rows: p.rows,
    intents: p.items.map((item) => ({
      label: item.label,
      status: item.existingId ? "merged" : "new",
      added: item.added.length,
      examples: item.added.slice(0, 3),
      known: item.known,
      total: item.total,
      answer: item.answerSource,
    })),
    errors: reported(p.errors),
    errorCount: p.errors.length,
  };
}

const where = (e: IntentRowError) => `${e.file ? `${e.file} ` : ""}${e.line > 0 ? `line ${e.line}: ` : ""}${e.reason.replace(/\.$/, "")}`;

/**
 * Imports the files' intents: new entries for new labels, phrasings added to the entries of known
 * ones, in one transaction. A file with any bad row imports nothing (the preview lists them).
 */
export async function importIntents(db: Db, target: SourceTarget, files: readonly IntentFile[]) {
  const { tenantId } = target;
  const p = await plan(db, target, files);
  if (p.errors.length > 0) {
    const more = p.errors.length > 5 ? ` (and ${p.errors.length - 5} more)` : "";
    throw new DomainError("BAD_REQUEST", "intents_rows_invalid", `Nothing was imported. Fix ${p.errors.slice(0, 5).map(where).join("; ")}${more}.`);
  }
  const { knowledgeBaseId } = p;
  const existing = new Map(p.existing.map((e) => [e.id, e]));
  const now = new Date();
  const created: { id: string; question: string; alternatives: string[]; answer: string | null; label: string; createdAt: Date }[] = [];
  const merged: { id: string; alternatives: string[]; answer: string | null }[] = [];
  const chunks: SourceChunks[] = [];
  let embedded = 0;
  // Embeddings are computed before the transaction, which then only writes (as the FAQ import).
  const index = async (sourceId: string, entry: { question: string; alternatives: string[]; answer: string | null; generatedAlternatives?: string[] }) => {
    if (entry.answer === null) return; // needs an answer: nothing to find until it has one
    // As every FAQ entry: its phrasings, then those a model generated for it (knowledge/phrasings.ts).
    const rows = faqEntryChunks({ ...entry, answer: entry.answer, generatedAlternatives: entry.generatedAlternatives ?? [] }).map((c) => ({ ...c, embedding: hashedNgramEmbedding(c.text) }));
    chunks.push({ tenantId, knowledgeBaseId, sourceId, chunks: rows });
    embedded += rows.length;
    if (embedded >= EMBED_SLICE) {
      embedded = 0;
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  for (const [i, item] of p.items.entries()) {
    const before = item.existingId ? existing.get(item.existingId) : undefined;
    if (before) {
      const entry = { question: before.question ?? item.added[0] ?? item.label, alternatives: [...before.alternatives, ...item.added], answer: before.answer ?? item.answer, generatedAlternatives: before.generatedAlternatives };
      merged.push({ id: before.id, alternatives: entry.alternatives, answer: entry.answer });
      await index(before.id, entry);
    } else {
      const [question = item.label, ...alternatives] = item.added;
      // One millisecond apart: the sources list (newest first) keeps the file's order.
      const entry = { id: randomUUID(), question, alternatives, answer: item.answer, label: item.label, createdAt: new Date(now.getTime() - (p.items.length - 1 - i)) };
      created.push(entry);
      await index(entry.id, entry);
    }
  }
  await db.$transaction(
    async (tx) => {
      await insertIntentSources(tx, { tenantId, knowledgeBaseId, now }, created);
      for (const m of merged) {
        await tx.knowledgeSource.updateMany({ where: { id: m.id, tenantId }, data: { alternatives: m.alternatives, answer: m.answer, updatedAt: now } });
      }
      // Merged entries' chunks are rebuilt whole (new ones have none yet to replace).
      await replaceChunks(tx, chunks);
      await touchKnowledgeBase(tx, tenantId, knowledgeBaseId);
    },
    { timeout: IMPORT_TRANSACTION_TIMEOUT_MS },
  );
  await reembedAfterFaqChange(db, tenantId, knowledgeBaseId);
  return {
    created: created.length,
    merged: merged.length,
    phrasingsAdded: p.items.reduce((n, item) => n + item.added.length, 0),
    needAnswer: p.items.filter((item: IntentImportPlanItem) => item.answerSource === "needed").length,
  };
}

/** New entries (READY, titled by their first phrasing; the label as intent and category). */
async function insertIntentSources(
  tx: DbTx,
  target: { tenantId: string; knowledgeBaseId: string; now: Date },
  sources: { id: string; question: string; alternatives: string[]; answer: string | null; label: string; createdAt: Date }[],
) {
  const { tenantId, knowledgeBaseId, now } = target;
  const rows = sources.map((s) => {
    // The label is also the entry's category, so escalation rules can match on the intent.
    const category = s.label.length <= MAX_FAQ_CATEGORY_LENGTH ? s.label : null;
    return Prisma.sql`(${s.id}, ${tenantId}, ${knowledgeBaseId}, 'FAQ'::"SourceKind", ${s.question}, ${s.question}, ${s.alternatives}::text[], ${s.answer}, ${category}, ${s.label}, 'READY'::"SourceStatus", ${s.createdAt}, ${now})`;
  });
  for (let start = 0; start < rows.length; start += SOURCE_INSERT_BATCH) {
    await tx.$executeRaw`INSERT INTO "KnowledgeSource" ("id", "tenantId", "knowledgeBaseId", "kind", "title", "question", "alternatives", "answer", "category", "intent", "status", "createdAt", "updatedAt") VALUES ${Prisma.join(rows.slice(start, start + SOURCE_INSERT_BATCH))}`;
  }
}
