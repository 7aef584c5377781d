import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client.ts";

/**
 * Secrets never leave the database layer by accident: password hashes are
 * omitted from every query unless a caller opts in with `omit: { passwordHash: false }`.
 */
const GLOBAL_OMIT = { user: { passwordHash: true } } as const;

export type AdapterFactory = NonNullable<NonNullable<ConstructorParameters<typeof PrismaClient>[0]>["adapter"]>;

const BULK_OPERATIONS = new Set(["updateMany", "deleteMany"]);

/**
 * `deleteMany({ where: { tenantId: undefined } })` deletes every tenant's rows.
 * Refuse bulk writes whose filter is missing or has an undefined value.
 */
export function assertDefinedBulkFilter(model: string, operation: string, where: unknown): void {
  if (!BULK_OPERATIONS.has(operation)) return;
  if (where === undefined || where === null || typeof where !== "object") {
    throw new Error(`${model}.${operation} needs an explicit where filter`);
  }
  for (const [key, value] of Object.entries(where)) {
    if (value === undefined) throw new Error(`${model}.${operation}: where.${key} is undefined`);
  }
}

export function createDbFromAdapter(adapter: AdapterFactory) {
  const base = new PrismaClient({ adapter, omit: GLOBAL_OMIT });
  return base.$extends({
    name: "refuse-undefined-bulk-filters",
    query: {
      $allModels: {
        async $allOperations({ model, operation, args, query }) {
          assertDefinedBulkFilter(model, operation, (args as { where?: unknown }).where);
          return query(args);
        },
      },
    },
  });
}

export type Db = ReturnType<typeof createDbFromAdapter>;
/** A client or an interactive transaction: what data-access helpers accept. */
export type DbTx = Omit<Db, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

/**
 * How long a query may wait for a connection (a free one of the pool, or a new one) before it
 * fails: while the database is away (the embedded one restarting, say) requests fail within
 * seconds with a retryable error instead of queueing for as long as the outage lasts.
 */
export const CONNECT_TIMEOUT_MS = 5000;

export function createDb(connectionString: string, options: { maxConnections?: number; connectTimeoutMs?: number } = {}): Db {
  return createDbFromAdapter(
    new PrismaPg({
      connectionString,
      max: options.maxConnections ?? 5,
      connectionTimeoutMillis: options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS,
      // A connection the server dropped while idle is noticed, not handed to the next query.
      keepAlive: true,
    }),
  );
}
