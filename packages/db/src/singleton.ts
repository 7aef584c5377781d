import { createDb, type Db } from "./client.ts";
import { readDbEnv, resolveDatabaseUrl } from "./env.ts";

// One client per process; kept on globalThis so Next.js hot reloads reuse it.
const holder = globalThis as unknown as { __kefuDb?: Db };

export function getDb(): Db {
  if (!holder.__kefuDb) {
    const env = readDbEnv();
    holder.__kefuDb = createDb(resolveDatabaseUrl(env), { maxConnections: env.KEFU_DB_POOL_MAX });
  }
  return holder.__kefuDb;
}
