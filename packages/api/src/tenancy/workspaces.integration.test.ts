import { describe, expect, it, vi } from "vitest";
import { createAdminCaller } from "../admin.ts";
import { createApiContext } from "../platform/context.ts";
import { collect, expectCode, memberOfTenant, ownerOfNewTenant, useTestDb, visitorCaller } from "../testing/index.ts";
import { startSmtpServer, textOf } from "../testing/receivers.ts";
import { verifyCredentials } from "./accounts.ts";
import { createInvite } from "./members.ts";
import { resolveSsoUser } from "./sso.ts";

// Staff accounts: one person in several workspaces, invites to an existing account, the viewer
// role, the last owner, profiles and who single sign-on lets in.
const t = useTestDb();
const callerIn = (userId: string, activeTenantId: string | null) => createAdminCaller(createApiContext({ db: t.db, userId, activeTenantId }));
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]).toString("base64");

describe("one person in several workspaces", () => {
  it("joins a second workspace with an invite and switches between them, each call scoped to the chosen one", async () => {
    const mei = await ownerOfNewTenant(t.db, "Mei Tea");
    const other = await ownerOfNewTenant(t.db, "Other Shop");
    await mei.caller.bot.create({ name: "Tea bot", greeting: "Hi", instructions: "", language: "en", brandColor: "#2563eb" });
    await other.caller.bot.create({ name: "Shop bot", greeting: "Hi", instructions: "", language: "en", brandColor: "#2563eb" });
    const invite = await other.caller.member.invite({ role: "AGENT" });

    expect(await mei.caller.member.joinWithInvite({ token: invite.token })).toMatchObject({ tenantId: other.tenantId, role: "AGENT" });
    await expectCode(mei.caller.member.joinWithInvite({ token: invite.token }), "NOT_FOUND");
    expect((await mei.caller.account.workspaces()).map((w) => [w.tenantId, w.role])).toEqual([
      [mei.tenantId, "OWNER"],
      [other.tenantId, "AGENT"],
    ]);

    // The session's choice decides; the first workspace is the default.
    expect((await callerIn(mei.userId, null).bot.list()).map((b) => b.name)).toEqual(["Tea bot"]);
    const inOther = callerIn(mei.userId, other.tenantId);
    expect((await inOther.bot.list()).map((b) => b.name)).toEqual(["Shop bot"]);
    expect((await inOther.account.me()).role).toBe("AGENT");
    await expectCode(inOther.bot.create({ name: "No", greeting: "Hi", instructions: "", language: "en", brandColor: "#2563eb" }), "FORBIDDEN");

    // A workspace they are not in is never chosen: they land in their own first one.
    const stranger = await ownerOfNewTenant(t.db, "Stranger");
    expect((await callerIn(mei.userId, stranger.tenantId).account.me()).tenant.id).toBe(mei.tenantId);
  });

  it("refuses joining twice, and an invite sent to another address", async () => {
    const owner = await ownerOfNewTenant(t.db, "Twice");
    const agent = await memberOfTenant(t.db, owner.tenantId, "AGENT");
    const again = await owner.caller.member.invite({ role: "ADMIN" });
    await expectCode(agent.caller.member.joinWithInvite({ token: again.token }), "CONFLICT");
    const outsider = await ownerOfNewTenant(t.db, "Outsider");
    const addressed = await owner.caller.member.invite({ role: "AGENT", email: "someone-else@example.com" });
    expect((await expectCode(outsider.caller.member.joinWithInvite({ token: addressed.token }), "FORBIDDEN")).message).toMatch(/someone-else@example.com/);
  });

  it("keeps the last owner: they cannot leave, be demoted or removed while no other owner remains", async () => {
    const owner = await ownerOfNewTenant(t.db, "Last owner");
    const second = await memberOfTenant(t.db, owner.tenantId, "ADMIN");
    const ownMembership = await t.db.membership.findFirstOrThrow({ where: { tenantId: owner.tenantId, userId: owner.userId } });
    expect((await expectCode(owner.caller.account.leave({ tenantId: owner.tenantId }), "BAD_REQUEST")).message).toMatch(/only owner/);

    await owner.caller.member.setRole({ membershipId: second.membershipId, role: "OWNER" });
    // Two owners: one steps the other down, and then the one left cannot be stepped down.
    await second.caller.member.setRole({ membershipId: ownMembership.id, role: "ADMIN" });
    expect((await owner.caller.account.me()).role).toBe("ADMIN");
    await expectCode(owner.caller.account.leave({ tenantId: second.userId }), "FORBIDDEN");
    expect(await owner.caller.account.leave({ tenantId: owner.tenantId })).toEqual({ left: owner.tenantId });
    await expectCode(owner.caller.bot.list(), "FORBIDDEN");
    await expectCode(second.caller.account.leave({ tenantId: owner.tenantId }), "BAD_REQUEST");
  });

  it("e-mails an addressed invite when a mailer is there, and always returns the link to copy", async () => {
    const owner = await ownerOfNewTenant(t.db, "Mailing");
    const sent: { to: string; text: string }[] = [];
    const mailed = await createInvite(t.db, { tenantId: owner.tenantId, createdBy: owner.userId }, { role: "VIEWER", email: "lin@example.com" }, {
      baseUrl: "https://kefu.example.com",
      mailer: async (mail) => (sent.push(mail), { ok: true }),
    });
    expect(mailed.emailed).toBe(true);
    expect(mailed.link).toBe(`https://kefu.example.com/invite/${mailed.token}`);
    expect(sent).toEqual([expect.objectContaining({ to: "lin@example.com" })]);
    expect(sent[0]!.text).toContain(mailed.link);
    // Without SMTP (the test environment has none) the link is there to copy.
    const unsent = await owner.caller.member.invite({ role: "AGENT", email: "wu@example.com" });
    expect(unsent).toMatchObject({ emailed: false, link: expect.stringContaining(`/invite/${unsent.token}`) });
    expect(await owner.caller.member.describeInvite({ token: unsent.token })).toMatchObject({ role: "AGENT", email: "wu@example.com" });
  });
});

