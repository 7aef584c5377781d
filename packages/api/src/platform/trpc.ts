import { DomainError, permissionRefusal, roleCan, type MemberRole, type Permission } from "@kefu/domain";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { releasingWhenDone } from "./admission.ts";
import { mutationEntry, recordAudit, UNAUDITED_MUTATIONS } from "./audit-trail.ts";
import { type ApiContext } from "./context.ts";
import { databaseUnavailableError, describeError, toTRPCError } from "./errors.ts";
import { isDatabaseUnavailable } from "./prisma-errors.ts";

const t = initTRPC.context<ApiContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error, ctx }) {
    // The database being away is retryable, not a bug: SERVICE_UNAVAILABLE (503), logged without
    // alarm. The middleware below types it for plain calls; a stream (a streamed answer) that
    // meets it mid-way is typed here, since only the formatter sees those errors.
    // (A domain SERVICE_UNAVAILABLE, e.g. too many answers at once, keeps its own message and reason.)
    const unavailable =
      (error.code === "SERVICE_UNAVAILABLE" && !(error.cause instanceof DomainError)) ||
      (error.code === "INTERNAL_SERVER_ERROR" && isDatabaseUnavailable(error.cause));
    if (unavailable) {
      ctx?.log.warn({ path: shape.data.path ?? null, reason: lastLine(error.cause) }, "trpc.database_unavailable");
      const described = describeError(databaseUnavailableError(error.cause), ctx?.requestId);
      return {
        message: described.message,
        code: shape.code,
        data: { code: "SERVICE_UNAVAILABLE" as const, httpStatus: 503, path: shape.data.path, ...described.data },
      };
    }
    if (error.code === "INTERNAL_SERVER_ERROR") {
      // One JSON line with the request's id (a binding of ctx.log), the path and the stack of what
      // was thrown (tRPC wraps it as the cause of its own error).
      ctx?.log.error({ err: error.cause ?? error, path: shape.data.path ?? null }, "trpc.internal_error");
    }
    const described = describeError(error, ctx?.requestId);
    // `shape.data.stack` is dropped: never a stack trace to a client.
    return {
      message: described.message,
      code: shape.code,
      data: { code: shape.data.code, httpStatus: shape.data.httpStatus, path: shape.data.path, ...described.data },
    };
  },
});

/** The last line of an error's message (Prisma's end with the driver's reason), for a short log field. */
function lastLine(error: unknown): string | null {
  if (!(error instanceof Error)) return null;
  const lines = error.message.split("\n").filter((line) => line.trim());
  return lines.at(-1)?.trim().slice(0, 300) ?? null;
}

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * Domain errors thrown anywhere below become typed tRPC errors; so does the database being away
 * (SERVICE_UNAVAILABLE, HTTP 503: the client may retry).
 */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof DomainError) {
    throw toTRPCError(result.error.cause);
  }
  if (!result.ok && result.error.code === "INTERNAL_SERVER_ERROR" && isDatabaseUnavailable(result.error.cause)) {
    throw databaseUnavailableError(result.error.cause);
  }
  return result;
});

/**
 * Gives the admission place of the procedure it was admitted for (ctx.admitted) back once its work
 * is done: when a streamed result (an answer) has yielded its last event or been closed, else when
 * it returns or fails.
 */
const releaseWhenDone = t.middleware(async ({ ctx, path, next }) => {
  const admitted = ctx.admitted?.path === path ? ctx.admitted : undefined;
  if (!admitted) return next();
  let result: Awaited<ReturnType<typeof next>>;
  try {
    result = await next();
  } catch (error) {
    admitted.release();
    throw error;
  }
  if (result.ok && isAsyncIterable(result.data)) return { ...result, data: releasingWhenDone(result.data, admitted.release) };
  admitted.release();
  return result;
});

const isAsyncIterable = (value: unknown): value is AsyncIterable<unknown> =>
  typeof value === "object" && value !== null && Symbol.asyncIterator in value;

export const publicProcedure = t.procedure.use(domainErrors).use(releaseWhenDone);

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.userId) throw new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in." });
  return next({ ctx: { ...ctx, userId: ctx.userId } });
});

/**
 * Resolves the caller's tenant membership (in the workspace the session chose) into ctx. Handlers read `ctx.tenantId`
 * and never take a tenant id from input, so they cannot address another tenant.
 */
export const tenantProcedure = authedProcedure
  .use(async ({ ctx, next }) => {
    // The chosen workspace when the caller is a member of it, else their first: a person in
    // several workspaces switches between their own memberships, never into another's.
    const memberships = await ctx.db.membership.findMany({
      where: { userId: ctx.userId, ...(ctx.activeTenantId ? { tenantId: ctx.activeTenantId } : {}) },
      orderBy: { createdAt: "asc" },
      select: { tenantId: true, role: true },
      take: 1,
    });
    const membership =
      memberships[0] ??
      (ctx.activeTenantId
        ? await ctx.db.membership.findFirst({ where: { userId: ctx.userId }, orderBy: { createdAt: "asc" }, select: { tenantId: true, role: true } })
        : null);
    if (!membership) throw new TRPCError({ code: "FORBIDDEN", message: "You are not a member of any workspace." });
    return next({ ctx: { ...ctx, tenantId: membership.tenantId, role: membership.role as MemberRole } });
  })
  // Every mutation of a member is in the audit log, refused ones included (a permission check
  // and the input's validation run inside this middleware): one entry once its outcome is known.
  .use(async ({ ctx, type, path, getRawInput, next }) => {
    if (type !== "mutation" || UNAUDITED_MUTATIONS.has(path)) return next();
    const result = await next();
    const rawInput = await getRawInput().catch(() => undefined);
    await recordAudit(ctx.db, mutationEntry({ tenantId: ctx.tenantId, userId: ctx.userId, path, rawInput, client: ctx.client, requestId: ctx.requestId, result }), ctx.log);
    return result;
  });

/** Checks a typed permission before the handler runs: check, then write. */
export function permissionProcedure(permission: Permission) {
  return tenantProcedure.use(({ ctx, next }) => {
    if (!roleCan(ctx.role, permission)) {
      throw new TRPCError({ code: "FORBIDDEN", message: permissionRefusal(permission) });
    }
    return next();
  });
}
