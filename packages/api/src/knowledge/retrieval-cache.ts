import { type DbTx } from "@kefu/db";
import {
  hashedNgramEmbedding,
  HybridRetriever,
  familiarShare,
  hybridSearch,
  KnowledgeIndex,
  PrefetchedRetriever,
  type IndexedSource,
  type RetrievalDoc,
  type RetrievalHit,
  type SearchOptions,
  withBuiltinCosines,
} from "@kefu/domain";
import { BUILTIN_EMBEDDING_KEY } from "../bots/index.ts";
import { builtinVectors, EXACT_SCAN_MAX_CHUNKS, modelVectors, type KnowledgeScope } from "./vector-search.ts";
import { resetTenantSynonyms, tenantSynonyms } from "./synonyms.ts";

/**
 * Turns a question into a vector of the model its knowledge base was embedded with. The key is
 * Bot.activeEmbeddingKey: "builtin" (the hashed n-gram embedder, vectors on KnowledgeChunk) or
 * "<providerId>:<model>" (vectors in ChunkEmbedding under that modelKey).
 */
export interface QueryEmbedder {
  key: string;
  embedQuery(text: string): Promise<number[]>;
}

export const BUILTIN_EMBEDDER: QueryEmbedder = {
  key: BUILTIN_EMBEDDING_KEY,
  embedQuery: (text) => Promise.resolve(hashedNgramEmbedding(text)),
};

export interface RetrieveOptions extends SearchOptions {
  /** Default: the built-in embedder. */
  embedder?: QueryEmbedder;
}

// ---------------------------------------------------------------------------------------------
// Per-process lexical state of each knowledge base, updated per source when the knowledge
// base's updatedAt (bumped by every ingest or delete, in the same transaction) changes.

interface KbState {
  tenantId: string;
  version: number;
  index: KnowledgeIndex;
  /** A sync in progress, shared by concurrent requests. */
  syncing?: Promise<void>;
}

/**
 * Bounds of the per-process state: knowledge bases kept, and memory held by their source
 * classifiers (up to 8 MB each). Past either, the least recently used knowledge bases are
 * dropped and reloaded when next asked. Mutable for tests.
 */
export const RETRIEVAL_CACHE_LIMITS = { knowledgeBases: 500, classifierBytes: 512 * 1024 * 1024 };
/** Past this share of removed chunk slots, a knowledge base is reloaded from scratch. */
const MAX_GARBAGE = 0.5;
const states = new Map<string, KbState>();

/** What changed in a knowledge base since its state was loaded (for tests and the bench). */
export interface KnowledgeSyncStats {
  loaded: number;
  removed: number;
  unchanged: number;
}

let lastSync: KnowledgeSyncStats = { loaded: 0, removed: 0, unchanged: 0 };
export const lastKnowledgeSync = (): KnowledgeSyncStats => lastSync;

/** Drops every cached state (tests, bench). */
export function resetRetrievalCache(): void {
  states.clear();
  cache.clear();
  resetTenantSynonyms();
}

/**
 * Brings one knowledge base's index up to date: the sources whose chunks changed (count, newest
 * chunk, first chunk id — chunks are replaced, never edited in place) or whose title changed are
 * reloaded, deleted ones removed, the rest untouched. A source is served once it has chunks,
 * whatever its status: an ingestion commits a source's chunks in one transaction, and a source
 * being re-indexed keeps serving its old chunks until the swap (knowledge/ingestion.ts).
 */
