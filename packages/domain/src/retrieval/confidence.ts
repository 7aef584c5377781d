import { tokenize } from "../text";
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
 * `nearNeighbours`: also weigh how likely the top entry is the right one rather than its neighbour
 * (`rightEntryProbability`); calibrations measure, and calibrated thresholds apply to, that one.
 */
export function answerConfidence(query: string, hits: readonly RetrievalHit[], options: { nearNeighbours?: boolean } = {}): number {
  const top = hits[0];
  if (!top || !query.trim() || top.score <= 0) return 0;
  const centroid = Math.max(0, top.builtinCosines?.centroid ?? top.centroidScore);
  let c: number;
  if (top.classifierScore !== null) {
    // The posterior knows the neighbouring entries: it subsumes the margin and the chunk cosine.
    c = 0.53 * top.sourceCoverage + 0.3 * centroid + 0.17 * top.classifierScore;
    // Where thresholds are calibrated (on this same confidence): discounted when the top entry is
    // likely a near neighbour of the right one (below), never raised. Uncalibrated knowledge keeps
    // the evidence alone, which DEFAULT_ANSWER_THRESHOLD was chosen for.
    if (options.nearNeighbours) c *= Math.min(1, Math.sqrt(rightEntryProbability(query, hits) / SURE_RIGHT_ENTRY));
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

/**
 * Probability that the top hit is the entry the visitor wants, not a near neighbour of it: a
 * logistic regression on the top two hits' evidence (classifier posteriors, coverage of the query,
 * fused scores and their gaps, query length), fitted on the dev splits of every evaluation set
 * pooled (Chinese shop FAQ, near-neighbour payments questions, two English intent sets; one and all
 * phrasings) and checked on their held-out splits (docs/benchmarks.md). The plain evidence above
 * answers "is the question about this knowledge at all"; this one tells the right entry from its
 * neighbour, which the evidence alone hardly does when two entries share most of their words.
 */
export function rightEntryProbability(query: string, hits: readonly RetrievalHit[]): number {
  const top = hits[0];
  if (!top || top.score <= 0) return 0;
  const second = hits[1];
  const gap = top.score - (second?.score ?? 0);
  const classifier = top.classifierScore ?? 0;
  const z =
    -2.81 +
    1.13 * top.sourceCoverage +
    1.81 * classifier +
    0.68 * (classifier - (second?.classifierScore ?? 0)) +
    1.76 * gap +
    1.96 * (gap / top.score) +
    1.07 * (top.sourceCoverage - (second?.sourceCoverage ?? 0)) +
    0.49 * Math.log1p(new Set(tokenize(query)).size) -
    0.42 * top.score;
  return 1 / (1 + Math.exp(-z));
}

/**
 * At or above this probability of the right entry the evidence counts in full. 0.7 on the dev
 * splits: the held-out splits' ranking of right against wrong answers was as good as with no
 * ceiling, and an exact match keeps its full confidence.
 */
const SURE_RIGHT_ENTRY = 0.7;
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
