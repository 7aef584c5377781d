import { createHash } from "node:crypto";
import { createChatModel, generatePhrasings, ProviderError, type PhrasingRequestEntry } from "@kefu/ai";
import { type Db, type DbTx } from "@kefu/db";
import {
  cleanGeneratedPhrasings,
  DomainError,
  faqChunks,
  GENERATED_PHRASINGS_PER_ENTRY,
  isChineseText,
  keptGeneratedPhrasings,
  notFound,
  ZFaqInput,
} from "@kefu/domain";
import { providerEndpoint } from "../bots/index.ts";
import { readApiEnv } from "../platform/env.ts";
import { bossFor, enqueuePhrasings, kickIngestion, type PhrasingJobData } from "../platform/queue/queue.ts";
import { reembedAfterFaqChange } from "./reembed.ts";
import { replaceChunks } from "./sources.ts";

/**
 * Generated phrasings: a knowledge base may name one of the tenant's chat models to write, for each
 * FAQ entry, a few other ways customers ask its question. They are stored apart from the entry's
 * own phrasings (KnowledgeSource.generatedAlternatives), indexed like them, and reviewed in the
 * dashboard: accepted (they become ordinary phrasings), removed (remembered, never generated
 * again) or regenerated. Only the tenant's FAQ text goes to the model, never visitor text.
 *
 *   NONE/READY/FAILED ──queue (model chosen, entry added or changed, Generate, Regenerate)──▶ QUEUED
 *   QUEUED ──job (faq-phrasings queue, a batch of entries per model call)──▶ GENERATING ──▶ READY
 *   a passing provider failure ──▶ QUEUED again, the job retried with backoff; the last retry or a
 *   lasting failure (key refused, no such model) ──▶ FAILED with what to do. The entry answers from
 *   its own phrasings throughout.
 */

/** Entries per model call: one prompt carries several, so a knowledge base costs few calls. */
export const PHRASING_BATCH = 8;
/** Entries one run queues at most (the cost bound of a "Generate" for a whole knowledge base). */
export const MAX_PHRASING_ENTRIES_PER_RUN = 200;
/** A GENERATING entry untouched this long belongs to a run that died: queued again. */
const STALE_GENERATING_MS = 10 * 60_000;
const RETRYABLE = new Set<ProviderError["reason"]>(["timeout", "rate_limited", "server_error", "unreachable", "bad_response", "empty"]);

/** The FAQ schema's own check of an entry's other phrasings: the one definition of the per-entry limit. */
const fitsLimit = (phrasings: string[]) => ZFaqInput.shape.alternatives.safeParse(phrasings).success;

interface Entry {
  question: string;
  alternatives: string[];
  answer: string;
}

/** What generated phrasings were written for: when it has not changed they are not written again. */
export function phrasingHashOf(entry: Entry): string {
  return createHash("sha256").update(JSON.stringify([entry.question, entry.alternatives, entry.answer])).digest("hex");
}

/** An FAQ entry's chunks: its question, its phrasings, then the generated ones. */
export function faqEntryChunks(entry: Entry & { generatedAlternatives: readonly string[] }) {
  return faqChunks({ question: entry.question, alternatives: [...entry.alternatives, ...entry.generatedAlternatives], answer: entry.answer }).map((c) => ({
    text: c.text,
    answer: c.answer,
    headingPath: [],
  }));
}

/** Generated phrasings an edit leaves in place (the rest are regenerated when the knowledge base has a model). */
export function generatedAfterEdit(generated: readonly string[], entry: Entry): string[] {
  return keptGeneratedPhrasings(generated, entry, fitsLimit);
}

