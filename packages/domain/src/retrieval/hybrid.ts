import { type RetrievalDoc, type RetrievalHit } from "./types";
import { EMBEDDING_DIMS, hashedNgramEmbedding } from "./embedding";
import { indexText, knownWordShare } from "./knowledge-index";
import { LexicalIndex } from "./lexical";
import { VectorIndex } from "./vector";
import { tokenize, type Synonyms } from "../text";
import { SourceClassifier, sourcePosteriors } from "./source-classifier";
import { isAnswerDoc, withAnswerDocs } from "./answer-docs";

const ZERO_VECTOR: readonly number[] = new Array<number>(EMBEDDING_DIMS).fill(0);

/** Weights of the four evidence channels that are fused into one source score. */
export interface HybridWeights {
  /** BM25+ of the best chunk, normalised by the query's best chunk score. */
  chunkLexical: number;
  /** Cosine of the best chunk. */
  chunkVector: number;
  /** BM25+ of the whole source (all its chunks as one text), normalised by the best source. */
  sourceLexical: number;
  /** Cosine to the source's centroid embedding. */
  sourceVector: number;
  /**
   * Posterior of the source under the knowledge base's `SourceClassifier` (counted only where a
   * classifier was trained). 0.9 is 0.3 of the other four together: chosen on the dev splits.
   */
  classifier: number;
}

export const DEFAULT_HYBRID_WEIGHTS: Readonly<HybridWeights> = {
  chunkLexical: 0.5,
  chunkVector: 0.5,
  sourceLexical: 1,
  sourceVector: 1,
  classifier: 0.9,
};

export interface HybridRetrieverOptions {
  weights?: Partial<HybridWeights>;
  /** Synonym sets for texts and queries (default: the built-in ones), as `KnowledgeIndex` takes them. */
  synonyms?: Synonyms;
  k1?: number;
  b?: number;
  delta?: number;
}

/**
 * Hybrid lexical + vector retriever over in-memory chunks. Evidence is gathered per chunk
 * (BM25+ and cosine of the hashed n-gram embedding) and per source (BM25+ over all of a source's
 * chunks as one text, and cosine to the mean of its embeddings), fused by a weighted sum of
 * normalised scores. Several chunks of one source — e.g. the alternative phrasings of an FAQ
 * entry — therefore count as one match, reinforcing each other; the best chunk represents it.
 */
export class HybridRetriever {
  /** The chunks it was built over (without the FAQ answers it also matches, see answer-docs.ts). */
  readonly docs: readonly RetrievalDoc[];
  private readonly indexed: readonly RetrievalDoc[];
  readonly weights: Readonly<HybridWeights>;
  private readonly chunkLexical: LexicalIndex<RetrievalDoc>;
  private readonly chunkVectors: VectorIndex<RetrievalDoc>;
  private readonly sourceIds: string[];
  private readonly sourceOf: Int32Array;
  private readonly sourceLexical: LexicalIndex<{ text: string }>;
  private readonly centroids: VectorIndex<string>;
  private readonly classifier: SourceClassifier | undefined;
  private readonly synonyms: HybridRetrieverOptions["synonyms"];

  constructor(given: readonly RetrievalDoc[], options: HybridRetrieverOptions = {}) {
    this.docs = given;
    const docs = withAnswerDocs(given);
    this.indexed = docs;
    this.weights = { ...DEFAULT_HYBRID_WEIGHTS, ...options.weights };
    const synonyms = options.synonyms;
    this.synonyms = synonyms;
    const lexicalOptions = { k1: options.k1, b: options.b, delta: options.delta ?? 0, tokenizer: (text: string) => tokenize(text, { synonyms }) };
    const terms = docs.map((d) => tokenize(indexText(d), { synonyms }));
    this.chunkLexical = new LexicalIndex(docs, lexicalOptions, terms);
    // An answer's words are lexical evidence only: as in the product, where no vector is stored for it.
    const vectors = docs.map((d) =>
      isAnswerDoc(d) ? ZERO_VECTOR : d.embedding?.length === EMBEDDING_DIMS ? d.embedding : hashedNgramEmbedding(indexText(d)),
    );
    this.chunkVectors = new VectorIndex(docs, vectors, EMBEDDING_DIMS);

    const sourceIndex = new Map<string, number>();
    this.sourceOf = new Int32Array(docs.length);
    const sourceTerms: string[][] = [];
    const sums: number[][] = [];
    docs.forEach((d, i) => {
      let s = sourceIndex.get(d.sourceId);
      if (s === undefined) {
        s = sourceIndex.size;
        sourceIndex.set(d.sourceId, s);
        sourceTerms.push([]);
        sums.push(new Array<number>(EMBEDDING_DIMS).fill(0));
      }
      this.sourceOf[i] = s;
      sourceTerms[s]?.push(...(terms[i] ?? []));
      const sum = sums[s];
      const v = vectors[i];
      if (sum && v) for (let j = 0; j < EMBEDDING_DIMS; j++) sum[j] = (sum[j] ?? 0) + (v[j] ?? 0);
    });
    this.sourceIds = [...sourceIndex.keys()];
    this.sourceLexical = new LexicalIndex(
      this.sourceIds.map((id) => ({ text: id })),
      lexicalOptions,
      sourceTerms,
    );
    this.centroids = new VectorIndex(this.sourceIds, sums, EMBEDDING_DIMS);
    this.classifier = SourceClassifier.train(docs.map((d) => ({ text: indexText(d), label: d.sourceId })), undefined, synonyms);
  }

