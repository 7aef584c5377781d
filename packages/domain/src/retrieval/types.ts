/** One retrievable chunk: an FAQ phrasing (answer = the entry's answer) or a passage (answer = text). */
export interface RetrievalDoc {
  id: string;
  /** The FAQ entry or document the chunk came from; hits are grouped by it. */
  sourceId: string;
  text: string;
  answer: string;
  headingPath?: string[];
  /** Precomputed `hashedNgramEmbedding` of the text (EMBEDDING_DIMS long); computed when absent. */
  embedding?: number[];
  /** Title of the source, for citations. */
  title?: string;
}

/** One source (FAQ entry / document) matched by a query, represented by its best chunk. */
export interface RetrievalHit {
  doc: RetrievalDoc;
  /** Fused score in [0, 1], used for ranking. */
  score: number;
  /** BM25+ score of the best chunk. */
  lexicalScore: number;
  /** Cosine between the query and the best chunk's embedding. */
  vectorScore: number;
  /** Share of the query's IDF mass found in the best chunk, in [0, 1]. */
  coverage: number;
  /** Share of the query's IDF mass found anywhere in the source (all its chunks), in [0, 1]. */
  sourceCoverage: number;
  /** Cosine between the query and the centroid of the source's chunk embeddings. */
  centroidScore: number;
  /** Posterior of the source under its knowledge base's source classifier; null without one. */
  classifierScore: number | null;
  /**
   * The built-in embedder's cosines for this hit, set when another embedding model ranked it:
   * the confidence was fitted on the built-in embedder's cosines and uses these instead.
   */
  builtinCosines?: { centroid: number; chunk: number };
}