/** A knowledge base's phrasing model and how far its entries are. */
export async function phrasingOverview(db: DbTx, tenantId: string, knowledgeBaseId: string) {
  const kb = await db.knowledgeBase.findFirst({ where: { id: knowledgeBaseId, tenantId }, select: { phrasingProviderId: true, phrasingModel: true } });
  if (!kb) throw notFound("knowledge_base");
  const groups = await db.knowledgeSource.groupBy({ by: ["phrasingStatus"], where: { tenantId, knowledgeBaseId, kind: "FAQ" }, _count: { _all: true } });
  const counts = { NONE: 0, QUEUED: 0, GENERATING: 0, READY: 0, FAILED: 0 };
  for (const g of groups) counts[g.phrasingStatus] = g._count._all;
  const generated = await db.$queryRaw<{ n: number }[]>`
    SELECT COALESCE(SUM(cardinality("generatedAlternatives")), 0)::int AS "n" FROM "KnowledgeSource"
    WHERE "tenantId" = ${tenantId} AND "knowledgeBaseId" = ${knowledgeBaseId} AND "kind" = 'FAQ'`;
  return { providerId: kb.phrasingProviderId, model: kb.phrasingModel, counts, generated: generated[0]?.n ?? 0 };
}

/** Chooses (or clears) the knowledge base's phrasing model; a model chosen queues the entries it has not seen. */
export async function setPhrasingModel(db: Db, tenantId: string, input: { id: string; providerId: string | null; model: string | null }) {
  if (input.providerId !== null && (await db.aiProvider.count({ where: { id: input.providerId, tenantId } })) === 0) throw notFound("provider");
  const { count } = await db.knowledgeBase.updateMany({ where: { id: input.id, tenantId }, data: { phrasingProviderId: input.providerId, phrasingModel: input.model } });
  if (count === 0) throw notFound("knowledge_base");
  if (input.providerId === null) {
    // Nothing will write them: queued entries go back to waiting (their phrasings so far stay).
    await db.knowledgeSource.updateMany({ where: { tenantId, knowledgeBaseId: input.id, phrasingStatus: { in: ["QUEUED", "GENERATING"] } }, data: { phrasingStatus: "NONE" } });
  } else await queuePhrasings(db, tenantId, input.id);
  return phrasingOverview(db, tenantId, input.id);
}

/**
 * Queues FAQ entries of a knowledge base for generation and enqueues the run: the given entries
 * (or all), those whose text changed since their phrasings were written or whose last run failed
 * (or every given one with `force`), at most MAX_PHRASING_ENTRIES_PER_RUN. Returns how many were queued.
 */
export async function queuePhrasings(db: Db, tenantId: string, knowledgeBaseId: string, options: { sourceIds?: string[]; force?: boolean } = {}) {
  const kb = await db.knowledgeBase.findFirst({ where: { id: knowledgeBaseId, tenantId }, select: { phrasingProviderId: true, phrasingModel: true } });
  if (!kb) throw notFound("knowledge_base");
  if (!kb.phrasingProviderId || !kb.phrasingModel) {
    throw new DomainError("BAD_REQUEST", "no_phrasing_model", "Choose a chat model for generated phrasings in the knowledge base's settings first.");
  }
  const rows = await db.knowledgeSource.findMany({
    // An entry still waiting for its answer (an imported intent) is never matched: nothing to write for yet.
    where: { tenantId, knowledgeBaseId, kind: "FAQ", answer: { not: null }, phrasingStatus: { notIn: ["QUEUED", "GENERATING"] }, ...(options.sourceIds ? { id: { in: options.sourceIds } } : {}) },
    select: { id: true, question: true, alternatives: true, answer: true, phrasingHash: true, phrasingStatus: true },
    orderBy: { createdAt: "asc" },
  });
  // Failed entries are tried again; the others only when their text changed.
  const due = rows
    .filter((r) => options.force || r.phrasingStatus === "FAILED" || r.phrasingHash !== phrasingHashOf({ question: r.question ?? "", alternatives: r.alternatives, answer: r.answer ?? "" }))
    .slice(0, MAX_PHRASING_ENTRIES_PER_RUN);
  if (due.length === 0) return { queued: 0 };
  const boss = await bossFor(db);
  await db.$transaction(async (tx) => {
    await tx.knowledgeSource.updateMany({ where: { tenantId, id: { in: due.map((r) => r.id) } }, data: { phrasingStatus: "QUEUED", phrasingError: null } });
    await enqueuePhrasings(boss, tx, { tenantId, knowledgeBaseId });
  });
  kickIngestion(db);
  return { queued: due.length };
}