describe("invites by e-mail", () => {
  it("go out through the SMTP server when one is configured, with the link that joins", async () => {
    const smtp = await startSmtpServer();
    try {
      vi.stubEnv("KEFU_SMTP_URL", smtp.url);
      vi.stubEnv("NEXTAUTH_URL", "https://admin.kefu.test");
      const owner = await ownerOfNewTenant(t.db, "Mailed invites");
      const invite = await owner.caller.member.invite({ role: "VIEWER", email: "Lin@Example.com" });
      expect(invite).toMatchObject({ emailed: true, link: `https://admin.kefu.test/invite/${invite.token}` });
      const mail = smtp.mails.find((m) => m.to.includes("lin@example.com"));
      expect(textOf(mail!.raw)).toContain(invite.link);
    } finally {
      vi.unstubAllEnvs();
      await smtp.close();
    }
  });
});

describe("the viewer role", () => {
  it("reads bots, knowledge and conversations, and changes nothing: no reply, no claim, no presence", async () => {
    const owner = await ownerOfNewTenant(t.db, "Viewers");
    const bot = await owner.caller.bot.create({ name: "Desk", greeting: "Hi", instructions: "", language: "en", brandColor: "#2563eb" });
    await owner.caller.knowledge.addFaq({ botId: bot.id, question: "Refund policy?", alternatives: [], answer: "30 days." });
    const visitor = visitorCaller(t.db);
    const session = await visitor.chat.start({ botId: bot.publicId });
    await collect(await visitor.chat.send({ botId: bot.publicId, visitorToken: session.visitorToken, text: "hello", clientMessageId: "viewer-1" }));
    await visitor.chat.requestHuman({ botId: bot.publicId, visitorToken: session.visitorToken });
    const conversation = await t.db.conversation.findFirstOrThrow({ where: { tenantId: owner.tenantId } });

    const invite = await owner.caller.member.invite({ role: "VIEWER" });
    const account = await createAdminCaller(createApiContext({ db: t.db })).member.acceptInvite({ token: invite.token, name: "Lin", email: "lin-viewer@example.com", password: "a long password" });
    const viewer = callerIn(account.userId, null);
    expect((await viewer.account.me()).role).toBe("VIEWER");
    expect((await viewer.bot.list()).map((b) => b.id)).toEqual([bot.id]);
    expect((await viewer.knowledge.list({ id: bot.id })).length).toBeGreaterThan(0);
    expect((await viewer.inbox.get({ id: conversation.id })).id).toBe(conversation.id);
    await expectCode(viewer.inbox.claim({ id: conversation.id }), "FORBIDDEN");
    const refused = await expectCode(viewer.member.setPresence({ presence: "ONLINE" }), "FORBIDDEN");
    expect(refused.message).toBe("Only owners, admins and agents can reply to visitors.");
    await expectCode(viewer.bot.update({ id: bot.id, name: "x", greeting: "Hi", instructions: "", language: "en", brandColor: "#2563eb" }), "FORBIDDEN");
  });

  it("takes an online agent made viewer offline and gives back what they held", async () => {
    const owner = await ownerOfNewTenant(t.db, "Demoted");
    const agent = await memberOfTenant(t.db, owner.tenantId, "AGENT");
    const bot = await owner.caller.bot.create({ name: "Desk", greeting: "Hi", instructions: "", language: "en", brandColor: "#2563eb" });
    const visitor = visitorCaller(t.db);
    const session = await visitor.chat.start({ botId: bot.publicId });
    await collect(await visitor.chat.send({ botId: bot.publicId, visitorToken: session.visitorToken, text: "hello", clientMessageId: "demoted-1" }));
    await visitor.chat.requestHuman({ botId: bot.publicId, visitorToken: session.visitorToken });
    const conversation = await t.db.conversation.findFirstOrThrow({ where: { tenantId: owner.tenantId } });
    await agent.caller.member.setPresence({ presence: "ONLINE" });
    await agent.caller.inbox.claim({ id: conversation.id });

    await owner.caller.member.setRole({ membershipId: agent.membershipId, role: "VIEWER" });
    expect(await t.db.membership.findUniqueOrThrow({ where: { id: agent.membershipId } })).toMatchObject({ role: "VIEWER", presence: "OFFLINE" });
    expect(await t.db.conversation.findUniqueOrThrow({ where: { id: conversation.id } })).toMatchObject({ status: "QUEUED", assigneeId: null });
  });
});

