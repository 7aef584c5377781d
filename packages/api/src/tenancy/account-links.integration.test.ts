import { type Server } from "node:http";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { adminRouter, createAdminCaller } from "../admin.ts";
import { createApiContext } from "../platform/context.ts";
import { readApiEnv } from "../platform/env.ts";
import { RateLimits } from "../platform/rate-limits.ts";
import { rootLogger } from "../platform/logger.ts";
import { serveTrpc } from "../platform/trpc-http.ts";
import { startSmtpServer, textOf } from "../testing/receivers.ts";
import { ownerOfNewTenant, serveHandlerOverHttp, useTestDb } from "../testing/index.ts";
import { confirmSignUp, PASSWORD_RESET_TTL_MS, requestPasswordReset, requestSignUp, resetPassword, type AccountMail } from "./account-links.ts";
import { verifyCredentials } from "./accounts.ts";
import { admitSignIn } from "./sign-in-limits.ts";
import { adminThrottle } from "./throttle.ts";

const t = useTestDb();
const servers: Server[] = [];
afterAll(() => {
  for (const server of servers) server.close();
});

function mailbox() {
  const mails: AccountMail[] = [];
  return { mails, mailer: async (mail: AccountMail) => void mails.push(mail) };
}
const expectInvalidLink = (promise: Promise<unknown>) =>
  expect(promise).rejects.toMatchObject({ code: "BAD_REQUEST", reason: "link_invalid", message: expect.stringMatching(/expired or was already used/) });
const tokenOf = (mail: AccountMail | undefined) => mail!.link.split("/").at(-1)!;

describe("password reset", () => {
  it("e-mails a single-use link, sets the new password, ends a lockout, and answers the same for unknown addresses", async () => {
    const owner = await ownerOfNewTenant(t.db, "Forgetful");
    const box = mailbox();
    await (await requestPasswordReset(t.db, { email: owner.email.toUpperCase() }, { ...box, baseUrl: "https://admin.test" })).delivery;
    await (await requestPasswordReset(t.db, { email: "nobody@example.com" }, box)).delivery;
    expect(box.mails).toHaveLength(1);
    expect(box.mails[0]).toMatchObject({ to: owner.email, link: expect.stringMatching(/^https:\/\/admin\.test\/reset-password\/[A-Za-z0-9_-]{43}$/) });
    const token = tokenOf(box.mails[0]);
    // Only a hash of the token is stored.
    expect(JSON.stringify(await t.db.accountToken.findMany())).not.toContain(token);

    // Locked out by failed sign-ins: the reset ends it.
    const limits = new RateLimits(t.db, readApiEnv({ KEFU_LOGIN_LOCKOUT: "2/600", KEFU_LOGIN_BACKOFF_AFTER: "1000" }));
    await admitSignIn(t.db, { email: owner.email, ip: "198.51.100.80" }, limits);
    await admitSignIn(t.db, { email: owner.email, ip: "198.51.100.80" }, limits);
    await expect(admitSignIn(t.db, { email: owner.email, ip: "198.51.100.80" }, limits)).rejects.toMatchObject({ reason: "account_locked" });

    expect(await resetPassword(t.db, { token, password: "a brand new password" })).toEqual({ email: owner.email });
    expect(await verifyCredentials(t.db, owner.email, "a brand new password")).toMatchObject({ id: owner.userId });
    expect(await verifyCredentials(t.db, owner.email, "correct horse battery")).toBeNull();
    await admitSignIn(t.db, { email: owner.email, ip: "198.51.100.80" }, new RateLimits(t.db, limits.env));

    // Single use.
    await expectInvalidLink(resetPassword(t.db, { token, password: "yet another password" }));
    expect(await verifyCredentials(t.db, owner.email, "a brand new password")).not.toBeNull();
  });

  it("refuses an expired link, and a new link makes older ones unusable once used", async () => {
    const owner = await ownerOfNewTenant(t.db, "Expiring");
    const box = mailbox();
    const anHourAgo = new Date(Date.now() - PASSWORD_RESET_TTL_MS - 1_000);
    await (await requestPasswordReset(t.db, { email: owner.email }, { ...box, now: anHourAgo })).delivery;
    await expectInvalidLink(resetPassword(t.db, { token: tokenOf(box.mails[0]), password: "too late password" }));

    await (await requestPasswordReset(t.db, { email: owner.email }, box)).delivery;
    await (await requestPasswordReset(t.db, { email: owner.email }, box)).delivery;
    await resetPassword(t.db, { token: tokenOf(box.mails[2]), password: "the newest password" });
    await expectInvalidLink(resetPassword(t.db, { token: tokenOf(box.mails[1]), password: "an older link password" }));
  });

  it("answers a reset request identically and in similar time whether or not the address has an account", async () => {
    const owner = await ownerOfNewTenant(t.db, "Timing");
    const caller = createAdminCaller(createApiContext({ db: t.db }));
    const timed = async (email: string) => {
      const started = performance.now();
      const answer = await caller.account.requestPasswordReset({ email });
      return { answer, ms: performance.now() - started };
    };
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[2]!;
    // The medians of five interleaved requests each; the closest of three such rounds, because a
    // busy machine can stall any one request, while a real difference shows in every round.
    const gaps: number[] = [];
    for (let round = 0; round < 3 && !gaps.some((gap) => gap < 50); round++) {
      const known: number[] = [];
      const unknown: number[] = [];
      for (let i = 0; i < 5; i++) {
        const a = await timed(owner.email);
        const b = await timed(`nobody-${round}-${i}@example.com`);
        expect(a.answer).toEqual(b.answer);
        known.push(a.ms);
        unknown.push(b.ms);
      }
      gaps.push(Math.abs(median(known) - median(unknown)));
    }
    // The e-mail goes out after the answer: both answers are one lookup.
    expect(Math.min(...gaps)).toBeLessThan(50);
  });
});

