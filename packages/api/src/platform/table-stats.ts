import { type Db } from "@kefu/db";

/**
 * Keeps the query planner's statistics fresh on the embedded database. PGlite runs no autovacuum,
 * so its tables were never analyzed and the planner took them for a few rows: at 100k chunks it
 * chose a nested loop that made a knowledge base's change check take 52 s instead of ~0.3 s, and
 * sorted every chunk instead of walking the HNSW index (docs/benchmarks.md). A table is analyzed
 * when its size on disk has grown by a fifth since this process last analyzed it (the first time
 * it is seen non-empty, at once). On a real PostgreSQL autovacuum does the same; this is harmless there.
 */
const GROWTH = 1.2;
const MIN_GROWTH_BYTES = 64 * 1024;
const sizesAtAnalyze = new WeakMap<Db, Map<string, number>>();

/** Analyzes the tables that have grown; returns their names. */
export async function analyzeGrownTables(db: Db): Promise<string[]> {
  let sizes = sizesAtAnalyze.get(db);
  if (!sizes) sizesAtAnalyze.set(db, (sizes = new Map()));
  const tables = await db.$queryRaw<{ name: string; bytes: bigint | number }[]>`
    SELECT c."relname"::text AS "name", pg_relation_size(c."oid") AS "bytes"
    FROM pg_class c JOIN pg_namespace n ON n."oid" = c."relnamespace"
    WHERE n."nspname" = 'public' AND c."relkind" = 'r'`;
  const analyzed: string[] = [];
  for (const { name, bytes } of tables) {
    const size = Number(bytes);
    const last = sizes.get(name);
    if (last === undefined ? size === 0 : size <= last * GROWTH + MIN_GROWTH_BYTES) continue;
    // Table names come from the catalog, quoted as identifiers.
    await db.$executeRawUnsafe(`ANALYZE "${name.replace(/"/g, '""')}"`);
    sizes.set(name, size);
    analyzed.push(name);
  }
  return analyzed;
}