describe("profiles", () => {
  it("sets the name and picture colleagues and visitors see; a picture is uploaded, sniffed and size-limited", async () => {
    const owner = await ownerOfNewTenant(t.db, "Profiles");
    expect(await owner.caller.account.updateProfile({ name: "Mei Chen", removeAvatar: false })).toMatchObject({ name: "Mei Chen", avatarUrl: null });
    await expectCode(owner.caller.account.updateProfile({ name: " ", removeAvatar: false }), "BAD_REQUEST");
    expect((await owner.caller.account.uploadAvatar({ dataBase64: PNG })).avatarUrl).toBe(`data:image/png;base64,${PNG}`);
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>').toString("base64");
    expect((await expectCode(owner.caller.account.uploadAvatar({ dataBase64: svg }), "BAD_REQUEST")).message).toMatch(/PNG, JPEG, GIF or WebP/);
    await expectCode(owner.caller.account.uploadAvatar({ dataBase64: Buffer.alloc(70 * 1024, 1).toString("base64") }), "BAD_REQUEST");
    expect((await owner.caller.member.list())[0]).toMatchObject({ name: "Mei Chen", avatarUrl: `data:image/png;base64,${PNG}` });
    expect(await owner.caller.account.updateProfile({ name: "Mei Chen", removeAvatar: true })).toMatchObject({ avatarUrl: null });
  });
});

describe("single sign-on", () => {
  it("lets in the account with the verified address, or the person an invite was sent to, and nobody else", async () => {
    const owner = await ownerOfNewTenant(t.db, "SSO shop");
    const email = (await t.db.user.findUniqueOrThrow({ where: { id: owner.userId } })).email;
    expect(await resolveSsoUser(t.db, { email: email.toUpperCase(), email_verified: true })).toMatchObject({ ok: true, user: { id: owner.userId }, joined: null });
    expect(await resolveSsoUser(t.db, { email, email_verified: false })).toEqual({ ok: false, reason: "email_unverified" });
    expect(await resolveSsoUser(t.db, { email: "nobody@example.com", email_verified: true })).toEqual({ ok: false, reason: "no_account" });

    await owner.caller.member.invite({ role: "AGENT", email: "new-agent@example.com" });
    const joined = await resolveSsoUser(t.db, { email: "new-agent@example.com", email_verified: true, name: "New Agent" });
    expect(joined).toMatchObject({ ok: true, user: { email: "new-agent@example.com", name: "New Agent" }, joined: owner.tenantId });
    const userId = joined.ok ? joined.user.id : "";
    expect((await callerIn(userId, null).account.me()).role).toBe("AGENT");
    // The account has no password: no password signs in to it.
    expect(await verifyCredentials(t.db, "new-agent@example.com", "sso-only")).toBeNull();
    // The invite is used up; the next sign-in finds the account.
    expect(await resolveSsoUser(t.db, { email: "new-agent@example.com", email_verified: true })).toMatchObject({ ok: true, joined: null });
  });
});
