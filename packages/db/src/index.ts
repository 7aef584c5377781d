// @kefu/db — the Prisma schema, migrations, and the one way to get a client.
export { createDb, createDbFromAdapter, assertDefinedBulkFilter, type Db, type DbTx } from "./client.ts";
export { getDb } from "./singleton.ts";
export { readDbEnv, resolveDatabaseUrl, dbEnvSchema, type DbEnv } from "./env.ts";
export { Prisma } from "./generated/prisma/client.ts";
export * from "./generated/prisma/enums.ts";
export type * from "./generated/prisma/models.ts";
