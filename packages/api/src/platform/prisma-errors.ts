import { Prisma } from "@kefu/db";

/**
 * A unique-constraint violation: P2002 when the driver adapter reports it as such, P2010 with the
 * SQLSTATE for a raw statement; the PGlite adapter of the in-memory test database passes the raw
 * Postgres error (SQLSTATE 23505) as the cause.
 */
export function isUniqueViolation(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    if (error.code === "P2002") return true;
    if (error.code === "P2010") {
      const meta = error.meta as { code?: unknown; driverAdapterError?: { cause?: { kind?: unknown; code?: unknown } } } | undefined;
      const cause = meta?.driverAdapterError?.cause;
      if (meta?.code === "23505" || cause?.code === "23505" || cause?.kind === "UniqueConstraintViolation") return true;
    }
  }
  const cause = (error as { cause?: { kind?: unknown; code?: unknown } } | null)?.cause;
  return cause?.kind === "postgres" && cause.code === "23505";
}

/** Prisma's codes for a database that cannot be reached or dropped the connection (P2037: too many connections). */
const UNAVAILABLE_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2037"]);
/** The driver adapter's kinds for the same, and the socket errors of a connection that went away. */
const UNAVAILABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
const UNAVAILABLE_MESSAGE = /Can't reach database server|Connection terminated|ECONNREFUSED|ECONNRESET|Server has closed the connection|timeout exceeded when trying to connect/i;

/**
 * The database is away (stopped, restarting, unreachable) rather than the request being wrong:
 * a retryable condition that the API reports as SERVICE_UNAVAILABLE (503) and streams answer by
 * asking their clients to reconnect.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === "object" && !seen.has(current)) {
    seen.add(current);
    if (current instanceof Prisma.PrismaClientInitializationError) return true;
    const candidate = current as { code?: unknown; kind?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };
    if (current instanceof Prisma.PrismaClientKnownRequestError && UNAVAILABLE_CODES.has(current.code)) return true;
    if (typeof candidate.kind === "string" && UNAVAILABLE_KINDS.has(candidate.kind)) return true;
    if (typeof candidate.code === "string" && (candidate.code === "ECONNREFUSED" || candidate.code === "ECONNRESET")) return true;
    if (typeof candidate.message === "string" && UNAVAILABLE_MESSAGE.test(candidate.message)) return true;
    current = candidate.meta?.driverAdapterError ?? candidate.cause;
  }
  return false;
}
