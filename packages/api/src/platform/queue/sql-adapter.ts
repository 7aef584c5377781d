import { type DbTx } from "@kefu/db";

/** The executor shape pg-boss accepts in place of its own pg pool (`db` option). */
export interface BossDb {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

/**
 * Splits a SQL script into statements on top-level semicolons, keeping quoted
 * strings, dollar-quoted bodies ($$ … $$) and comments intact. pg-boss sends its
 * schema as one multi-statement script; Prisma's raw queries (and PGlite's
 * extended protocol under them) run one statement at a time.
 */
export function splitSqlScript(script: string): string[] {
  const statements: string[] = [];
  let start = 0;
  let i = 0;
  while (i < script.length) {
    const ch = script[i]!;
    if (ch === "'" || ch === '"') {
      const end = script.indexOf(ch, i + 1);
      i = end === -1 ? script.length : end + 1; // '' escapes re-enter this branch harmlessly
    } else if (ch === "-" && script[i + 1] === "-") {
      const end = script.indexOf("\n", i);
      i = end === -1 ? script.length : end + 1;
    } else if (ch === "$") {
      const tag = /^\$[A-Za-z_]*\$/.exec(script.slice(i))?.[0];
      if (tag) {
        const end = script.indexOf(tag, i + tag.length);
        i = end === -1 ? script.length : end + tag.length;
      } else i++;
    } else if (ch === ";") {
      statements.push(script.slice(start, i));
      start = ++i;
    } else i++;
  }
  statements.push(script.slice(start));
  return statements.map((s) => s.trim()).filter((s) => s.length > 0);
}

const TRANSACTION_CONTROL = /^(BEGIN|COMMIT|ROLLBACK)$/i;
// `SELECT pgboss.create_queue($1, $2)` and friends return `void`, a type Prisma cannot read back.
const VOID_CALL = /^\s*SELECT\s+[\w."]+\.[\w"]+\([^;]*\)\s*$/i;

type Rows = Record<string, unknown>[];
type Transactional = DbTx & { $transaction?: <T>(fn: (tx: DbTx) => Promise<T>, options?: { timeout?: number }) => Promise<T> };

/**
 * pg-boss's SQL through our Prisma client or one of its interactive
 * transactions: one connection story for the app (PGlite in tests, the wire
 * server or a real Postgres in production), and `send` inside the caller's
 * transaction makes enqueueing atomic with the rows the job is about.
 *
 * Prisma's raw queries read results back by column type, so two of pg-boss's
 * statements are adapted: `to_regclass(...)` (type regclass) is read as text,
 * and calls of functions returning void run as commands. Measured with the
 * statements this app uses: install, create_queue, send, fetch, complete, fail,
 * and maintenance (expire/archive/drop). Job rows with `interval` columns
 * (getJobById, fetch with includeMetadata) are not readable through Prisma: avoid them.
 */
export function prismaBossDb(db: Transactional): BossDb {
  return {
    async executeSql(text, values = []) {
      const params = values.map((v) => (v === undefined ? null : v));
      const statements = params.length === 0 ? splitSqlScript(text) : [text];
      if (statements.length > 1) {
        // A script (install, migration, maintenance): its BEGIN/COMMIT become one Prisma transaction.
        const body = statements.filter((s) => !TRANSACTION_CONTROL.test(s));
        const run = async (tx: DbTx) => {
          for (const statement of body) await tx.$executeRawUnsafe(statement);
        };
        await (db.$transaction ? db.$transaction(run, { timeout: 60_000 }) : run(db));
        return { rows: [] };
      }
      if (VOID_CALL.test(text) && !/\s(FROM|AS)\s/i.test(text)) {
        await db.$executeRawUnsafe(text, ...params);
        return { rows: [] };
      }
      const sql = text.replace(/to_regclass\(([^)]*)\)/g, "to_regclass($1)::text");
      return { rows: await db.$queryRawUnsafe<Rows>(sql, ...params) };
    },
  };
}
