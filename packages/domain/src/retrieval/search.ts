import { reciprocalRankFusion } from "./fusion";
import { type KnowledgeIndex, lexicalEvidence, type LexicalEvidence, unit } from "./knowledge-index";
import { DEFAULT_HYBRID_WEIGHTS, type HybridWeights } from "./hybrid";
import { phraseMatch } from "./rerank";
import { sourcePosteriors } from "./source-classifier";
import { type RetrievalDoc, type RetrievalHit } from "./types";

/** A chunk near the query vector, from an (approximate) nearest-neighbour search. */
export interface VectorCandidate {
  chunkId: string;
  /** Cosine similarity to the query vector, in [-1, 1]. */
  cosine: number;
}

/** Vector evidence for one query: its nearest chunks, and exact cosines for a set of sources. */
export interface VectorEvidence {
  /** The nearest chunks (approximate search allowed), best first. */
  nearest: VectorCandidate[];
  /**
   * Cosine of every chunk of the requested sources and of the nearest chunks' sources, by
   * chunk id (exact).
   */
  chunks: ReadonlyMap<string, number>;
  /**
   * Cosine to the mean of each of those sources' chunk vectors, by source id (exact). When
   * absent, the centroids kept in the knowledge indexes are used (`queryVector` required).
   */
  centroids?: ReadonlyMap<string, number>;
}

/**
 * Where chunk vectors live (the database in the product; memory in tests). It is bound to one
 * query vector and must only see the caller's tenant and knowledge bases. One call per query:
 * with a database it is one round trip.
 */
export interface VectorBackend {
  search(k: number, sourceIds: readonly string[]): Promise<VectorEvidence>;
}

export type FusionMethod = "weighted" | "rrf";

export interface SearchOptions {
  k?: number;
  /**
   * How the four evidence channels become one ranking: "weighted" (default; normalised scores,
   * `DEFAULT_HYBRID_WEIGHTS`) or "rrf" (reciprocal rank fusion of the channels' rankings).
   */
  fusion?: FusionMethod;
  /**
   * Re-score the fused top `rerankDepth` with phrase (word-bigram) matches. Off by default: on
   * the dev splits it moved recall@1 by at most ±0.3 points, either way (docs/benchmarks.md).
   */
  rerank?: boolean;
  rerankDepth?: number;
  /**
   * Sources taken from the lexical ranking (default 30) and chunks from the vector search
   * (default 40, HNSW's default search breadth). Dev splits gave the same rankings with 20/20 as
   * with 50/100; fewer candidates mean fewer chunk cosines to fetch.
   */
  lexicalCandidates?: number;
  vectorCandidates?: number;
  weights?: Partial<HybridWeights>;
  /** The query's vector, for centroids kept in memory (see `VectorEvidence.centroids`). */
  queryVector?: readonly number[];
  /** RRF's k (default 60). */
  rrfK?: number;
}

export const DEFAULT_SEARCH_OPTIONS = {
  k: 5,
  fusion: "weighted",
  rerank: false,
  rerankDepth: 10,
  lexicalCandidates: 30,
  vectorCandidates: 40,
  rrfK: 60,
} as const satisfies SearchOptions;

interface Scored {
  sourceId: string;
  order: number;
  best: RetrievalDoc;
  bestLexical: number;
  bestCoverage: number;
  bestCosine: number;
  chunkL: number;
  chunkV: number;
  sourceL: number;
  sourceCoverage: number;
  centroid: number;
  /** The classifier's posterior; null when the source's knowledge base has no classifier. */
  classifier: number | null;
  weighted: number;
  score: number;
}

function findChunk(indexes: readonly KnowledgeIndex[], id: string): RetrievalDoc | undefined {
  for (const index of indexes) {
    const doc = index.chunk(id);
    if (doc) return doc;
  }
  return undefined;
}

