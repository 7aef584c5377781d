import { type Db } from "@kefu/db";
import { clientIp } from "../platform/client-ip.ts";
import { rateLimits, type RateLimitName, type RateLimits } from "../platform/rate-limits.ts";
import { trpcCallsOf } from "../platform/trpc-http.ts";

/** The admin API's public calls and the per-IP limit each counts against (with a sub-key when two share one size). */
const LIMITED: Record<string, { limit: RateLimitName; key: string }> = {
  "account.signUp": { limit: "signUpIp", key: "" },
  "member.acceptInvite": { limit: "inviteIp", key: "" },
  // Joining with an existing account counts with accepting: both spend an invite token.
  "member.joinWithInvite": { limit: "inviteIp", key: "" },
  "account.requestPasswordReset": { limit: "passwordResetIp", key: "request:" },
  "account.resetPassword": { limit: "passwordResetIp", key: "complete:" },
  "account.confirmSignUp": { limit: "passwordResetIp", key: "complete:" },
};

/** The admin app's rate limits, counted before a call runs (serveTrpc's `throttle`). Sign-in is limited in next-auth's route (sign-in-limits.ts). */
export function adminThrottle(db: Db, limits: RateLimits = rateLimits(db)): (req: Request) => Promise<void> {
  return async (req) => {
    for (const { path } of await trpcCallsOf(req)) {
      const limited = LIMITED[path];
      if (limited) await limits.consume(limited.limit, `${limited.key}${clientIp(req.headers, limits.env.KEFU_TRUST_PROXY)}`);
    }
  };
}
