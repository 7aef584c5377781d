import { CROSS_ORIGIN_MESSAGE, crossOriginRefusal } from "@kefu/api/http-security";
import { rootLogger } from "@kefu/api";
import { refuseSignInAttempt } from "@kefu/api/admin";
import { getDb } from "@kefu/db";
import NextAuth from "next-auth";
import { env } from "~/env";
import { authOptions } from "~/lib/auth";

const handler = NextAuth(authOptions);

/**
 * next-auth's POSTs (sign-in, sign-out) only from the dashboard's own origin; see `crossOriginRefusal`.
 * A sign-in attempt is counted first (per IP, per account: backoff, then lockout) and may get a 429.
 */
async function post(req: Request, context: unknown) {
  const refusal = crossOriginRefusal(req, env().NEXTAUTH_URL);
  if (refusal !== null) {
    rootLogger().warn({ refusal, path: new URL(req.url).pathname }, "auth.cross_origin_refused");
    return Response.json({ error: { code: "FORBIDDEN", reason: "cross_origin", message: CROSS_ORIGIN_MESSAGE } }, { status: 403 });
  }
  const limited = await refuseSignInAttempt(getDb(), req, env().NEXTAUTH_URL);
  if (limited !== null) return limited;
  return (handler as (req: Request, context: unknown) => Promise<Response>)(req, context);
}

export { handler as GET, post as POST };
