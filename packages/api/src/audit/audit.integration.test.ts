import { parseCsv } from "@kefu/domain";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createAdminCaller } from "../admin.ts";
import { createApiContext } from "../platform/context.ts";
import { createLogger } from "../platform/logger.ts";
import { auditSignIn, verifyCredentials } from "../tenancy/index.ts";
import { expectCode, memberOfTenant, ownerOfNewTenant, useTestDb } from "../testing/index.ts";

// The audit log: every dashboard mutation is recorded by the tenantProcedure middleware with its
// actor, address and targets; secrets never; owners of the tenant alone read it; the database
// refuses to change or delete it.
const t = useTestDb();
beforeAll(() => vi.stubEnv("KEFU_SECRET_KEY", Buffer.alloc(32, 9).toString("hex")));
afterAll(() => vi.unstubAllEnvs());
const client = { ip: "203.0.113.7", userAgent: "Mozilla/5.0 (audit test)" };

async function ownerWithClient(name: string) {
  const owner = await ownerOfNewTenant(t.db, name);
  return { ...owner, caller: createAdminCaller(createApiContext({ db: t.db, userId: owner.userId, client })) };
}

const botInput = { greeting: "Hi", instructions: "", language: "en" as const, brandColor: "#2563eb" };

describe("audit log", () => {
  it("records one entry per mutation with actor, address, targets and outcome", async () => {
    const owner = await ownerWithClient("Audited");
    const bot = await owner.caller.bot.create({ name: "Support", ...botInput });
    await owner.caller.bot.update({ id: bot.id, name: "Support 2", ...botInput });
    const { events } = await owner.caller.audit.list({ filter: { action: "bot.update" } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actorId: owner.userId,
      actorEmail: owner.email,
      action: "bot.update",
      targetIds: [bot.id],
      outcome: "success",
      errorCode: null,
      ip: client.ip,
      userAgent: client.userAgent,
      details: { input: { id: bot.id, name: "Support 2" }, requestId: expect.any(String) },
    });
    const created = await owner.caller.audit.list({ filter: { action: "bot.create" } });
    expect(created.events.map((e) => e.targetIds)).toEqual([[bot.id]]);
    // Queries are not recorded; the prefix "bot" covers every bot action.
    await owner.caller.bot.list();
    expect((await owner.caller.audit.list({ filter: { action: "bot" } })).events.map((e) => e.action)).toEqual(["bot.update", "bot.create"]);
  });

  it("records refused mutations as failures, with the code the caller got", async () => {
    const owner = await ownerWithClient("Refusals");
    const agent = await memberOfTenant(t.db, owner.tenantId, "AGENT");
    await expectCode(agent.caller.bot.create({ name: "Nope", ...botInput }), "FORBIDDEN");
    await expectCode(owner.caller.bot.update({ id: "missing-bot", name: "X", ...botInput }), "NOT_FOUND");
    // Ill-formed text (a lone surrogate) is refused, and the refusal is still recorded.
    await expectCode(owner.caller.team.create({ name: "Support \uD83D" }), "BAD_REQUEST");
    const { events } = await owner.caller.audit.list({ filter: { outcome: "failure" } });
    expect(events.map((e) => [e.action, e.actorId, e.errorCode])).toEqual([
      ["team.create", owner.userId, "BAD_REQUEST"],
      ["bot.update", owner.userId, "NOT_FOUND"],
      ["bot.create", agent.userId, "FORBIDDEN"],
    ]);
  });

  it("never stores a secret: API keys, webhook secrets, passwords", async () => {
    const owner = await ownerWithClient("Secrets");
    const apiKey = "sk-live-do-not-store-0123456789";
    await owner.caller.provider.create({ name: "Remote", kind: "OPENAI_COMPATIBLE", baseUrl: "https://api.example.com/v1", apiKey });
    const hook = await owner.caller.webhook.create({ url: "https://hooks.example.com/kefu", events: ["contact.left"] });
    const rotated = await owner.caller.webhook.rotateSecret({ id: hook.endpoint.id });
    const stored = JSON.stringify(await t.db.auditEvent.findMany({ where: { tenantId: owner.tenantId } }));
    expect(stored).toContain("provider.create");
    expect(stored).toContain("webhook.rotateSecret");
    for (const secret of [apiKey, hook.secret, rotated.secret]) expect(stored).not.toContain(secret);
    const provider = await owner.caller.audit.list({ filter: { action: "provider.create" } });
    expect(provider.events[0]!.details).toMatchObject({ input: { apiKey: "[redacted]", baseUrl: "https://api.example.com/v1" } });
  });

  it("is read by owners only, and only their own tenant's", async () => {
    const a = await ownerWithClient("Tenant A");
    const b = await ownerWithClient("Tenant B");
    const bot = await a.caller.bot.create({ name: "A bot", ...botInput });
    for (const role of ["ADMIN", "AGENT"] as const) {
      const member = await memberOfTenant(t.db, a.tenantId, role);
      await expectCode(member.caller.audit.list({}), "FORBIDDEN");
      await expectCode(member.caller.audit.export({}), "FORBIDDEN");
    }
    const seenByB = await b.caller.audit.list({ filter: { target: bot.id } });
    expect(seenByB.events).toEqual([]);
    expect(JSON.stringify(await b.caller.audit.list({}))).not.toContain(bot.id);
    expect((await b.caller.audit.export({})).csv).not.toContain(bot.id);
    expect((await a.caller.audit.list({ filter: { target: bot.id } })).events).toHaveLength(1);
  });

  it("exports the same rows as the list, as CSV, and the export is itself recorded", async () => {
    const owner = await ownerWithClient("Export");
    for (const name of ["One", 'Two, "quoted"', "=Three"]) await owner.caller.bot.create({ name, ...botInput });
    const filter = { action: "bot.create" };
    const { events } = await owner.caller.audit.list({ filter });
    const exported = await owner.caller.audit.export({ filter });
    const [header, ...rows] = parseCsv(exported.csv);
    expect(header).toEqual(["time", "actor_id", "actor_email", "action", "targets", "outcome", "error", "ip", "user_agent", "details"]);
    expect(exported.rows).toBe(3);
    expect(rows.map((r) => [r[0], r[1], r[3], r[4], r[7]])).toEqual(
      events.map((e) => [e.createdAt.toISOString(), e.actorId, e.action, e.targetIds.join(" "), e.ip]),
    );
    expect(rows.map((r) => JSON.parse(r[9]!) as unknown)).toEqual(events.map((e) => e.details));
    expect((await owner.caller.audit.list({ filter: { action: "audit.export" } })).events).toHaveLength(1);
  });

  it("filters by actor, target and date range, and pages", async () => {
    const owner = await ownerWithClient("Filters");
    const admin = await memberOfTenant(t.db, owner.tenantId, "ADMIN");
    const first = await owner.caller.bot.create({ name: "First", ...botInput });
    const second = await admin.caller.bot.create({ name: "Second", ...botInput });
    const byAdmin = await owner.caller.audit.list({ filter: { actor: admin.userId } });
    expect(byAdmin.events.map((e) => e.targetIds)).toEqual([[second.id]]);
    const byEmail = await owner.caller.audit.list({ filter: { actor: owner.email.slice(0, 8).toUpperCase() } });
    expect(byEmail.events.map((e) => e.targetIds)).toEqual([[first.id]]);
    expect((await owner.caller.audit.list({ filter: { to: new Date(Date.now() - 60_000) } })).events).toEqual([]);
    expect((await owner.caller.audit.list({ filter: { from: new Date(Date.now() - 60_000), to: new Date() } })).events).toHaveLength(2);
    const page1 = await owner.caller.audit.list({ limit: 1 });
    const page2 = await owner.caller.audit.list({ limit: 1, cursor: page1.nextCursor! });
    expect(page1.events[0]!.targetIds).toEqual([second.id]);
    expect(page2.events[0]!.targetIds).toEqual([first.id]);
    expect(page2.nextCursor).toBeNull();
  });

  it("refuses UPDATE, DELETE and TRUNCATE in the database; retention deletes only old rows, on its own path", async () => {
    const owner = await ownerWithClient("Append only");
    await owner.caller.bot.create({ name: "Bot", ...botInput });
    const where = `"tenantId" = '${owner.tenantId}'`;
    // (The embedded database's driver adapter drops the server's message; PostgreSQL says
    // "AuditEvent is append-only: UPDATE refused".)
    await expect(t.db.$executeRawUnsafe(`UPDATE "AuditEvent" SET "actorEmail" = 'someone@else' WHERE ${where}`)).rejects.toThrow();
    await expect(t.db.$executeRawUnsafe(`DELETE FROM "AuditEvent" WHERE ${where}`)).rejects.toThrow();
    await expect(t.db.$executeRawUnsafe(`TRUNCATE "AuditEvent"`)).rejects.toThrow();
    await expect(t.db.auditEvent.updateMany({ where: { tenantId: owner.tenantId }, data: { outcome: "failure" } })).rejects.toThrow();
    await expect(t.db.auditEvent.deleteMany({ where: { tenantId: owner.tenantId } })).rejects.toThrow();
    expect(await t.db.auditEvent.findMany({ where: { tenantId: owner.tenantId }, select: { actorEmail: true, outcome: true } })).toEqual([
      { actorEmail: owner.email, outcome: "success" },
    ]);

    const old = await t.db.auditEvent.create({
      data: { tenantId: owner.tenantId, action: "bot.update", outcome: "success", createdAt: new Date(Date.now() - 400 * 86_400_000) },
    });
    const prune = (days: string) =>
      t.db.$transaction(async (tx) => {
        await tx.$executeRawUnsafe(`SELECT set_config('kefu.audit_retention_days', '${days}', true)`);
        return tx.$executeRawUnsafe(`DELETE FROM "AuditEvent" WHERE ${where} AND "createdAt" < now() - interval '${days} days'`);
      });
    await expect(prune("10")).rejects.toThrow();
    expect(await t.db.auditEvent.findUnique({ where: { id: old.id } })).not.toBeNull();
    expect(await prune("365")).toBe(1);
    expect(await t.db.auditEvent.findUnique({ where: { id: old.id } })).toBeNull();
    expect(await t.db.auditEvent.count({ where: { tenantId: owner.tenantId } })).toBe(1);
  });

  it("records sign-ins and failed sign-ins in the account's workspace; an unknown e-mail only in the server log", async () => {
    const owner = await ownerWithClient("Sign-ins");
    const signIn = async (email: string, password: string) => {
      const user = await verifyCredentials(t.db, email, password);
      await auditSignIn(t.db, { email, userId: user?.id ?? null, client }, logger);
    };
    const lines: string[] = [];
    const logger = createLogger({ destination: { write: (line: string) => void lines.push(line) } });
    await signIn(owner.email, "correct horse battery");
    await signIn(owner.email.toUpperCase(), "wrong password");
    await signIn("nobody-here@example.com", "whatever-password");
    const { events } = await owner.caller.audit.list({ filter: { action: "auth." } });
    expect(events.map((e) => [e.action, e.outcome, e.actorId, e.actorEmail, e.targetIds, e.ip])).toEqual([
      ["auth.login_failed", "failure", null, owner.email, [owner.userId], client.ip],
      ["auth.login", "success", owner.userId, owner.email, [owner.userId], client.ip],
    ]);
    expect(JSON.stringify(events)).not.toContain("wrong password");
    expect(await t.db.auditEvent.count({ where: { actorEmail: "nobody-here@example.com" } })).toBe(0);
    const unknown = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.msg === "auth.login_failed");
    expect(unknown).toMatchObject([{ email: "nobody-here@example.com", ip: client.ip, level: "warn" }]);
    // Creating a workspace (a public procedure) is its first entry.
    const anonymousCaller = createAdminCaller(createApiContext({ db: t.db, client }));
    expect(await anonymousCaller.account.signUp({ companyName: "New one", email: "new-one@example.com", password: "a long secret password" })).toMatchObject({ status: "created" });
    const newUser = await t.db.user.findUniqueOrThrow({ where: { email: "new-one@example.com" }, select: { id: true, memberships: { select: { tenantId: true } } } });
    expect(await t.db.auditEvent.findMany({ where: { tenantId: newUser.memberships[0]!.tenantId } })).toMatchObject([
      { action: "account.signUp", actorId: newUser.id, actorEmail: "new-one@example.com", ip: client.ip, outcome: "success" },
    ]);
    // Accepting an invite (a public procedure) is recorded too, its password redacted.
    const invite = await owner.caller.member.invite({ role: "AGENT" });
    const anonymous = createAdminCaller(createApiContext({ db: t.db, client }));
    const account = await anonymous.member.acceptInvite({ token: invite.token, email: "joined@example.com", name: "Joined", password: "a long secret password" });
    const joined = await t.db.auditEvent.findMany({ where: { tenantId: owner.tenantId, action: "member.acceptInvite" } });
    expect(joined).toMatchObject([{ actorId: account.userId, ip: client.ip, details: { input: { email: "joined@example.com", password: "[redacted]", token: "[redacted]" } } }]);
    expect(JSON.stringify(joined)).not.toContain("a long secret password");
  });
});
