import { Prisma, type DbTx } from "@kefu/db";
import { DomainError, type VectorBackend, type VectorCandidate, type VectorEvidence } from "@kefu/domain";

/**
 * Up to this many chunks in the bot's knowledge bases, vectors are compared exactly (a filtered
 * scan is a few milliseconds and needs no transaction); above it the HNSW index is used.
 */
export const EXACT_SCAN_MAX_CHUNKS = 20_000;

/**
 * HNSW search breadth: at least the number of candidates asked for, and at least 100 (recall@20
 * against an exact scan was 0.69 at 40 on the bench's 10k chunks). With pgvector's iterative
 * scan the index keeps walking until enough rows pass the tenant/knowledge-base filter, so a
 * small knowledge base in a large table is not starved.
 */
const EF_SEARCH_MIN = 100;

const vectorLiteral = (v: readonly number[]): string => `[${v.map((x) => (Number.isFinite(x) ? x : 0)).join(",")}]`;

/** pgvector's cosine distance is NaN for a zero vector; our cosine is 0 there (as cosineSimilarity). */
const cosine = (x: number | null): number => (x !== null && Number.isFinite(x) ? x : 0);

const isZero = (v: readonly number[]): boolean => v.every((x) => x === 0);

function asDimensionError(error: unknown): never {
  // Prisma puts the driver's message in meta.driverAdapterError, not in its own message.
  const driver = (error as { meta?: { driverAdapterError?: { message?: unknown } } } | null)?.meta?.driverAdapterError?.message;
  const text = `${error instanceof Error ? error.message : ""} ${typeof driver === "string" ? driver : ""}`;
  if (/different vector dimensions|expected \d+ dimensions/i.test(text)) {
    throw new DomainError(
      "BAD_REQUEST",
      "embedding_dimensions_mismatch",
      "The embedding model returned vectors of another size than the stored ones; re-embed the knowledge base.",
    );
  }
  throw error;
}

/** Runs a query with HNSW settings local to one transaction (a new one, or the caller's). */
async function withHnswSettings<T>(db: DbTx, k: number, query: (tx: DbTx) => Promise<T>): Promise<T> {
  const ef = String(Math.max(EF_SEARCH_MIN, Math.min(1000, Math.ceil(k))));
  const run = async (tx: DbTx) => {
    await tx.$queryRaw`SELECT set_config('hnsw.ef_search', ${ef}, true), set_config('hnsw.iterative_scan', 'relaxed_order', true)`;
    return query(tx);
  };
  const client = db as DbTx & { $transaction?: <R>(fn: (tx: DbTx) => Promise<R>) => Promise<R> };
  return typeof client.$transaction === "function" ? client.$transaction((tx) => run(tx)) : run(db);
}

/**
 * Chunk id, source id, cosine, centroid cosine (or null), rank among the nearest chunks (1-based,
 * or null): aggregated into one JSON value, because materialising one result row per chunk cost
 * ~20 µs each in the driver (20 ms for 1,000 chunks) against ~3 ms for the same data in one row.
 */
type EvidenceRow = [id: string, sourceId: string, cosine: number | null, centroid: number | null, near: number | null];
type AggregatedRows = { rows: string | null }[];

function evidenceOf(result: AggregatedRows, withCentroids: boolean): VectorEvidence {
  const rows = JSON.parse(result[0]?.rows ?? "[]") as EvidenceRow[];
  const chunks = new Map<string, number>();
  const centroids = new Map<string, number>();
  const nearest: (VectorCandidate & { rank: number })[] = [];
  for (const [id, sourceId, cos, centroid, near] of rows) {
    chunks.set(id, cosine(cos));
    if (withCentroids) centroids.set(sourceId, cosine(centroid));
    if (near !== null) nearest.push({ chunkId: id, cosine: cosine(cos), rank: Number(near) });
  }
  nearest.sort((a, b) => b.cosine - a.cosine || a.rank - b.rank);
  const out = nearest.map(({ chunkId, cosine }) => ({ chunkId, cosine }));
  return withCentroids ? { nearest: out, chunks, centroids } : { nearest: out, chunks };
}

const EMPTY: VectorEvidence = { nearest: [], chunks: new Map() };

interface VectorQuery {
  /** The query vector as a pgvector literal. */
  q: string;
  kbs: string[];
  /** How many nearest chunks to rank: none for a zero query vector (its cosines are all 0). */
  limit: number;
  sourceIds: readonly string[];
}

/** What both backends share: without knowledge bases there is no evidence (and no query). */
function vectorBackend(knowledgeBaseIds: readonly string[], queryVector: readonly number[], search: (query: VectorQuery) => Promise<VectorEvidence>): VectorBackend {
  const q = vectorLiteral(queryVector);
  const kbs = [...knowledgeBaseIds];
  return {
    async search(k, sourceIds) {
      if (kbs.length === 0) return EMPTY;
      return search({ q, kbs, limit: isZero(queryVector) ? 0 : Math.max(0, k), sourceIds });
    },
  };
}

/** The knowledge bases a question is answered from, of one tenant. */
export interface KnowledgeScope {
  tenantId: string;
  knowledgeBaseIds: readonly string[];
  /**
   * Each knowledge base's updatedAt (ms), when the caller read them with the ids (botKnowledgeScope):
   * retrieval then does not read them again.
   */
  versions?: ReadonlyMap<string, number>;
  /** The tenant's Tenant.synonymsVersion, read with them (botKnowledgeScope); else read by retrieval. */
  synonymsVersion?: number;
}