/** After FAQ entries were added or changed: queued when their knowledge base has a phrasing model. */
export async function queuePhrasingsAfterChange(db: Db, tenantId: string, knowledgeBaseId: string, sourceIds?: string[]) {
  const kb = await db.knowledgeBase.findFirst({ where: { id: knowledgeBaseId, tenantId }, select: { phrasingProviderId: true, phrasingModel: true } });
  if (!kb?.phrasingProviderId || !kb.phrasingModel) return;
  await queuePhrasings(db, tenantId, knowledgeBaseId, { sourceIds });
}

/** Regenerates one entry's phrasings (its current ones stay until the new ones replace them). */
export async function regeneratePhrasings(db: Db, tenantId: string, sourceId: string) {
  const source = await db.knowledgeSource.findFirst({ where: { id: sourceId, tenantId, kind: "FAQ" }, select: { knowledgeBaseId: true } });
  if (!source) throw notFound("knowledge_source");
  await db.knowledgeSource.updateMany({ where: { id: sourceId, tenantId, phrasingStatus: "GENERATING" }, data: { phrasingStatus: "QUEUED" } });
  return queuePhrasings(db, tenantId, source.knowledgeBaseId, { sourceIds: [sourceId], force: true });
}

/**
 * Accepts (it becomes an ordinary phrasing) or removes (remembered as rejected) one generated
 * phrasing, re-indexing the entry in the same transaction. The entry's phrasing hash moves with
 * it, so an accepted phrasing does not make the entry count as changed.
 */
export async function reviewGeneratedPhrasing(db: Db, tenantId: string, input: { id: string; phrasing: string; accept: boolean }) {
  const knowledgeBaseId = await db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ knowledgeBaseId: string; question: string; alternatives: string[]; generatedAlternatives: string[]; rejectedAlternatives: string[]; answer: string; phrasingHash: string | null }[]>`
      SELECT "knowledgeBaseId", "question", "alternatives", "generatedAlternatives", "rejectedAlternatives", "answer", "phrasingHash"
      FROM "KnowledgeSource" WHERE "id" = ${input.id} AND "tenantId" = ${tenantId} AND "kind" = 'FAQ' FOR UPDATE`;
    if (!row) throw notFound("knowledge_source");
    if (!row.generatedAlternatives.includes(input.phrasing)) {
      throw new DomainError("NOT_FOUND", "phrasing_not_found", "This generated phrasing is no longer there; reload the page.");
    }
    const generatedAlternatives = row.generatedAlternatives.filter((p) => p !== input.phrasing);
    const alternatives = input.accept ? [...row.alternatives, input.phrasing] : row.alternatives;
    const rejectedAlternatives = input.accept ? row.rejectedAlternatives : [...row.rejectedAlternatives, input.phrasing];
    const before = phrasingHashOf(row);
    const phrasingHash = row.phrasingHash === before ? phrasingHashOf({ ...row, alternatives }) : row.phrasingHash;
    await tx.knowledgeSource.updateMany({ where: { id: input.id, tenantId }, data: { alternatives, generatedAlternatives, rejectedAlternatives, phrasingHash } });
    await replaceChunks(tx, [{ tenantId, knowledgeBaseId: row.knowledgeBaseId, sourceId: input.id, chunks: faqEntryChunks({ ...row, alternatives, generatedAlternatives }) }]);
    return row.knowledgeBaseId;
  });
  await reembedAfterFaqChange(db, tenantId, knowledgeBaseId);
  return { id: input.id };
}

export interface PhrasingRunHooks {
  /** The job's last attempt: a passing failure then ends the entries FAILED instead of retrying. */
  finalAttempt?: boolean;
  log?(line: string): void;
}

const failureMessage = (error: ProviderError | DomainError) =>
  `The AI model could not write phrasings: ${error.message.replace(/\.?$/, ".")} This entry is answered from its own phrasings meanwhile; check the knowledge base's chat model, then choose Regenerate.`;

