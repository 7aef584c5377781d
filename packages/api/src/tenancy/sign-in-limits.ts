import { type Db } from "@kefu/db";
import { RateLimitedError } from "@kefu/domain";
import { clientIp } from "../platform/client-ip.ts";
import { rootLogger } from "../platform/logger.ts";
import { hashedKey, rateLimited, rateLimits, type RateLimits } from "../platform/rate-limits.ts";

/** An account's key: its address, normalised as sign-in normalises it, hashed. */
const accountKey = (email: string) => hashedKey(email.trim().toLowerCase());

/** The longest wait a failed sign-in imposes before the lockout takes over. */
const MAX_BACKOFF_S = 60;

/**
 * Counts a sign-in attempt before the password is checked; throws a RateLimitedError when the
 * client IP has made too many attempts, when the account is waiting out the backoff after its last
 * failure, or when it is locked (KEFU_LOGIN_LOCKOUT: that many attempts without a success). The
 * attempt is counted before it is tried, so parallel guesses are all counted; a success resets
 * the count (`updateSignInLimits`). Keyed by the (hashed) address whether or not an account has it, so
 * the answers reveal nothing about which addresses have accounts.
 */
export async function admitSignIn(db: Db, attempt: { email: string; ip: string }, limits: RateLimits = rateLimits(db)): Promise<void> {
  await limits.consume("loginIp", attempt.ip);
  const account = accountKey(attempt.email);
  const backoff = await limits.get("loginBackoff", account);
  if (backoff && backoff.consumedPoints > limits.env.KEFU_LOGIN_LOCKOUT.points) throw rateLimited("loginBackoff", backoff.msBeforeNext);
  await limits.consume("loginAccount", account);
}

/**
 * After the password was checked: a success clears the account's count and wait; a failure, from
 * KEFU_LOGIN_BACKOFF_AFTER failures on, makes the next attempt wait 1, 2, 4, … up to 60 s.
 */
export async function updateSignInLimits(db: Db, outcome: { email: string; ok: boolean }, limits: RateLimits = rateLimits(db)): Promise<void> {
  const account = accountKey(outcome.email);
  try {
    if (outcome.ok) {
      await Promise.all([limits.reset("loginAccount", account), limits.reset("loginBackoff", account)]);
      return;
    }
    const failures = (await limits.get("loginAccount", account))?.consumedPoints ?? 0;
    const after = limits.env.KEFU_LOGIN_BACKOFF_AFTER;
    if (failures >= after && failures <= limits.env.KEFU_LOGIN_LOCKOUT.points) {
      await limits.block("loginBackoff", account, Math.min(MAX_BACKOFF_S, 2 ** (failures - after)));
    }
  } catch (error) {
    // The attempt itself was counted before; a lost bookkeeping write does not refuse the sign-in.
    rootLogger().warn({ err: error }, "auth.sign_in_limits_failed");
  }
}

/** Ends a lockout and backoff (the password was just reset through a link sent to the address). */
export async function clearSignInLimits(db: Db, email: string, limits: RateLimits = rateLimits(db)): Promise<void> {
  await updateSignInLimits(db, { email, ok: true }, limits);
}

/**
 * For next-auth's credentials sign-in route: null to let the attempt through, or the refusal as
 * next-auth's client reads it — 429 with Retry-After, and `error=rate_limited:<seconds>` in the
 * URL it parses (the login page words the message from it).
 */
export async function refuseSignInAttempt(db: Db, req: Request, baseUrl: string, limits: RateLimits = rateLimits(db)): Promise<Response | null> {
  if (req.method !== "POST" || !new URL(req.url).pathname.endsWith("/callback/credentials")) return null;
  const form = await req
    .clone()
    .formData()
    .catch(() => null);
  const email = String(form?.get("email") ?? "")
    .trim()
    .toLowerCase();
  try {
    await admitSignIn(db, { email, ip: clientIp(req.headers, limits.env.KEFU_TRUST_PROXY) }, limits);
    return null;
  } catch (error) {
    if (!(error instanceof RateLimitedError)) throw error;
    rootLogger().warn({ reason: error.reason, retryAfterSeconds: error.retryAfterSeconds }, "auth.sign_in_rate_limited");
    const url = new URL("/login", baseUrl);
    url.searchParams.set("error", `rate_limited:${error.retryAfterSeconds}`);
    return Response.json(
      { url: url.toString(), error: { code: "TOO_MANY_REQUESTS", reason: error.reason, message: error.message, retryAfter: error.retryAfterSeconds } },
      { status: 429, headers: { "retry-after": String(error.retryAfterSeconds) } },
    );
  }
}
