import { clientOf, createApiContext, serveTrpc } from "@kefu/api";
import { adminRouter, adminThrottle } from "@kefu/api/admin";
import { getDb } from "@kefu/db";
import { env } from "~/env";
import { currentSession } from "~/lib/auth";

// The request id (a sane client `x-request-id`, else a new one) is in ctx, the logs and the `x-request-id` response header;
// the caller's address and user agent (`clientOf`) go into the audit log with each mutation.
// Callers are signed in by cookie: mutations from another site get a typed FORBIDDEN (`sameOrigin`).
// Bodies past KEFU_MAX_BODY_BYTES (16 MB: a 10 MB PDF in base64) get a typed 413 while they arrive.
// The session names the account and the workspace chosen in the tenant switcher (a wish that
// tenantProcedure resolves through the account's own memberships).
async function context(requestId: string, req: Request) {
  const session = await currentSession();
  return createApiContext({ db: getDb(), userId: session?.userId ?? null, activeTenantId: session?.tenantId ?? null, requestId, client: clientOf(req.headers) });
}

const handler = (req: Request) =>
  serveTrpc(req, adminRouter, (requestId) => context(requestId, req), {
    sameOrigin: env().NEXTAUTH_URL,
    // Sign-up, invite acceptance and password resets: per-IP limits first (429, Retry-After).
    throttle: adminThrottle(getDb()),
  });

export { handler as GET, handler as POST };
