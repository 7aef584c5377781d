export { answerConfidence, DEFAULT_ANSWER_THRESHOLD } from "./confidence";
export { cosineSimilarity, EMBEDDING_DIMS, hashedNgramEmbedding, ngramFeatures } from "./embedding";
export { reciprocalRankFusion, type FusedItem } from "./fusion";
export { fnv1a32 } from "./hash";
export {
  DEFAULT_HYBRID_WEIGHTS,
  HybridRetriever,
  retrieve,
  type HybridRetrieverOptions,
  type HybridWeights,
} from "./hybrid";
export { LexicalIndex, type LexicalHit, type LexicalIndexOptions, type LexicalQuery } from "./lexical";
export { type RetrievalDoc, type RetrievalHit } from "./types";
export { topK, VectorIndex, type VectorHit } from "./vector";