describe("sign-up that does not reveal accounts", () => {
  const input = (email: string) => ({ companyName: "Newco", email, password: "correct horse battery" });

  it("with e-mail: answers 'check your inbox' for new and known addresses alike; the link creates the workspace once", async () => {
    const owner = await ownerOfNewTenant(t.db, "Known");
    const box = mailbox();
    const fresh = await requestSignUp(t.db, input("fresh@example.com"), { ...box, smtp: true, baseUrl: "https://admin.test" });
    const known = await requestSignUp(t.db, input(owner.email), { ...box, smtp: true, baseUrl: "https://admin.test" });
    await Promise.all([fresh.delivery, known.delivery]);
    expect(fresh.outcome).toEqual({ status: "check_inbox" });
    expect(known.outcome).toEqual(fresh.outcome);
    expect(await t.db.user.count({ where: { email: "fresh@example.com" } })).toBe(0);

    const toKnown = box.mails.find((m) => m.to === owner.email)!;
    expect(toKnown.subject).toMatch(/tried to sign up/);
    expect(toKnown.text).toContain("https://admin.test/forgot-password");
    const toFresh = box.mails.find((m) => m.to === "fresh@example.com")!;
    expect(toFresh.link).toMatch(/^https:\/\/admin\.test\/signup\/confirm\/[A-Za-z0-9_-]{43}$/);

    expect(await confirmSignUp(t.db, { token: tokenOf(toFresh) })).toEqual({ email: "fresh@example.com" });
    expect(await verifyCredentials(t.db, "fresh@example.com", "correct horse battery")).not.toBeNull();
    await expectInvalidLink(confirmSignUp(t.db, { token: tokenOf(toFresh) }));
  });

  it("without e-mail (a first `npm start`): a new address gets its workspace at once; a known one 'check your inbox', nothing created", async () => {
    const owner = await ownerOfNewTenant(t.db, "Known too");
    const box = mailbox();
    expect((await requestSignUp(t.db, input("newcomer@example.com"), { ...box, smtp: false })).outcome).toEqual({ status: "created", email: "newcomer@example.com" });
    const tenants = await t.db.tenant.count();
    const known = await requestSignUp(t.db, input(owner.email), { ...box, smtp: false });
    await known.delivery;
    expect(known.outcome).toEqual({ status: "check_inbox" });
    expect(await t.db.tenant.count()).toBe(tenants);
    expect(box.mails.map((m) => m.to)).toEqual([owner.email]);
  });
});

