import { cosineSimilarity, hashedNgramEmbedding } from "./embedding";
import { type KnowledgeIndex, unit } from "./knowledge-index";
import { type RetrievalHit } from "./types";

/**
 * Confidence at or above which the offline answerer answers; below it, it says it does not know
 * (and the conversation can be escalated). One default for every knowledge base: chosen on
 * CLINC150 val (in-scope vs. out-of-scope) and checked on BANKING77 / CMRC2018 held-out splits.
 */
export const DEFAULT_ANSWER_THRESHOLD = 0.3;

/**
 * Confidence in [0, 1] that the top hit answers the query, from retrieval evidence only: how much
 * of the query's IDF mass the top source contains, the cosine to the source's centroid, and
 * either the source classifier's posterior (when its knowledge base has one) or the cosine to
 * the best chunk and the relative margin over the runner-up. Both sets of weights were fitted by
 * logistic regression on CLINC150 val and rounded, and scaled so that one threshold
 * (`DEFAULT_ANSWER_THRESHOLD`) holds for both; the cosines are the built-in embedder's
 * (`withBuiltinCosines`). The result is blended with the top source's lead over the next one.
 */
export function answerConfidence(query: string, hits: readonly RetrievalHit[]): number {
  const top = hits[0];
  if (!top || !query.trim() || top.score <= 0) return 0;
  const centroid = Math.max(0, top.builtinCosines?.centroid ?? top.centroidScore);
  let c: number;
  if (top.classifierScore !== null) {
    // The posterior knows the neighbouring entries: it subsumes the margin and the chunk cosine.
    c = 0.53 * top.sourceCoverage + 0.3 * centroid + 0.17 * top.classifierScore;
  } else {
    const second = hits[1]?.score ?? 0;
    const margin = Math.min(1, Math.max(0, (top.score - second) / top.score));
    c = 0.45 * top.sourceCoverage + 0.35 * centroid + 0.1 * Math.max(0, top.builtinCosines?.chunk ?? top.vectorScore) + 0.1 * margin;
  }
  // How far the top source stands above the runner-up, on the fused score: near neighbours
  // (two entries about one product, one phrasing each) tie, and a tie is a guess. At equal answer
  // rates it raised the precision of answers on every dev set, single-phrasing most
  // (docs/benchmarks.md); scaled so that DEFAULT_ANSWER_THRESHOLD keeps its answer rate on CLINC150 val.
  const gap = Math.min(1, GAP_SCALE * Math.max(0, top.score - (hits[1]?.score ?? 0)));
  // Never more than the evidence itself: a lone weak match (nothing else matched) leads by all it has.
  return Math.min(1, Math.max(0, EVIDENCE_WEIGHT * c + GAP_WEIGHT * Math.min(gap, c)));
}

const EVIDENCE_WEIGHT = 0.72;
const GAP_WEIGHT = 0.43;
const GAP_SCALE = 4;

/**
 * Adds the built-in embedder's cosines to hits ranked with another embedding model. A remote
 * model's cosines live on another scale (unrelated texts often score 0.5 or more), which would
 * make the bot answer questions its knowledge does not cover. The centroids are the built-in
 * ones kept in the indexes; the chunk cosine re-embeds the hit's text as ingestion did.
 */
export function withBuiltinCosines(indexes: readonly KnowledgeIndex[], query: string, hits: readonly RetrievalHit[]): RetrievalHit[] {
  const q = hashedNgramEmbedding(query);
  const unitQuery = unit(q);
  return hits.map((hit) => {
    const index = indexes.find((i) => i.has(hit.doc.sourceId));
    const centroid = index?.centroidCosine(hit.doc.sourceId, unitQuery) ?? 0;
    return { ...hit, builtinCosines: { centroid, chunk: cosineSimilarity(q, hashedNgramEmbedding(hit.doc.text)) } };
  });
}
