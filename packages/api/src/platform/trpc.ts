import { DomainError, roleCan, type MemberRole, type Permission } from "@kefu/domain";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { type ApiContext } from "./context.ts";
import { describeError, toTRPCError } from "./errors.ts";

const t = initTRPC.context<ApiContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error, ctx }) {
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

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Domain errors thrown anywhere below become typed tRPC errors. */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof DomainError) {
    throw toTRPCError(result.error.cause);
  }
  return result;
});

export const publicProcedure = t.procedure.use(domainErrors);

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.userId) throw new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in." });
  return next({ ctx: { ...ctx, userId: ctx.userId } });
});

/**
 * Resolves the caller's tenant membership into ctx. Handlers read `ctx.tenantId`
 * and never take a tenant id from input, so they cannot address another tenant.
 */
export const tenantProcedure = authedProcedure.use(async ({ ctx, next }) => {
  const membership = await ctx.db.membership.findFirst({
    where: { userId: ctx.userId },
    orderBy: { createdAt: "asc" },
    select: { tenantId: true, role: true },
  });
  if (!membership) throw new TRPCError({ code: "FORBIDDEN", message: "You are not a member of any workspace." });
  return next({ ctx: { ...ctx, tenantId: membership.tenantId, role: membership.role as MemberRole } });
});

/** Checks a typed permission before the handler runs: check, then write. */
export function permissionProcedure(permission: Permission) {
  return tenantProcedure.use(({ ctx, next }) => {
    if (!roleCan(ctx.role, permission)) {
      throw new TRPCError({ code: "FORBIDDEN", message: `Your role cannot ${permission.replace(".", " ")}.` });
    }
    return next();
  });
}
