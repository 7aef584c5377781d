export { answerConfidence, DEFAULT_ANSWER_THRESHOLD, rightEntryProbability, withBuiltinCosines } from "./confidence";
export { answerDecision, DEFAULT_SUGGEST_THRESHOLD, FAMILIAR_SHARE, FAMILIAR_SUGGEST_FLOOR, DEFAULT_THRESHOLDS, type AnswerDecision, type AnswerThresholds } from "./thresholds";
export {
  calibrate,
  CALIBRATION_METHOD,
  CALIBRATION_MIN_SOURCES,
  calibrationSteps,
  curveOf,
  expectedBehaviour,
  parseCalibration,
  thresholdsForTarget,
  type Calibration,
  type CalibrationOptions,
  type CalibrationPoint,
  type CalibrationResult,
  type ExpectedBehaviour,
} from "./calibration";
export { MAX_RELATED, MAX_SUGGESTIONS, offeredEntries, RELATED_SCORE_RATIO, selectSuggestions, SUGGESTION_SCORE_RATIO, suggestionTitle, type Suggestion } from "./suggestions";
export { cosineSimilarity, EMBEDDING_DIMS, hashedNgramEmbedding, ngramFeatures } from "./embedding";
export { reciprocalRankFusion, type FusedItem } from "./fusion";
export { familiarShare, indexText, KnowledgeIndex, lexicalEvidence, type IndexedSource, type LexicalEvidence } from "./knowledge-index";
export { MemoryVectors } from "./memory-vectors";
export { PrefetchedRetriever } from "./prefetched";
export { phraseMatch } from "./rerank";
export {
  DEFAULT_SEARCH_OPTIONS,
  hybridSearch,
  type FusionMethod,
  type SearchOptions,
  type VectorBackend,
  type VectorEvidence,
  type VectorCandidate,
} from "./search";
export { bm25Scores, LexicalShard } from "./shard";
export { SourceClassifier, sourcePosteriors, type ClassifierExample, type ClassifierTrainingOptions, type LiveClassifier } from "./source-classifier";
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
