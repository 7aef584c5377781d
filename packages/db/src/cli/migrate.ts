// Applies migrations to DATABASE_URL, or to the embedded data directory when unset.
import path from "node:path";
import { openPGlite } from "../embedded.ts";
import { readDbEnv } from "../env.ts";
import { pgExecutor, pgliteExecutor } from "../executors.ts";
import { applyMigrations } from "../migrate.ts";

const env = readDbEnv();
const log = (line: string) => console.log(`[migrate] ${line}`);
if (env.DATABASE_URL) {
  const executor = await pgExecutor(env.DATABASE_URL);
  const result = await applyMigrations(executor, { log }).finally(() => executor.close());
  log(`${result.applied.length} applied, ${result.alreadyApplied} already up to date`);
} else {
  const pglite = await openPGlite(path.resolve(env.KEFU_DATA_DIR, "pglite"));
  const result = await applyMigrations(pgliteExecutor(pglite), { log }).finally(() => pglite.close());
  log(`${result.applied.length} applied, ${result.alreadyApplied} already up to date`);
}
