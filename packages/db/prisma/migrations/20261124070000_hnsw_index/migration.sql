-- Approximate nearest-neighbour index for the built-in embeddings (cosine distance, as used by
-- retrieval). SQL only: Prisma cannot express vector indexes, so schema.prisma does not list it.
-- Retrieval filters by "tenantId" and "knowledgeBaseId" inside the same query and turns on
-- pgvector's iterative scan, so the filter does not starve the result.
-- m = 8, ef_construction = 32 instead of 16 / 64: on PGlite (WASM) an insert into the default
-- graph cost ~8 ms per chunk (12x a plain insert) and stalled ingestion; these settings cost ~3x
-- and kept recall@20 at 1.0 against exact search on a 2,000-chunk sample (ef_search 100).
CREATE INDEX IF NOT EXISTS "KnowledgeChunk_embedding_hnsw_idx"
    ON "KnowledgeChunk" USING hnsw ("embedding" vector_cosine_ops) WITH (m = 8, ef_construction = 32);

-- Remote-model embeddings have per-model dimensions (an untyped column), which HNSW cannot index;
-- they are scanned exactly within one tenant, knowledge base and model.