/** Sources by their lexical evidence alone (the weighted lexical half of the fusion), best first. */
function lexicalRanking(indexes: readonly KnowledgeIndex[], lex: LexicalEvidence, w: HybridWeights, limit: number): string[] {
  const ranked: { id: string; score: number }[] = [];
  indexes.forEach((index, i) => {
    const ev = lex.perIndex[i];
    if (!ev) return;
    // Best normalised chunk score per source slot, then the source's own score.
    const partial = new Map<number, number>();
    if (lex.maxChunk > 0) {
      for (const slot of ev.chunks.matched) {
        const v = (w.chunkLexical * (ev.chunks.scores[slot] ?? 0)) / lex.maxChunk;
        const s = index.chunkSourceSlot(slot);
        if (v > (partial.get(s) ?? 0)) partial.set(s, v);
      }
    }
    for (const slot of ev.sources.matched) {
      const v = lex.maxSource > 0 ? (w.sourceLexical * (ev.sources.scores[slot] ?? 0)) / lex.maxSource : 0;
      partial.set(slot, (partial.get(slot) ?? 0) + v);
    }
    for (const [slot, score] of partial) {
      const id = index.sourceAt(slot);
      if (id && score > 0) ranked.push({ id, score });
    }
  });
  return ranked
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .map((r) => r.id);
}

/**
 * Hybrid search over in-memory lexical indexes and a vector backend:
 * 1. candidates — the best sources by BM25 (chunk and source level), by the classifier, and the
 *    sources of the nearest chunk vectors (ANN in the database);
 * 2. exact features for the candidates — every chunk's cosine and the centroid cosine;
 * 3. fusion of the four channels and the knowledge base's source classifier (where one is trained,
 *    `KnowledgeIndex.trainClassifier`), by normalised weighted sum (the scores `HybridRetriever`
 *    computes over everything, so the confidence calibration holds) or by RRF;
 * 4. optional rerank of the fused top few with phrase (word-bigram) matches (off by default).
 */
export async function hybridSearch(
  indexes: readonly KnowledgeIndex[],
  vectors: VectorBackend,
  query: string,
  options: SearchOptions = {},
): Promise<RetrievalHit[]> {
  const o = { ...DEFAULT_SEARCH_OPTIONS, ...options };
  const w: HybridWeights = { ...DEFAULT_HYBRID_WEIGHTS, ...options.weights };
  if (o.k <= 0 || !query.trim() || indexes.every((i) => i.chunkCount === 0)) return [];

  const lex = lexicalEvidence(indexes, query);
  const candidates = new Set(lexicalRanking(indexes, lex, w, o.lexicalCandidates));
  const posterior = sourcePosteriors(
    indexes.flatMap((index) => (index.classifier ? [{ classifier: index.classifier, has: (id: string) => index.has(id) }] : [])),
    query,
  );
  for (const [id] of [...posterior].sort((a, b) => b[1] - a[1]).slice(0, CLASSIFIER_CANDIDATES)) candidates.add(id);
  const features = await vectors.search(o.vectorCandidates, [...candidates]);
  for (const c of features.nearest) {
    // Chunks the in-memory state does not know (written after its version) are skipped.
    const doc = findChunk(indexes, c.chunkId);
    if (doc) candidates.add(doc.sourceId);
  }
  if (candidates.size === 0) return [];
  const ids = [...candidates];
  const unitQuery = options.queryVector ? unit(options.queryVector) : undefined;

  const scored: Scored[] = [];
  const total = w.chunkLexical + w.chunkVector + w.sourceLexical + w.sourceVector + (posterior.size > 0 ? w.classifier : 0) || 1;
  for (const sourceId of ids) {
    const i = indexes.findIndex((x) => x.has(sourceId));
    const index = indexes[i];
    const ev = lex.perIndex[i];
    if (!index || !ev) continue;
    let best = -1;
    let bestScore = -Infinity;
    let chunkL = 0;
    let chunkV = -1;
    for (const slot of index.sourceChunkSlots(sourceId)) {
      const doc = index.chunkAt(slot);
      if (!doc) continue;
      const l = lex.maxChunk > 0 ? (ev.chunks.scores[slot] ?? 0) / lex.maxChunk : 0;
      const v = Math.max(0, features.chunks.get(doc.id) ?? 0);
      const s = w.chunkLexical * l + w.chunkVector * v;
      if (s > bestScore) {
        bestScore = s;
        best = slot;
      }
      if (l > chunkL) chunkL = l;
      if (v > chunkV) chunkV = v;
    }
    const bestDoc = index.chunkAt(best);
    if (!bestDoc) continue;
    const sourceSlot = index.sourceSlot(sourceId) ?? -1;
    const sourceL = lex.maxSource > 0 ? (ev.sources.scores[sourceSlot] ?? 0) / lex.maxSource : 0;
    const centroid = features.centroids?.get(sourceId) ?? (unitQuery && index.centroidCosine(sourceId, unitQuery)) ?? 0;
    const evidence = w.chunkLexical * chunkL + w.chunkVector * Math.max(0, chunkV) + w.sourceLexical * sourceL + w.sourceVector * Math.max(0, centroid);
    // As in HybridRetriever: the classifier reorders sources with evidence, it adds none.
    if (evidence <= 0) continue;
    const classifier = posterior.get(sourceId) ?? null;
    const weighted = (evidence + w.classifier * (classifier ?? 0)) / total;
    scored.push({
      sourceId,
      order: index.sourceOrder(sourceId),
      best: bestDoc,
      bestLexical: ev.chunks.scores[best] ?? 0,
      bestCoverage: ev.chunks.coverage[best] ?? 0,
      bestCosine: features.chunks.get(bestDoc.id) ?? 0,
      chunkL,
      chunkV: Math.max(0, chunkV),
      sourceL,
      sourceCoverage: ev.sources.coverage[sourceSlot] ?? 0,
      centroid,
      classifier,
      weighted,
      score: weighted,
    });
  }

  if (o.fusion === "rrf") rrfScores(scored, w, o.rrfK);
  scored.sort((a, b) => b.score - a.score || a.order - b.order);
  if (o.rerank) rerankTop(scored, query, o.rerankDepth);

  return scored.slice(0, o.k).map((s) => ({
    doc: s.best,
    score: s.score,
    lexicalScore: s.bestLexical,
    vectorScore: s.bestCosine,
    coverage: s.bestCoverage,
    sourceCoverage: s.sourceCoverage,
    centroidScore: s.centroid,
    classifierScore: s.classifier,
  }));
}

