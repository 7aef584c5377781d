import { PrismaPGlite } from "pglite-prisma-adapter";
import { createDbFromAdapter, type Db } from "./client.ts";
import { openPGlite } from "./embedded.ts";
import { pgliteExecutor } from "./executors.ts";
import { applyMigrations } from "./migrate.ts";

/**
 * A fresh, migrated, in-memory Postgres (PGlite) for integration tests: the real
 * engine and the real migrations, isolated per test file.
 */
export async function createTestDb(): Promise<{ db: Db; close(): Promise<void> }> {
  const pglite = await openPGlite();
  await applyMigrations(pgliteExecutor(pglite));
  const db = createDbFromAdapter(new PrismaPGlite(pglite));
  return {
    db,
    async close() {
      await db.$disconnect();
      await pglite.close();
    },
  };
}
