import { createHash } from "node:crypto";
import { readFile, rename, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { type PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { createDbFromAdapter, type AdapterFactory, type Db } from "./client.ts";
import { openPGlite } from "./embedded.ts";
import { pgliteExecutor } from "./executors.ts";
import { applyMigrations, listMigrations } from "./migrate.ts";

/**
 * pglite-prisma-adapter pins an older @prisma/driver-adapter-utils whose types
 * differ only nominally from Prisma 6.19's; the runtime contract is the same.
 */
export function pgliteAdapter(pglite: PGlite): AdapterFactory {
  return new PrismaPGlite(pglite) as unknown as AdapterFactory;
}

/** What reaches the database: a statement, or a transaction's begin, commit or rollback. */
export type SqlRoundTrip = { kind: "statement"; sql: string } | { kind: "begin" | "commit" | "rollback" };

/** Reports every method call of `target` named in `watched` before running it. */
function watch<T extends object>(target: T, watched: Record<string, (args: unknown[]) => void>, wrapResult?: Record<string, (result: unknown) => unknown>): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver) as unknown;
      if (typeof value !== "function" || typeof property !== "string") return value;
      const before = watched[property];
      const after = wrapResult?.[property];
      if (!before && !after) return value.bind(object);
      return async (...args: unknown[]) => {
        before?.(args);
        const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(object, args);
        return after ? after(result) : result;
      };
    },
  });
}

/**
 * The adapter with every round trip to the database reported: how statement counts are kept under
 * test (a model call may be several statements, and a transaction adds its begin and commit).
 */
export function observedAdapter(factory: AdapterFactory, onRoundTrip: (trip: SqlRoundTrip) => void): AdapterFactory {
  const statement = (args: unknown[]) => onRoundTrip({ kind: "statement", sql: (args[0] as { sql: string }).sql });
  const transaction = (tx: unknown) =>
    watch(tx as object, { queryRaw: statement, executeRaw: statement, commit: () => onRoundTrip({ kind: "commit" }), rollback: () => onRoundTrip({ kind: "rollback" }) });
  const adapter = (connection: unknown) =>
    watch(connection as object, { queryRaw: statement, executeRaw: statement, startTransaction: () => onRoundTrip({ kind: "begin" }) }, { startTransaction: transaction });
  return watch(factory, {}, { connect: adapter });
}

/**
 * A fresh, migrated, in-memory Postgres (PGlite) for integration tests: the real
 * engine and the real migrations, isolated per test file. `onRoundTrip` sees every statement.
 * `loadDataDir` starts from a `dump()` of an earlier one (migrations newer than it are applied),
 * so a benchmark seeds a large database once.
 */
export async function createTestDb(
  options: { onRoundTrip?: (trip: SqlRoundTrip) => void; loadDataDir?: Blob } = {},
): Promise<{ db: Db; close(): Promise<void>; dump(): Promise<Blob> }> {
  let pglite: PGlite;
  if (options.loadDataDir) {
    pglite = await openPGlite(undefined, options.loadDataDir);
    await applyMigrations(pgliteExecutor(pglite)); // a dump may be older than the migrations
  } else pglite = await migratedPGlite(); // named by the migrations: current already
  const adapter = pgliteAdapter(pglite);
  const db = createDbFromAdapter(options.onRoundTrip ? observedAdapter(adapter, options.onRoundTrip) : adapter);
  return {
    db,
    dump: () => pglite.dumpDataDir("none"),
    async close() {
      await db.$disconnect();
      await pglite.close();
    },
  };
}

/**
 * A freshly migrated database, started from a copy of one migrated earlier when there is one:
 * creating the database and applying every migration takes seconds, loading the copy about one,
 * and each integration test file starts its own. The copy is named by the engine's version and the
 * migrations' text, so a changed migration never loads an old copy.
 */
async function migratedPGlite(): Promise<PGlite> {
  const template = path.join(tmpdir(), `kefu-test-db-${await templateKey()}.tar`);
  const saved = await readFile(template).catch(() => null);
  if (saved) return openPGlite(undefined, new Blob([saved]));
  const pglite = await openPGlite();
  await applyMigrations(pgliteExecutor(pglite));
  // Written whole, then renamed: test files starting side by side never read half a copy.
  const partial = `${template}.${process.pid}.${Date.now()}`;
  await writeFile(partial, Buffer.from(await (await pglite.dumpDataDir("none")).arrayBuffer()));
  await rename(partial, template);
  return pglite;
}

async function templateKey(): Promise<string> {
  // The engine's own package.json (not among its exports): next to its entry's dist/ folder.
  const entry = createRequire(import.meta.url).resolve("@electric-sql/pglite");
  const engine = await readFile(path.join(entry.slice(0, entry.lastIndexOf(`${path.sep}dist${path.sep}`)), "package.json"), "utf8");
  const hash = createHash("sha256").update((JSON.parse(engine) as { version: string }).version);
  for (const m of await listMigrations()) hash.update(`\0${m.name}\0${m.sql}`);
  return hash.digest("hex").slice(0, 16);
}
