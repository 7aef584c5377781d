import { type PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { type SqlExecutor } from "./migrate.ts";

export function pgliteExecutor(db: PGlite): SqlExecutor {
  return {
    exec: async (sql) => {
      await db.exec(sql);
    },
    query: async <T extends Record<string, unknown>>(sql: string, params?: unknown[]) =>
      (await db.query<T>(sql, params)).rows,
  };
}

/** A single pg connection as an executor; the caller ends it with `close()`. */
export async function pgExecutor(connectionString: string): Promise<SqlExecutor & { close(): Promise<void> }> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  return {
    exec: async (sql) => {
      await client.query(sql);
    },
    query: async <T extends Record<string, unknown>>(sql: string, params?: unknown[]) =>
      (await client.query<T>(sql, params)).rows,
    close: () => client.end(),
  };
}
