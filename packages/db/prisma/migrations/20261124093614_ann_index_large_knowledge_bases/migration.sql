-- AlterTable
ALTER TABLE "KnowledgeBase" ADD COLUMN     "vectorIndexed" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "KnowledgeChunk" ADD COLUMN     "annIndexed" BOOLEAN NOT NULL DEFAULT false;

-- The HNSW index now covers only chunks marked "annIndexed": small knowledge bases (scanned
-- exactly anyway) no longer pay a graph insert per chunk, which held ingestion on PGlite to
-- ~200 chunks/s. Knowledge bases past the exact-scan limit (20,000 chunks, EXACT_SCAN_MAX_CHUNKS
-- in packages/api/src/services/vector-search.ts) are marked, and their chunks indexed, in the
-- background by the ingestion worker; retrieval scans their not-yet-indexed rest exactly.
UPDATE "KnowledgeBase" SET "vectorIndexed" = true
WHERE "id" IN (SELECT "knowledgeBaseId" FROM "KnowledgeChunk" GROUP BY "knowledgeBaseId" HAVING count(*) > 20000);
UPDATE "KnowledgeChunk" SET "annIndexed" = true
WHERE "knowledgeBaseId" IN (SELECT "id" FROM "KnowledgeBase" WHERE "vectorIndexed");

-- Graph inserts now happen in the background only, so pgvector's default graph (m 16,
-- ef_construction 64) replaces the cheaper m 8 / 32 chosen when every ingested chunk paid for it.
DROP INDEX IF EXISTS "KnowledgeChunk_embedding_hnsw_idx";
CREATE INDEX IF NOT EXISTS "KnowledgeChunk_embedding_hnsw_idx"
    ON "KnowledgeChunk" USING hnsw ("embedding" vector_cosine_ops) WITH (m = 16, ef_construction = 64)
    WHERE "annIndexed";

-- The not-yet-indexed chunks of a knowledge base, found without reading its indexed ones.
CREATE INDEX IF NOT EXISTS "KnowledgeChunk_pending_ann_idx"
    ON "KnowledgeChunk" ("knowledgeBaseId") WHERE NOT "annIndexed";