describe("the dashboard's public calls over HTTP", () => {
  async function adminServer(env: Record<string, string>) {
    const limits = new RateLimits(t.db, readApiEnv({ KEFU_TRUST_PROXY: "1", ...env }));
    const { url, server } = await serveHandlerOverHttp((req) =>
      serveTrpc(req, adminRouter, (requestId) => createApiContext({ db: t.db, requestId }), { throttle: adminThrottle(t.db, limits) }),
    );
    servers.push(server);
    return (path: string, input: unknown, ip: string) =>
      fetch(`${url}/api/trpc/${path}`, { method: "POST", headers: { "content-type": "application/json", "x-forwarded-for": ip }, body: JSON.stringify({ json: input }) });
  }

  it("limit sign-ups, invite acceptances and password resets per client IP with 429 and Retry-After", async () => {
    const owner = await ownerOfNewTenant(t.db, "Inviter");
    const call = await adminServer({ KEFU_RATE_SIGNUP_IP: "2/60", KEFU_RATE_INVITE_IP: "2/60", KEFU_RATE_PASSWORD_RESET_IP: "3/60" });
    const cases: [string, (i: number) => Promise<unknown>][] = [
      ["account.signUp", async (i) => ({ companyName: "Flood", email: `flood-${i}@example.com`, password: "correct horse battery" })],
      ["member.acceptInvite", async (i) => ({ token: (await owner.caller.member.invite({ role: "AGENT" })).token, name: "A", email: `agent-${i}@example.com`, password: "correct horse battery" })],
      ["account.requestPasswordReset", async () => ({ email: owner.email })],
      ["account.resetPassword", async () => ({ token: "x".repeat(43), password: "correct horse battery" })],
    ];
    for (const [path, inputOf] of cases) {
      const statuses: number[] = [];
      let refused: Response | null = null;
      for (let i = 0; i < 5; i++) {
        const response = await call(path, await inputOf(i), "198.51.100.90");
        statuses.push(response.status);
        if (response.status === 429) refused = response;
      }
      const allowed = path.startsWith("account.signUp") || path === "member.acceptInvite" ? 2 : 3;
      expect(statuses.slice(allowed).every((s) => s === 429), `${path}: ${statuses.join(",")}`).toBe(true);
      expect(statuses.slice(0, allowed).every((s) => s !== 429), `${path}: ${statuses.join(",")}`).toBe(true);
      expect(Number(refused!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      const body = (await refused!.json()) as { error: { json: { data: { code: string; retryAfter: number } } } };
      expect(body.error.json.data).toMatchObject({ code: "TOO_MANY_REQUESTS", retryAfter: expect.any(Number) });
      // Another address is not affected.
      expect((await call(path, await inputOf(9), "198.51.100.91")).status).not.toBe(429);
    }
    // Nothing was created for the refused sign-ups.
    expect(await t.db.user.count({ where: { email: { startsWith: "flood-" } } })).toBe(3);
  });
});

describe("reset e-mails", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it("go out through the SMTP server with the link, which resets the password over HTTP", async () => {
    const smtp = await startSmtpServer();
    try {
      vi.stubEnv("KEFU_SMTP_URL", smtp.url);
      vi.stubEnv("NEXTAUTH_URL", "https://admin.kefu.test");
      const owner = await ownerOfNewTenant(t.db, "Mailed");
      const { url, server } = await serveHandlerOverHttp((req) => serveTrpc(req, adminRouter, (requestId) => createApiContext({ db: t.db, requestId })));
      servers.push(server);
      const call = (path: string, input: unknown) =>
        fetch(`${url}/api/trpc/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ json: input }) });
      expect((await call("account.requestPasswordReset", { email: owner.email })).status).toBe(200);
      await expect.poll(() => smtp.mails.filter((m) => m.to.includes(owner.email)).length).toBe(1);
      const text = textOf(smtp.mails.find((m) => m.to.includes(owner.email))!.raw);
      const link = /https:\/\/admin\.kefu\.test\/reset-password\/([A-Za-z0-9_-]{43})/.exec(text);
      expect(link).not.toBeNull();
      expect((await call("account.resetPassword", { token: link![1], password: "mailed new password" })).status).toBe(200);
      expect(await verifyCredentials(t.db, owner.email, "mailed new password")).not.toBeNull();
      const again = await call("account.resetPassword", { token: link![1], password: "another new password" });
      expect(again.status).toBe(400);
      expect(((await again.json()) as { error: { json: { data: { reason: string } } } }).error.json.data.reason).toBe("link_invalid");
    } finally {
      await smtp.close();
    }
  });

  it("without an SMTP server, the link is logged at warn for the operator", async () => {
    vi.stubEnv("KEFU_SMTP_URL", "");
    const warn = vi.spyOn(rootLogger(), "warn");
    const owner = await ownerOfNewTenant(t.db, "Logged");
    await (await requestPasswordReset(t.db, { email: owner.email }, { baseUrl: "https://admin.test" })).delivery;
    const logged = warn.mock.calls.find(([, msg]) => msg === "account.mail_not_sent");
    expect(logged?.[0]).toMatchObject({ to: owner.email, link: expect.stringMatching(/^https:\/\/admin\.test\/reset-password\/[A-Za-z0-9_-]{43}$/) });
  });
});

