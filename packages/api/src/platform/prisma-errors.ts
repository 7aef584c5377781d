import { Prisma } from "@kefu/db";

/**
 * A unique-constraint violation: P2002 when the driver adapter reports it as such; the PGlite adapter
 * of the in-memory test database passes the raw Postgres error (SQLSTATE 23505) as the cause.
 */
export function isUniqueViolation(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return true;
  const cause = (error as { cause?: { kind?: unknown; code?: unknown } } | null)?.cause;
  return cause?.kind === "postgres" && cause.code === "23505";
}
