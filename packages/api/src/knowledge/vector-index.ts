import { type Db, type DbTx } from "@kefu/db";
import { EXACT_SCAN_MAX_CHUNKS } from "./vector-search.ts";

/**
 * The HNSW index over built-in vectors is partial (`WHERE "annIndexed"`): a graph insert costs a
 * few milliseconds per chunk on PGlite, and knowledge bases up to EXACT_SCAN_MAX_CHUNKS are
 * searched exactly anyway. A knowledge base that grows past that size is marked once
 * (`vectorIndexed`), and its chunks are then added to the index in the background, a batch at a
 * time, after any waiting documents; retrieval scans the not-yet-indexed ones exactly meanwhile.
 */
export const VECTOR_INDEX_BATCH = 500;

/**
 * Marks the knowledge bases of just-indexed sources for the HNSW index once they have grown past
 * `threshold` chunks. The size is read from the sources (a document's chunk count, an FAQ's
 * phrasings), not by counting chunks: this runs after every ingestion batch. True if any was marked.
 */
export async function markLargeKnowledgeBases(
  db: DbTx,
  sources: readonly { tenantId: string; sourceId: string }[],
  threshold: number = EXACT_SCAN_MAX_CHUNKS,
): Promise<boolean> {
  if (sources.length === 0) return false;
  const marked = await db.$executeRaw`
    UPDATE "KnowledgeBase" kb SET "vectorIndexed" = true
    WHERE NOT kb."vectorIndexed"
      AND kb."id" IN (
        SELECT s."knowledgeBaseId" FROM "KnowledgeSource" s
        JOIN unnest(${sources.map((s) => s.tenantId)}::text[], ${sources.map((s) => s.sourceId)}::text[]) AS j("tenantId", "sourceId")
          ON s."id" = j."sourceId" AND s."tenantId" = j."tenantId"
      )
      AND (
        SELECT COALESCE(SUM(CASE WHEN s."kind" = 'FAQ' THEN 1 + cardinality(s."alternatives") ELSE s."chunksTotal" END), 0)
        FROM "KnowledgeSource" s WHERE s."tenantId" = kb."tenantId" AND s."knowledgeBaseId" = kb."id"
      ) > ${threshold}`;
  return marked > 0;
}

/**
 * Adds up to `batch` not-yet-indexed chunks of marked knowledge bases to the HNSW index (one
 * short transaction, so documents waiting behind it are not held up for long). Returns how
 * many were added; 0 when there is nothing left to do.
 */
export async function indexPendingVectors(db: Db, batch: number = VECTOR_INDEX_BATCH): Promise<number> {
  return db.$executeRaw`
    UPDATE "KnowledgeChunk" SET "annIndexed" = true
    WHERE "id" IN (
      SELECT c."id" FROM "KnowledgeChunk" c
      JOIN "KnowledgeBase" kb ON kb."id" = c."knowledgeBaseId" AND kb."tenantId" = c."tenantId"
      WHERE kb."vectorIndexed" AND NOT c."annIndexed"
      LIMIT ${batch}
    )`;
}
