import { type PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { createDbFromAdapter, type AdapterFactory, type Db } from "./client.ts";
import { openPGlite } from "./embedded.ts";
import { pgliteExecutor } from "./executors.ts";
import { applyMigrations } from "./migrate.ts";

/**
 * pglite-prisma-adapter pins an older @prisma/driver-adapter-utils whose types
 * differ only nominally from Prisma 6.19's; the runtime contract is the same.
 */
export function pgliteAdapter(pglite: PGlite): AdapterFactory {
  return new PrismaPGlite(pglite) as unknown as AdapterFactory;
}

/**
 * A fresh, migrated, in-memory Postgres (PGlite) for integration tests: the real
 * engine and the real migrations, isolated per test file.
 */
export async function createTestDb(): Promise<{ db: Db; close(): Promise<void> }> {
  const pglite = await openPGlite();
  await applyMigrations(pgliteExecutor(pglite));
  const db = createDbFromAdapter(pgliteAdapter(pglite));
  return {
    db,
    async close() {
      await db.$disconnect();
      await pglite.close();
    },
  };
}
