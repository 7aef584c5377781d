export { drainIngestion, startIngestionWorker, type IngestionWorker, type IngestionWorkerOptions } from "./ingestion-worker.ts";
export { knowledgeBaseRouter } from "./knowledge-base-router.ts";
export { playground } from "./playground.ts";
export { queryEmbedderFor } from "./query-embedder.ts";
export { botKnowledgeScope, knowledgeIndexes, lastKnowledgeSync, resetRetrievalCache, retrieveKnowledge, retrieverForKnowledgeBases, retrieverForQuestion } from "./retrieval-cache.ts";
export { knowledgeRouter } from "./router.ts";
export { resyncDueSources } from "./url-sync.ts";
export { indexPendingVectors, markLargeKnowledgeBases } from "./vector-index.ts";
export { builtinVectors } from "./vector-search.ts";
