import { mkdir } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite/vector";
import { pgliteExecutor } from "./executors.ts";
import { applyMigrations } from "./migrate.ts";
import { serveOverWire } from "./wire-server.ts";

export interface EmbeddedDatabase {
  url: string;
  db: PGlite;
  stop(): Promise<void>;
}

/**
 * Opens (or creates) a PGlite database with pgvector. `dataDir` undefined = in memory;
 * `loadDataDir` starts it from a dump (`dumpDataDir`).
 */
export async function openPGlite(dataDir?: string, loadDataDir?: Blob): Promise<PGlite> {
  if (dataDir) await mkdir(dataDir, { recursive: true });
  return PGlite.create({ dataDir, extensions: { vector }, ...(loadDataDir ? { loadDataDir } : {}) });
}

/**
 * The embedded default: real Postgres (PGlite, WASM) with pgvector, migrated, and
 * served over the Postgres wire protocol on loopback so both apps share it.
 */
export async function startEmbeddedDatabase(options: {
  dataDir?: string;
  port: number;
  host?: string;
  maxConnections?: number;
  /** See `IDLE_IN_TRANSACTION_MS`. */
  idleInTransactionMs?: number;
  log?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const host = options.host ?? "127.0.0.1";
  const db = await openPGlite(options.dataDir);
  await applyMigrations(pgliteExecutor(db), { log: options.log });
  const server = await serveOverWire(db, {
    host,
    port: options.port,
    maxConnections: options.maxConnections ?? 64,
    idleInTransactionMs: options.idleInTransactionMs,
    log: options.log,
  });
  return {
    url: `postgresql://postgres:postgres@${host}:${options.port}/postgres`,
    db,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
