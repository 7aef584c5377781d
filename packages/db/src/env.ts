import { z } from "zod";

// The database package's own environment (STYLE.md §6). Apps compose it.
export const dbEnvSchema = z.object({
  // A real PostgreSQL with pgvector. When unset, the embedded PGlite server is used.
  DATABASE_URL: z.string().url().optional(),
  // Where the embedded database keeps its files, and the loopback port it serves on.
  KEFU_DATA_DIR: z.string().default(".data"),
  KEFU_DB_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  // Connections each process's pool may open (default 5). The embedded database serialises, so
  // more do not help it; a real PostgreSQL serving several app replicas may use more (keep
  // replicas × pool under the server's max_connections).
  KEFU_DB_POOL_MAX: z.coerce.number().int().min(1).max(500).default(5),
});

export type DbEnv = z.infer<typeof dbEnvSchema>;

export function readDbEnv(source: Record<string, string | undefined> = process.env): DbEnv {
  return dbEnvSchema.parse({
    DATABASE_URL: source.DATABASE_URL || undefined,
    KEFU_DATA_DIR: source.KEFU_DATA_DIR || undefined,
    KEFU_DB_PORT: source.KEFU_DB_PORT || undefined,
    KEFU_DB_POOL_MAX: source.KEFU_DB_POOL_MAX || undefined,
  });
}

/** The URL both apps connect to: DATABASE_URL, or the embedded server on loopback. */
export function resolveDatabaseUrl(env: DbEnv = readDbEnv()): string {
  return env.DATABASE_URL ?? `postgresql://postgres:postgres@127.0.0.1:${env.KEFU_DB_PORT}/postgres`;
}