/**
 * Vectors of the built-in embedder (KnowledgeChunk.embedding), searched in Postgres in one
 * statement: the k nearest chunks (HNSW index on large knowledge bases, exact below
 * EXACT_SCAN_MAX_CHUNKS), then exact cosines of every chunk of the candidate sources (their
 * centroids are kept in memory by the knowledge indexes). Every part is filtered by tenant and knowledge bases inside the SQL,
 * so another tenant's chunks never come back, however near.
 */
export function builtinVectors(db: DbTx, scope: KnowledgeScope, queryVector: readonly number[], options: { exact?: boolean } = {}): VectorBackend {
  const { tenantId, knowledgeBaseIds } = scope;
  return vectorBackend(knowledgeBaseIds, queryVector, async ({ q, kbs, limit, sourceIds }) => {
    const inScope = Prisma.sql`"tenantId" = ${tenantId} AND "knowledgeBaseId" = ANY(${kbs}::text[]) AND "embedding" IS NOT NULL`;
    // "+ 0" keeps the planner off the HNSW index: an exact, filtered scan.
    const exactNearest = (only: Prisma.Sql) =>
      Prisma.sql`SELECT "id", "sourceId", ("embedding" <=> ${q}::vector) + 0 AS "d" FROM "KnowledgeChunk" WHERE ${inScope} AND ${only} ORDER BY "d" LIMIT ${limit}`;
    // Large knowledge bases: the HNSW index holds the chunks marked "annIndexed" (a partial
    // index); chunks added since are not in it yet and are scanned exactly, so nothing is missed.
    const nearest = options.exact
      ? exactNearest(Prisma.sql`TRUE`)
      : Prisma.sql`
          (SELECT "id", "sourceId", "embedding" <=> ${q}::vector AS "d" FROM "KnowledgeChunk"
           WHERE ${inScope} AND "annIndexed" ORDER BY "embedding" <=> ${q}::vector LIMIT ${limit})
          UNION ALL
          (${exactNearest(Prisma.sql`NOT "annIndexed"`)})`;
    const statement = (tx: DbTx) =>
      tx.$queryRaw<AggregatedRows>`
        WITH "near" AS (
          SELECT "id", "sourceId", ROW_NUMBER() OVER (ORDER BY "d", "id") AS "rank" FROM (${nearest}) "n"
          ORDER BY "d", "id" LIMIT ${limit}
        )
        SELECT json_agg(json_build_array(c."id", c."sourceId", 1 - (c."embedding" <=> ${q}::vector), NULL, "near"."rank"))::text AS "rows"
        FROM "KnowledgeChunk" c
        LEFT JOIN "near" ON "near"."id" = c."id"
        WHERE c."tenantId" = ${tenantId} AND c."knowledgeBaseId" = ANY(${kbs}::text[]) AND c."embedding" IS NOT NULL
          AND (c."sourceId" = ANY(${[...sourceIds]}::text[]) OR c."sourceId" IN (SELECT "sourceId" FROM "near"))`;
    return evidenceOf(options.exact || limit === 0 ? await statement(db) : await withHnswSettings(db, limit, statement), false);
  });
}

/**
 * Vectors of a remote embedding model (ChunkEmbedding rows of one modelKey). Their dimension
 * depends on the model, so the column is untyped and carries no HNSW index: an exact scan
 * within one tenant, its knowledge bases and the model.
 */
export function modelVectors(db: DbTx, scope: KnowledgeScope, query: { modelKey: string; queryVector: readonly number[] }): VectorBackend {
  const { tenantId, knowledgeBaseIds } = scope;
  const { modelKey, queryVector } = query;
  return vectorBackend(knowledgeBaseIds, queryVector, async ({ q, kbs, limit, sourceIds }) => {
    const rows = await db.$queryRaw<AggregatedRows>`
      WITH "model" AS (
        SELECT e."chunkId" AS "id", c."sourceId", e."embedding"
        FROM "ChunkEmbedding" e
        JOIN "KnowledgeChunk" c ON c."id" = e."chunkId" AND c."tenantId" = e."tenantId"
        WHERE e."tenantId" = ${tenantId} AND e."knowledgeBaseId" = ANY(${kbs}::text[]) AND e."modelKey" = ${modelKey}
      ), "near" AS (
        SELECT "id", "sourceId", ROW_NUMBER() OVER () AS "rank" FROM (
          SELECT "id", "sourceId" FROM "model" ORDER BY "embedding" <=> ${q}::vector LIMIT ${limit}
        ) "n"
      )
      SELECT json_agg(json_build_array(r."id", r."sourceId", r."cosine", r."centroid", r."rank"))::text AS "rows" FROM (
        SELECT m."id", m."sourceId", 1 - (m."embedding" <=> ${q}::vector) AS "cosine",
               1 - (AVG(m."embedding") OVER (PARTITION BY m."sourceId") <=> ${q}::vector) AS "centroid",
               "near"."rank"
        FROM "model" m
        LEFT JOIN "near" ON "near"."id" = m."id"
        WHERE m."sourceId" = ANY(${[...sourceIds]}::text[]) OR m."sourceId" IN (SELECT "sourceId" FROM "near")
      ) r`.catch(asDimensionError);
    return evidenceOf(rows, true);
  });
}