async function syncKnowledgeBase(db: DbTx, tenantId: string, knowledgeBaseId: string, state: KbState): Promise<void> {
  const rows = await db.$queryRaw<{ id: string; title: string; chunks: number; newest: Date; first: string }[]>`
    SELECT s."id", s."title", COUNT(c."id")::int AS "chunks", MAX(c."createdAt") AS "newest", MIN(c."id") AS "first"
    FROM "KnowledgeSource" s
    JOIN "KnowledgeChunk" c ON c."sourceId" = s."id" AND c."tenantId" = s."tenantId"
    WHERE s."tenantId" = ${tenantId} AND s."knowledgeBaseId" = ${knowledgeBaseId}
    GROUP BY s."id", s."title"`;
  const index = state.index.garbageRatio > MAX_GARBAGE ? new KnowledgeIndex(state.index.synonyms) : state.index;
  const known = index.versions();
  const stamp = (r: (typeof rows)[number]) => `${r.chunks}|${new Date(r.newest).getTime()}|${r.first}|${r.title}`;
  const changed = rows.filter((r) => known.get(r.id) !== stamp(r));
  const present = new Set(rows.map((r) => r.id));
  const removed = [...known.keys()].filter((id) => !present.has(id));

  const loaded: IndexedSource[] = [];
  const BATCH = 2_000;
  for (let i = 0; i < changed.length; i += BATCH) {
    const batch = changed.slice(i, i + BATCH);
    const chunks = await db.$queryRaw<{ id: string; sourceId: string; text: string; answer: string; headingPath: string[] }[]>`
      SELECT "id", "sourceId", "text", "answer", "headingPath"
      FROM "KnowledgeChunk"
      WHERE "tenantId" = ${tenantId} AND "knowledgeBaseId" = ${knowledgeBaseId} AND "sourceId" = ANY(${batch.map((r) => r.id)}::text[])
      ORDER BY "sourceId", "ordinal"`;
    // Centroids of the built-in embeddings, one vector per source: the per-query centroid
    // cosine is then computed in memory.
    const centroids = await db.$queryRaw<{ sourceId: string; centroid: string }[]>`
      SELECT "sourceId", AVG("embedding")::text AS "centroid"
      FROM "KnowledgeChunk"
      WHERE "tenantId" = ${tenantId} AND "knowledgeBaseId" = ${knowledgeBaseId} AND "sourceId" = ANY(${batch.map((r) => r.id)}::text[])
        AND "embedding" IS NOT NULL
      GROUP BY "sourceId"`;
    const centroidOf = new Map(centroids.map((c) => [c.sourceId, JSON.parse(c.centroid) as number[]]));
    const bySource = new Map<string, IndexedSource["chunks"][number][]>();
    for (const c of chunks) {
      const list = bySource.get(c.sourceId) ?? [];
      list.push({ id: c.id, text: c.text, answer: c.answer, headingPath: c.headingPath });
      bySource.set(c.sourceId, list);
    }
    // Citations show the source's title (FAQ question or document title).
    for (const r of batch) {
      loaded.push({ id: r.id, version: stamp(r), title: r.title, chunks: bySource.get(r.id) ?? [], centroid: centroidOf.get(r.id) });
    }
  }
  // Applied in one synchronous step: a concurrent query sees the old state or the new one.
  for (const id of removed) index.removeSource(id);
  for (const source of loaded) index.upsertSource(source);
  state.index = index;
  // The source classifier learns from the chunks: retrained after every change, in slices so
  // that other requests run meanwhile (about a second for 3,000 FAQ phrasings). Requests for
  // this knowledge base wait for it, like for the rest of the sync.
  if (index.classifierStale) await drive(index.classifierTraining());
  lastSync = { loaded: loaded.length, removed: removed.length, unchanged: rows.length - changed.length };
}

