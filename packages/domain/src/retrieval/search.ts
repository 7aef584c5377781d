import { reciprocalRankFusion } from "./fusion";
import { type KnowledgeIndex, lexicalEvidence, type LexicalEvidence, unit } from "./knowledge-index";
import { DEFAULT_HYBRID_WEIGHTS, type HybridWeights } from "./hybrid";
import { phraseMatch } from "./rerank";
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
  /** Re-score the fused top `rerankDepth` with phrase (word-bigram) matches (default true). */
  rerank?: boolean;
  rerankDepth?: number;
  /** Sources taken from the lexical ranking (default 50) and chunks from the vector search (default 100). */
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
  rerank: true,
  rerankDepth: 10,
  lexicalCandidates: 50,
  vectorCandidates: 100,
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

function indexOfSource(indexes: readonly KnowledgeIndex[], sourceId: string): KnowledgeIndex | undefined {
  return indexes.find((i) => i.has(sourceId));
}

/** Sources by their lexical evidence alone (the weighted lexical half of the fusion). */
function lexicalRanking(lex: LexicalEvidence, w: HybridWeights): string[] {
  const partial = new Map<string, number>();
  if (lex.maxChunk > 0) {
    for (const { doc, score } of lex.chunks.values()) {
      const v = (w.chunkLexical * score) / lex.maxChunk;
      if (v > (partial.get(doc.sourceId) ?? 0)) partial.set(doc.sourceId, v);
    }
  }
  const out = new Map<string, number>();
  for (const [id, s] of lex.sources) out.set(id, (lex.maxSource > 0 ? (w.sourceLexical * s.score) / lex.maxSource : 0) + (partial.get(id) ?? 0));
  for (const [id, v] of partial) if (!out.has(id)) out.set(id, v);
  return [...out].sort((a, b) => b[1] - a[1]).map(([id]) => id);
}

/**
 * Hybrid search over in-memory lexical indexes and a vector backend:
 * 1. candidates — the best sources by BM25 (chunk and source level) and the sources of the
 *    nearest chunk vectors (ANN in the database);
 * 2. exact features for the candidates — every chunk's cosine and the centroid cosine;
 * 3. fusion of the four channels, by normalised weighted sum (the scores `HybridRetriever`
 *    computes over everything, so the confidence calibration holds) or by RRF;
 * 4. optional rerank of the fused top few with phrase (word-bigram) matches.
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
  const candidates = new Set(lexicalRanking(lex, w).slice(0, o.lexicalCandidates));
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
  const total = w.chunkLexical + w.chunkVector + w.sourceLexical + w.sourceVector || 1;
  for (const sourceId of ids) {
    const index = indexOfSource(indexes, sourceId);
    if (!index) continue;
    let best: RetrievalDoc | undefined;
    let bestScore = -Infinity;
    let chunkL = 0;
    let chunkV = -1;
    for (const doc of index.sourceChunks(sourceId)) {
      const lexical = lex.chunks.get(doc.id)?.score ?? 0;
      const l = lex.maxChunk > 0 ? lexical / lex.maxChunk : 0;
      const v = Math.max(0, features.chunks.get(doc.id) ?? 0);
      const s = w.chunkLexical * l + w.chunkVector * v;
      if (s > bestScore) {
        bestScore = s;
        best = doc;
      }
      if (l > chunkL) chunkL = l;
      if (v > chunkV) chunkV = v;
    }
    if (!best) continue;
    const src = lex.sources.get(sourceId);
    const sourceL = lex.maxSource > 0 ? (src?.score ?? 0) / lex.maxSource : 0;
    const centroid = features.centroids?.get(sourceId) ?? (unitQuery && index.centroidCosine(sourceId, unitQuery)) ?? 0;
    const weighted =
      (w.chunkLexical * chunkL + w.chunkVector * Math.max(0, chunkV) + w.sourceLexical * sourceL + w.sourceVector * Math.max(0, centroid)) /
      total;
    if (weighted <= 0) continue;
    const bestLex = lex.chunks.get(best.id);
    scored.push({
      sourceId,
      order: index.sourceOrder(sourceId),
      best,
      bestLexical: bestLex?.score ?? 0,
      bestCoverage: bestLex?.coverage ?? 0,
      bestCosine: features.chunks.get(best.id) ?? 0,
      chunkL,
      chunkV: Math.max(0, chunkV),
      sourceL,
      sourceCoverage: src?.coverage ?? 0,
      centroid,
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
  }));
}

/** RRF of the four channels' rankings among the candidates, scaled to [0, 1] (1 = first everywhere). */
function rrfScores(scored: Scored[], w: HybridWeights, k: number): void {
  const channels: [keyof Scored, number][] = [
    ["chunkL", w.chunkLexical],
    ["chunkV", w.chunkVector],
    ["sourceL", w.sourceLexical],
    ["centroid", w.sourceVector],
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
  const pw = Number(process.env.RR_PW ?? RERANK_PHRASE_WEIGHT);
  const cw = Number(process.env.RR_CW ?? 0);
  const bw = Number(process.env.RR_BW ?? 0);
  for (const s of top) s.score = (s.score * (1 + pw * phraseMatch(query, s.best)) + cw * s.sourceCoverage + bw * s.bestCoverage) / (1 + pw + cw + bw);
  top.sort((a, b) => b.score - a.score || a.order - b.order);
  scored.splice(0, top.length, ...top);
}

/** Chosen on CLINC150 val (0.05–0.2 tried); see docs/benchmarks.md. */
const RERANK_PHRASE_WEIGHT = 0.1;