  get size(): number {
    return this.docs.length;
  }

  /**
   * Share of the question's words (not its character pairs) that occur anywhere in this
   * knowledge, answers included. A question in the knowledge's own words is about what it covers
   * even when no entry matches it closely; one whose words it never uses is far from all of it.
   */
  familiarShare(question: string): number {
    return knownWordShare(question, this.synonyms, (word) => this.chunkLexical.has(word));
  }

  /** The best k sources for the query, each represented by its best chunk, best first. */
  retrieve(query: string, k = 5): RetrievalHit[] {
    const n = this.indexed.length;
    const sources = this.sourceIds.length;
    if (n === 0 || k <= 0) return [];
    const prepared = this.chunkLexical.prepare(query);
    const lexical = this.chunkLexical.scoreAll(prepared);
    const qv = hashedNgramEmbedding(query);
    const cosines = this.chunkVectors.scoreAll(qv);
    const sourceLex = this.sourceLexical.scoreAll(this.sourceLexical.prepare(query));
    const centroid = this.centroids.scoreAll(qv);

    let maxLex = 0;
    for (const d of lexical.matched) maxLex = Math.max(maxLex, lexical.scores[d] ?? 0);
    let maxSourceLex = 0;
    for (const s of sourceLex.matched) maxSourceLex = Math.max(maxSourceLex, sourceLex.scores[s] ?? 0);

    // Best chunk per source by chunk-level evidence.
    const w = this.weights;
    const bestChunk = new Int32Array(sources).fill(-1);
    const bestChunkScore = new Float64Array(sources).fill(-Infinity);
    const chunkL = new Float64Array(sources);
    const chunkV = new Float64Array(sources).fill(-1);
    for (let i = 0; i < n; i++) {
      const s = this.sourceOf[i] ?? 0;
      const l = maxLex > 0 ? (lexical.scores[i] ?? 0) / maxLex : 0;
      const v = Math.max(0, cosines[i] ?? 0);
      const score = w.chunkLexical * l + w.chunkVector * v;
      if (score > (bestChunkScore[s] ?? -Infinity)) {
        bestChunkScore[s] = score;
        bestChunk[s] = i;
      }
      if (l > (chunkL[s] ?? 0)) chunkL[s] = l;
      if (v > (chunkV[s] ?? -1)) chunkV[s] = v;
    }

    const posterior = this.classifier ? sourcePosteriors([{ classifier: this.classifier, has: () => true }], query) : undefined;
    const total = w.chunkLexical + w.chunkVector + w.sourceLexical + w.sourceVector + (posterior ? w.classifier : 0) || 1;
    const fused = new Float64Array(sources);
    for (let s = 0; s < sources; s++) {
      const sl = maxSourceLex > 0 ? (sourceLex.scores[s] ?? 0) / maxSourceLex : 0;
      const evidence =
        w.chunkLexical * (chunkL[s] ?? 0) +
        w.chunkVector * Math.max(0, chunkV[s] ?? 0) +
        w.sourceLexical * sl +
        w.sourceVector * Math.max(0, centroid[s] ?? 0);
      // The classifier only reorders sources that match at all (its posterior is never 0).
      fused[s] = evidence > 0 ? (evidence + w.classifier * (posterior?.get(this.sourceIds[s] ?? "") ?? 0)) / total : 0;
    }

    const order: number[] = [];
    for (let s = 0; s < sources; s++) if ((fused[s] ?? 0) > 0) order.push(s);
    order.sort((a, b) => (fused[b] ?? 0) - (fused[a] ?? 0) || a - b);
    return order.slice(0, k).map((s) => {
      const i = bestChunk[s] ?? 0;
      return {
        doc: this.indexed[i] as RetrievalDoc,
        score: fused[s] ?? 0,
        lexicalScore: lexical.scores[i] ?? 0,
        vectorScore: cosines[i] ?? 0,
        coverage: lexical.coverage[i] ?? 0,
        sourceCoverage: sourceLex.coverage[s] ?? 0,
        centroidScore: centroid[s] ?? 0,
        classifierScore: posterior?.get(this.sourceIds[s] ?? "") ?? null,
      };
    });
  }
}

/** One-shot convenience: build a HybridRetriever over docs and query it. */
export function retrieve(
  docs: readonly RetrievalDoc[],
  query: string,
  k = 5,
  options?: HybridRetrieverOptions,
): RetrievalHit[] {
  return new HybridRetriever(docs, options).retrieve(query, k);
}
