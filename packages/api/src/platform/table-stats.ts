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

const VACUUM_CHANGED = 0.2;
const VACUUM_MIN_CHANGES = 1000;
const changesAtVacuum = new WeakMap<Db, Map<string, number>>();

/**
 * VACUUM ANALYZE for the named tables once rows amounting to a fifth of them have been inserted,
 * updated or deleted since this process last vacuumed them; at first sight, those whose pages are
 * mostly not marked all-visible (never vacuumed). PGlite runs no autovacuum: without this, the
 * visibility map stays empty, so an index-only scan (the analytics rollup's reads) still fetches
 * every row from the heap, and tables updated in place keep their dead rows. The embedded database
 * holds other statements meanwhile (~3 s for the rollup at 1M messages), hence the threshold.
 * On a real PostgreSQL autovacuum does the same; this is harmless there.
 */
export async function vacuumChangedTables(db: Db, names: readonly string[]): Promise<string[]> {
  let seen = changesAtVacuum.get(db);
  if (!seen) changesAtVacuum.set(db, (seen = new Map()));
  const tables = await db.$queryRaw<{ name: string; pages: bigint | number; visible: number; rows: number; changes: bigint | number | null }[]>`
    SELECT c."relname"::text AS "name", pg_relation_size(c."oid") / 8192 AS "pages", c."relallvisible" AS "visible",
      c."reltuples"::float8 AS "rows", s."n_tup_ins" + s."n_tup_upd" + s."n_tup_del" AS "changes"
    FROM pg_class c JOIN pg_namespace n ON n."oid" = c."relnamespace"
    LEFT JOIN pg_stat_user_tables s ON s."relid" = c."oid"
    WHERE n."nspname" = 'public' AND c."relkind" = 'r' AND c."relname"::text = ANY(${[...names]}::text[])`;
  const vacuumed: string[] = [];
  for (const table of tables) {
    const changes = Number(table.changes ?? 0);
    const last = seen.get(table.name);
    const due =
      last === undefined
        ? Number(table.pages) > 8 && Number(table.visible) < Number(table.pages) * 0.8
        : changes - last > Math.max(0, Number(table.rows)) * VACUUM_CHANGED + VACUUM_MIN_CHANGES;
    if (due) {
      // Table names come from the catalog, quoted as identifiers.
      await db.$executeRawUnsafe(`VACUUM (ANALYZE) "${table.name.replace(/"/g, '""')}"`);
      vacuumed.push(table.name);
    }
    if (due || last === undefined) seen.set(table.name, changes);
  }
  return vacuumed;
}