/** Runs a sliced computation to the end, letting the event loop serve other work between slices. */
async function drive(steps: Generator<void, void>): Promise<void> {
  while (!steps.next().done) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** The up-to-date lexical indexes of these knowledge bases (of this tenant only), in id order. */
export async function knowledgeIndexes(db: DbTx, scope: KnowledgeScope): Promise<KnowledgeIndex[]> {
  const { tenantId, knowledgeBaseIds, versions } = scope;
  const [kbs, synonymsVersion] = await Promise.all([
    versions
      ? [...versions].filter(([id]) => knowledgeBaseIds.includes(id)).map(([id, version]) => ({ id, version })).sort((a, b) => a.id.localeCompare(b.id))
      : db.knowledgeBase
          .findMany({ where: { tenantId, id: { in: [...knowledgeBaseIds] } }, select: { id: true, updatedAt: true }, orderBy: { id: "asc" } })
          .then((rows) => rows.map((kb) => ({ id: kb.id, version: kb.updatedAt.getTime() }))),
    scope.synonymsVersion ?? db.tenant.findUnique({ where: { id: tenantId }, select: { synonymsVersion: true } }).then((t) => t?.synonymsVersion ?? 0),
  ]);
  // The tenant's synonym sets, then the built-in ones: an index read with other sets is rebuilt.
  const synonyms = await tenantSynonyms(db, tenantId, synonymsVersion);
  return Promise.all(
    kbs.map(async (kb) => {
      const version = kb.version;
      let state = states.get(kb.id);
      if (!state || state.tenantId !== tenantId || state.index.synonyms?.key !== synonyms.key) {
        if (!state && states.size >= RETRIEVAL_CACHE_LIMITS.knowledgeBases) states.delete(states.keys().next().value!);
        state = { tenantId, version: Number.NaN, index: new KnowledgeIndex(synonyms) };
      }
      // Map order is the eviction order: the most recently used last.
      states.delete(kb.id);
      states.set(kb.id, state);
      const s = state;
      // One sync at a time per knowledge base. A sync reads rows at least as new as the version
      // that started it; a request that finds a sync of an older version running waits, then
      // syncs again.
      while (!(s.version >= version)) {
        s.syncing ??= syncKnowledgeBase(db, tenantId, kb.id, s)
          .then(() => {
            s.version = Math.max(Number.isNaN(s.version) ? -Infinity : s.version, version);
          })
          .finally(() => {
            s.syncing = undefined;
          });
        await s.syncing;
      }
      evictForClassifierMemory(kb.id);
      return s.index;
    }),
  );
}

/** Drops the least recently used knowledge bases while their classifiers hold too much memory. */
function evictForClassifierMemory(keep: string): void {
  let bytes = 0;
  for (const state of states.values()) bytes += state.index.classifier?.byteSize ?? 0;
  for (const [id, state] of states) {
    if (bytes <= RETRIEVAL_CACHE_LIMITS.classifierBytes) return;
    if (id === keep || state.syncing) continue;
    bytes -= state.index.classifier?.byteSize ?? 0;
    states.delete(id);
  }
}

/**
 * Retrieval for one question over a bot's knowledge bases: lexical candidates from the
 * per-process indexes, vector candidates from Postgres (HNSW for the built-in embedder, exact
 * scan of ChunkEmbedding for a remote model), fused and reranked (`hybridSearch`). Every SQL
 * query is filtered by tenant and knowledge bases.
 */
export async function retrieveKnowledge(
  db: DbTx,
  scope: KnowledgeScope,
  question: string,
  options: RetrieveOptions = {},
): Promise<RetrievalHit[]> {
  return (await retrieveWithFamiliarity(db, scope, question, options)).hits;
}

/**
 * `retrieveKnowledge`, with the question's `familiarShare` of the knowledge bases searched (read
 * from the same in-memory indexes, no query more).
 */
export async function retrieveWithFamiliarity(
  db: DbTx,
  scope: KnowledgeScope,
  question: string,
  options: RetrieveOptions = {},
): Promise<{ hits: RetrievalHit[]; familiar: number }> {
  const { tenantId, knowledgeBaseIds } = scope;
  const { embedder = BUILTIN_EMBEDDER, ...search } = options;
  const indexes = await knowledgeIndexes(db, scope);
  if (indexes.every((i) => i.chunkCount === 0) || !question.trim()) return { hits: [], familiar: 0 };
  const familiar = familiarShare(indexes, question);
  const ids = indexes.length === knowledgeBaseIds.length ? [...knowledgeBaseIds] : await ownedIds(db, tenantId, knowledgeBaseIds);
  const vector = await embedder.embedQuery(question);
  const chunks = indexes.reduce((n, i) => n + i.chunkCount, 0);
  const vectors =
    embedder.key === BUILTIN_EMBEDDING_KEY
      ? builtinVectors(db, { tenantId, knowledgeBaseIds: ids }, vector, { exact: chunks <= EXACT_SCAN_MAX_CHUNKS })
      : modelVectors(db, { tenantId, knowledgeBaseIds: ids }, { modelKey: embedder.key, queryVector: vector });
  const hits = await hybridSearch(indexes, vectors, question, { ...search, queryVector: vector });
  // The confidence is calibrated on the built-in embedder's cosines (see withBuiltinCosines).
  return { hits: embedder.key === BUILTIN_EMBEDDING_KEY ? hits : withBuiltinCosines(indexes, question, hits), familiar };
}

/**
 * The knowledge bases a bot answers from, with their versions, in one query (the links joined
 * to the knowledge bases, both filtered by tenant): what retrieval needs before searching.
 */
export async function botKnowledgeScope(db: DbTx, tenantId: string, botId: string): Promise<BotKnowledgeScope> {
  // The tenant's synonyms version rides along: a change of its synonym sets costs no extra query.
  // So do the calibrations' stamps: the thresholds' cache is keyed on them (bots/calibrated-thresholds.ts).
  const rows = await db.$queryRaw<{ id: string; updatedAt: Date; synonymsVersion: number; calibratedAt: Date | null }[]>`
    SELECT kb."id", kb."updatedAt", t."synonymsVersion", c."computedAt" AS "calibratedAt"
    FROM "BotKnowledgeBase" link
    JOIN "KnowledgeBase" kb ON kb."id" = link."knowledgeBaseId" AND kb."tenantId" = ${tenantId}
    JOIN "Tenant" t ON t."id" = ${tenantId}
    LEFT JOIN "KnowledgeCalibration" c ON c."knowledgeBaseId" = kb."id" AND c."tenantId" = ${tenantId}
    WHERE link."tenantId" = ${tenantId} AND link."botId" = ${botId}
    ORDER BY kb."id"`;
  return {
    tenantId,
    knowledgeBaseIds: rows.map((r) => r.id),
    versions: new Map(rows.map((r) => [r.id, r.updatedAt.getTime()])),
    synonymsVersion: rows[0]?.synonymsVersion ?? 0,
    calibrations: new Map(rows.flatMap((r) => (r.calibratedAt ? [[r.id, r.calibratedAt.getTime()] as const] : []))),
  };
}

/** A bot's knowledge scope with when each knowledge base was last calibrated (KnowledgeCalibration.computedAt, ms). */
export type BotKnowledgeScope = Required<KnowledgeScope> & { calibrations: ReadonlyMap<string, number> };

async function ownedIds(db: DbTx, tenantId: string, knowledgeBaseIds: readonly string[]): Promise<string[]> {
  const kbs = await db.knowledgeBase.findMany({ where: { tenantId, id: { in: [...knowledgeBaseIds] } }, select: { id: true } });
  return kbs.map((kb) => kb.id);
}

/**
 * `retrieveKnowledge` for one question, behind the synchronous retriever interface the answer
 * chain accepts (`answerFromKnowledge({ docs: retriever })`).
 */
export async function retrieverForQuestion(db: DbTx, scope: KnowledgeScope, question: string, options: RetrieveOptions = {}) {
  const { hits, familiar } = await retrieveWithFamiliarity(db, scope, question, { k: 5, ...options });
  return { retriever: new PrefetchedRetriever(question, hits, new Map([[question, familiar]])), hits };
}

// ---------------------------------------------------------------------------------------------
// Deprecated: every chunk and embedding in memory, rebuilt on any change. Kept for callers
// not yet on `retrieverForQuestion`; slow for large knowledge bases (docs/benchmarks.md).

interface CachedIndex {
  version: string;
  retriever: HybridRetriever;
}

const MAX_ENTRIES = 200;
const cache = new Map<string, CachedIndex>();

/** @deprecated use `retrieverForQuestion` / `retrieveKnowledge`. */
export async function retrieverForKnowledgeBases(db: DbTx, tenantId: string, knowledgeBaseIds: string[]) {
  const kbs = await db.knowledgeBase.findMany({
    where: { tenantId, id: { in: knowledgeBaseIds } },
    select: { id: true, updatedAt: true },
    orderBy: { id: "asc" },
  });
  const tenant = await db.tenant.findUnique({ where: { id: tenantId }, select: { synonymsVersion: true } });
  const key = `${tenantId}:${kbs.map((kb) => kb.id).join(",")}`;
  const version = `${kbs.map((kb) => kb.updatedAt.getTime()).join(",")}|${tenant?.synonymsVersion ?? 0}`;
  const hit = cache.get(key);
  if (hit && hit.version === version) return hit;

  const ids = kbs.map((kb) => kb.id);
  const [chunks, sources] = await Promise.all([
    db.$queryRaw<{ id: string; sourceId: string; text: string; answer: string; headingPath: string[]; embedding: string }[]>`
      SELECT "id", "sourceId", "text", "answer", "headingPath", "embedding"::text AS "embedding"
      FROM "KnowledgeChunk"
      WHERE "tenantId" = ${tenantId} AND "knowledgeBaseId" = ANY(${ids}::text[])
      ORDER BY "sourceId", "ordinal"`,
    db.knowledgeSource.findMany({
      // Any status: chunks exist only once an ingestion committed them (knowledge/ingestion.ts),
      // so a document being re-indexed keeps serving its old passages until the swap.
      where: { tenantId, knowledgeBaseId: { in: ids } },
      select: { id: true, title: true },
    }),
  ]);
  const titles = new Map(sources.map((s) => [s.id, s.title]));
  const docs: RetrievalDoc[] = chunks
    .filter((c) => titles.has(c.sourceId))
    .map((c) => ({
      id: c.id,
      sourceId: c.sourceId,
      text: c.text,
      answer: c.answer,
      // Citations show the source's title (FAQ question or document title).
      title: titles.get(c.sourceId),
      headingPath: c.headingPath,
      embedding: c.embedding ? (JSON.parse(c.embedding) as number[]) : undefined,
    }));
  const synonyms = await tenantSynonyms(db, tenantId, tenant?.synonymsVersion ?? 0);
  const entry = { version, retriever: new HybridRetriever(docs, { synonyms }) };
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(key, entry);
  return entry;
}