/** RRF of the four channels' rankings among the candidates, scaled to [0, 1] (1 = first everywhere). */
function rrfScores(scored: Scored[], w: HybridWeights, k: number): void {
  const channels: [keyof Scored, number][] = [
    ["chunkL", w.chunkLexical],
    ["chunkV", w.chunkVector],
    ["sourceL", w.sourceLexical],
    ["centroid", w.sourceVector],
    ["classifier", w.classifier],
  ];
  const lists = channels.map(([key]) =>
    scored
      .filter((s) => (s[key] as number) > 0)
      .sort((a, b) => (b[key] as number) - (a[key] as number) || a.order - b.order)
      .map((s) => s.sourceId),
  );
  const weights = channels.map(([, weight]) => weight);
  const max = weights.reduce((a, x) => a + x / (k + 1), 0) || 1;
  const fused = new Map(reciprocalRankFusion(lists, { k, weights }).map((f) => [f.id, f.score / max]));
  for (const s of scored) s.score = fused.get(s.sourceId) ?? 0;
}

/**
 * Rerank: within the fused top `depth`, a source whose best chunk shares word pairs in order
 * with the query (a phrase, not just the same words) moves up. The boost is a small share of
 * the fused score, so it reorders near-ties and never lifts a weak match over a strong one.
 */
function rerankTop(scored: Scored[], query: string, depth: number): void {
  const top = scored.slice(0, depth);
  if (top.length < 2) return;
  // Divided by the largest factor so that scores stay in [0, 1].
  for (const s of top) s.score = (s.score * (1 + RERANK_PHRASE_WEIGHT * phraseMatch(query, s.best))) / (1 + RERANK_PHRASE_WEIGHT);
  top.sort((a, b) => b.score - a.score || a.order - b.order);
  scored.splice(0, top.length, ...top);
}

/** Sources added to the candidates from the top of the classifier's posterior. */
const CLASSIFIER_CANDIDATES = 5;

/** Tried on the dev splits with source- and chunk-coverage boosts; see docs/benchmarks.md. */
const RERANK_PHRASE_WEIGHT = 0.1;
