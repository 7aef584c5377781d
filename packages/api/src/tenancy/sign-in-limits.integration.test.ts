import { type Server } from "node:http";
import { afterAll, describe, expect, it } from "vitest";
import { readApiEnv } from "../platform/env.ts";
import { RateLimits } from "../platform/rate-limits.ts";
import { ownerOfNewTenant, serveHandlerOverHttp, useTestDb } from "../testing/index.ts";
import { verifyCredentials } from "./accounts.ts";
import { admitSignIn, refuseSignInAttempt, updateSignInLimits } from "./sign-in-limits.ts";

// Sign-in protection as the dashboard's next-auth route runs it: the attempt is counted before
// the password is checked (refuseSignInAttempt), then the outcome updates the account's count
// (updateSignInLimits, from the credentials authorize). Short durations stand in for minutes.

const t = useTestDb();
const servers: Server[] = [];
afterAll(() => {
  for (const server of servers) server.close();
});

/** A stand-in for next-auth's credentials callback behind the same checks; answers 200 with a session or 401. */
async function signInServer(env: Record<string, string>) {
  const limits = new RateLimits(t.db, readApiEnv({ KEFU_TRUST_PROXY: "1", KEFU_RATE_LOGIN_IP: "1000/900", ...env }));
  const { url, server } = await serveHandlerOverHttp(async (req) => {
    const refused = await refuseSignInAttempt(t.db, req, "http://admin.test", limits);
    if (refused) return refused;
    const form = await req.formData();
    const email = String(form.get("email"));
    const user = await verifyCredentials(t.db, email, String(form.get("password")));
    await updateSignInLimits(t.db, { email, ok: user !== null }, limits);
    return new Response(null, { status: user ? 200 : 401 });
  });
  servers.push(server);
  return (email: string, password: string, ip = "198.51.100.70") =>
    fetch(`${url}/api/auth/callback/credentials`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": ip },
      body: new URLSearchParams({ email, password }),
    });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("sign-in attempts", () => {
  it("locks an account after too many failures, even for the right password, and unlocks it by time", async () => {
    const owner = await ownerOfNewTenant(t.db, "Locked");
    const signIn = await signInServer({ KEFU_LOGIN_LOCKOUT: "5/2", KEFU_LOGIN_BACKOFF_AFTER: "1000" });
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await signIn(owner.email, `wrong password ${i}`)).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5).every((s) => s === 429)).toBe(true);
    // The measured figure: 30 wrong passwords, then the right one: refused.
    const locked = await signIn(owner.email, "correct horse battery");
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    const body = (await locked.json()) as { url: string; error: { code: string; reason: string; retryAfter: number } };
    expect(body.error).toMatchObject({ code: "TOO_MANY_REQUESTS", reason: "account_locked" });
    expect(new URL(body.url).searchParams.get("error")).toBe(`rate_limited:${body.error.retryAfter}`);
    // Another account from the same address is not locked.
    const other = await ownerOfNewTenant(t.db, "Not locked");
    expect((await signIn(other.email, "correct horse battery")).status).toBe(200);

    await sleep(2_200);
    expect((await signIn(owner.email, "correct horse battery")).status).toBe(200);
  });

  it("a success resets the count of failures", async () => {
    const owner = await ownerOfNewTenant(t.db, "Reset count");
    const signIn = await signInServer({ KEFU_LOGIN_LOCKOUT: "3/60", KEFU_LOGIN_BACKOFF_AFTER: "1000" });
    for (let round = 0; round < 3; round++) {
      expect((await signIn(owner.email, "wrong password")).status).toBe(401);
      expect((await signIn(owner.email, "wrong password")).status).toBe(401);
      expect((await signIn(owner.email, "correct horse battery")).status).toBe(200);
    }
  });

  it("makes each attempt after a few failures wait longer (1, 2, 4 s …)", async () => {
    const owner = await ownerOfNewTenant(t.db, "Backoff");
    const signIn = await signInServer({ KEFU_LOGIN_LOCKOUT: "20/60", KEFU_LOGIN_BACKOFF_AFTER: "2" });
    expect((await signIn(owner.email, "wrong 1")).status).toBe(401);
    expect((await signIn(owner.email, "wrong 2")).status).toBe(401); // 2 failures: wait 1 s
    const waiting = await signIn(owner.email, "correct horse battery");
    expect(waiting.status).toBe(429);
    expect(((await waiting.json()) as { error: { reason: string } }).error.reason).toBe("login_backoff");
    await sleep(1_100);
    expect((await signIn(owner.email, "wrong 3")).status).toBe(401); // 3 failures: wait 2 s
    await sleep(1_100);
    expect((await signIn(owner.email, "correct horse battery")).status).toBe(429);
    await sleep(1_100);
    expect((await signIn(owner.email, "correct horse battery")).status).toBe(200);
  });

  it("limits attempts per client IP across accounts, and says the same for unknown addresses", async () => {
    const signIn = await signInServer({ KEFU_RATE_LOGIN_IP: "4/60" });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await signIn(`nobody-${i}@example.com`, "whatever password", "198.51.100.71")).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
    expect((await signIn("nobody@example.com", "whatever password", "198.51.100.72")).status).toBe(401);
  });

  it("counts parallel guesses before checking them", async () => {
    const owner = await ownerOfNewTenant(t.db, "Parallel");
    const limits = new RateLimits(t.db, readApiEnv({ KEFU_LOGIN_LOCKOUT: "5/60", KEFU_LOGIN_BACKOFF_AFTER: "1000" }));
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, () => admitSignIn(t.db, { email: owner.email, ip: "198.51.100.73" }, limits)));
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(5);
  });
});