async function failEntries(db: Db, tenantId: string, ids: string[], error: ProviderError | DomainError) {
  if (ids.length === 0) return;
  await db.knowledgeSource.updateMany({ where: { tenantId, id: { in: ids }, phrasingStatus: { in: ["QUEUED", "GENERATING"] } }, data: { phrasingStatus: "FAILED", phrasingError: failureMessage(error).slice(0, 500) } });
}

interface Claimed extends Entry {
  id: string;
  generatedAlternatives: string[];
  rejectedAlternatives: string[];
  hash: string;
}

/** Claims the knowledge base's queued entries (and those of a run that died), at most one run's worth. */
async function claim(db: Db, tenantId: string, knowledgeBaseId: string): Promise<Claimed[]> {
  const stale = new Date(Date.now() - STALE_GENERATING_MS);
  const candidates = await db.knowledgeSource.findMany({
    where: { tenantId, knowledgeBaseId, kind: "FAQ", OR: [{ phrasingStatus: "QUEUED" }, { phrasingStatus: "GENERATING", updatedAt: { lt: stale } }] },
    select: { id: true },
    orderBy: { createdAt: "asc" },
    take: MAX_PHRASING_ENTRIES_PER_RUN,
  });
  if (candidates.length === 0) return [];
  const rows = await db.knowledgeSource.updateManyAndReturn({
    where: { tenantId, id: { in: candidates.map((c) => c.id) }, OR: [{ phrasingStatus: "QUEUED" }, { phrasingStatus: "GENERATING", updatedAt: { lt: stale } }] },
    data: { phrasingStatus: "GENERATING" },
    select: { id: true, question: true, alternatives: true, answer: true, generatedAlternatives: true, rejectedAlternatives: true },
  });
  return rows.map((r) => {
    const entry = { question: r.question ?? "", alternatives: r.alternatives, answer: r.answer ?? "" };
    return { ...r, ...entry, hash: phrasingHashOf(entry) };
  });
}

/** Stores one batch's phrasings: only for entries not edited since they were read (an edit queued them again). */
async function store(db: Db, tenantId: string, knowledgeBaseId: string, results: { entry: Claimed; phrasings: string[] }[]) {
  return db.$transaction(async (tx) => {
    const ids = results.map((r) => r.entry.id);
    const current = await tx.$queryRaw<{ id: string; question: string; alternatives: string[]; answer: string; phrasingStatus: string }[]>`
      SELECT "id", "question", "alternatives", "answer", "phrasingStatus"::text AS "phrasingStatus" FROM "KnowledgeSource"
      WHERE "tenantId" = ${tenantId} AND "id" = ANY(${ids}::text[]) FOR UPDATE`;
    const byId = new Map(current.map((r) => [r.id, r]));
    const stored: string[] = [];
    for (const { entry, phrasings } of results) {
      const row = byId.get(entry.id);
      if (!row || row.phrasingStatus !== "GENERATING" || phrasingHashOf(row) !== entry.hash) continue;
      await tx.knowledgeSource.updateMany({
        where: { id: entry.id, tenantId },
        data: { generatedAlternatives: phrasings, phrasingStatus: "READY", phrasingError: null, phrasingHash: entry.hash },
      });
      stored.push(entry.id);
    }
    const chunks = results.filter((r) => stored.includes(r.entry.id)).map((r) => ({ tenantId, knowledgeBaseId, sourceId: r.entry.id, chunks: faqEntryChunks({ ...r.entry, generatedAlternatives: r.phrasings }) }));
    await replaceChunks(tx, chunks);
    return stored.length;
  });
}

/**
 * One run of the faq-phrasings queue for a knowledge base: its queued entries, batch by batch
 * (entries of one language per call), each batch stored as it comes. Throws the ProviderError of
 * a passing failure (entries queued again) so the queue retries with backoff, unless it is the
 * final attempt; any other failure ends the entries FAILED with a reason. Returns the entries stored.
 */
export async function generateQueuedPhrasings(db: Db, job: PhrasingJobData, hooks: PhrasingRunHooks = {}): Promise<number> {
  const { tenantId, knowledgeBaseId } = job;
  const kb = await db.knowledgeBase.findFirst({ where: { id: knowledgeBaseId, tenantId }, select: { phrasingProviderId: true, phrasingModel: true } });
  if (!kb) return 0;
  const entries = await claim(db, tenantId, knowledgeBaseId);
  if (entries.length === 0) return 0;
  let endpoint;
  try {
    if (!kb.phrasingProviderId || !kb.phrasingModel) throw new DomainError("BAD_REQUEST", "no_phrasing_model", "The knowledge base has no chat model for generated phrasings.");
    endpoint = await providerEndpoint(db, tenantId, kb.phrasingProviderId);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    await failEntries(db, tenantId, entries.map((e) => e.id), error);
    return 0;
  }
  const timeoutMs = readApiEnv().KEFU_AI_TIMEOUT_MS * 3;
  const model = createChatModel({ ...endpoint, model: kb.phrasingModel, timeoutMs });
  // Room left under the per-entry limit; an entry with none is done without a call.
  const wanted = entries.map((entry) => {
    let count = GENERATED_PHRASINGS_PER_ENTRY;
    while (count > 0 && !fitsLimit([...entry.alternatives, ...Array.from({ length: count }, (_, i) => `p${i}`)])) count--;
    return { entry, count };
  });
  const batches: (typeof wanted)[] = [];
  for (const language of [true, false]) {
    const group = wanted.filter((w) => w.count > 0 && isChineseText(`${w.entry.question} ${w.entry.answer}`) === language);
    for (let i = 0; i < group.length; i += PHRASING_BATCH) batches.push(group.slice(i, i + PHRASING_BATCH));
  }
  let stored = await store(db, tenantId, knowledgeBaseId, wanted.filter((w) => w.count === 0).map((w) => ({ entry: w.entry, phrasings: [] })));
  for (const [n, batch] of batches.entries()) {
    const zh = isChineseText(`${batch[0]!.entry.question} ${batch[0]!.entry.answer}`);
    let raw: unknown[][];
    try {
      const request: PhrasingRequestEntry[] = batch.map((w) => w.entry);
      raw = await generatePhrasings({ model, entries: request, count: Math.max(...batch.map((w) => w.count)), language: zh ? "zh" : "en", timeoutMs });
    } catch (error) {
      const failure = error instanceof ProviderError ? error : new ProviderError("bad_response", "The model's reply could not be read.");
      const left = batches.slice(n).flat().map((w) => w.entry.id);
      if (RETRYABLE.has(failure.reason) && !hooks.finalAttempt) {
        await db.knowledgeSource.updateMany({ where: { tenantId, id: { in: left }, phrasingStatus: "GENERATING" }, data: { phrasingStatus: "QUEUED" } });
        hooks.log?.(`knowledge base ${knowledgeBaseId}: phrasings failed (${failure.reason}), retried later`);
        throw failure;
      }
      await failEntries(db, tenantId, left, failure);
      hooks.log?.(`knowledge base ${knowledgeBaseId}: phrasings failed (${failure.reason})`);
      break;
    }
    const results = batch.map((w, i) => ({
      entry: w.entry,
      phrasings: cleanGeneratedPhrasings(raw[i], { question: w.entry.question, alternatives: w.entry.alternatives, rejected: w.entry.rejectedAlternatives }, w.count),
    }));
    stored += await store(db, tenantId, knowledgeBaseId, results);
    hooks.log?.(`knowledge base ${knowledgeBaseId}: phrasings for ${stored} of ${entries.length} entries`);
  }
  if (stored > 0) await reembedAfterFaqChange(db, tenantId, knowledgeBaseId);
  // More were queued than one run takes (many single edits): the next run follows.
  if ((await db.knowledgeSource.count({ where: { tenantId, knowledgeBaseId, phrasingStatus: "QUEUED" } })) > 0) {
    const boss = await bossFor(db);
    await db.$transaction((tx) => enqueuePhrasings(boss, tx, job));
  }
  return stored;
}
