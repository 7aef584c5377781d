import { describe, expect, it } from "vitest";
import { createAdminCaller } from "../admin.ts";
import { membershipCheck } from "../handoff/index.ts";
import { createApiContext } from "../platform/context.ts";
import { collect, expectCode, memberOfTenant, ownerOfNewTenant, useTestDb, visitorCaller } from "../testing/index.ts";

// Staff who leave: an owner or admin removes them or changes their role, and it holds at once.
const t = useTestDb();
const anonymous = () => createAdminCaller(createApiContext({ db: t.db }));

async function queuedConversation(owner: Awaited<ReturnType<typeof ownerOfNewTenant>>) {
  const bot = await owner.caller.bot.create({ name: "Desk", greeting: "Hi", instructions: "", language: "en", brandColor: "#2563eb" });
  const visitor = visitorCaller(t.db);
  const session = await visitor.chat.start({ botId: bot.publicId });
  await collect(await visitor.chat.send({ botId: bot.publicId, visitorToken: session.visitorToken, text: "hello", clientMessageId: "leaver-msg-1" }));
  await visitor.chat.requestHuman({ botId: bot.publicId, visitorToken: session.visitorToken });
  return t.db.conversation.findFirstOrThrow({ where: { tenantId: owner.tenantId, botId: bot.id } });
}

describe("removing a member", () => {
  it("refuses them from their next call, requeues what they held and voids their unused invites", async () => {
    const owner = await ownerOfNewTenant(t.db, "Leavers");
    const admin = await memberOfTenant(t.db, owner.tenantId, "ADMIN");
    const agent = await memberOfTenant(t.db, owner.tenantId, "AGENT");
    const conversation = await queuedConversation(owner);
    await agent.caller.inbox.claim({ id: conversation.id });
    const invite = await admin.caller.member.invite({ role: "AGENT" });

    expect(await admin.caller.member.remove({ membershipId: agent.membershipId })).toEqual({ membershipId: agent.membershipId, requeued: 1 });
    const error = await expectCode(agent.caller.inbox.list({}), "FORBIDDEN");
    expect(error.message).toMatch(/not a member/);
    expect(await t.db.conversation.findUniqueOrThrow({ where: { id: conversation.id } })).toMatchObject({ status: "QUEUED", assigneeId: null });

    await owner.caller.member.remove({ membershipId: admin.membershipId });
    await expectCode(admin.caller.bot.list(), "FORBIDDEN");
    await expectCode(anonymous().member.describeInvite({ token: invite.token }), "NOT_FOUND");
    expect((await owner.caller.member.list()).map((m) => m.role)).toEqual(["OWNER"]);
    // Their account stays (what they wrote keeps its author); it is simply in no workspace.
    expect(await t.db.user.count({ where: { id: agent.userId } })).toBe(1);
  });

  it("keeps owners for owners: admins cannot remove or appoint one, nobody changes themselves", async () => {
    const owner = await ownerOfNewTenant(t.db, "Owners");
    const ownerMembership = await t.db.membership.findFirstOrThrow({ where: { tenantId: owner.tenantId, userId: owner.userId } });
    const admin = await memberOfTenant(t.db, owner.tenantId, "ADMIN");
    const agent = await memberOfTenant(t.db, owner.tenantId, "AGENT");

    expect((await expectCode(admin.caller.member.remove({ membershipId: ownerMembership.id }), "FORBIDDEN")).message).toMatch(/Only an owner/);
    await expectCode(admin.caller.member.setRole({ membershipId: ownerMembership.id, role: "AGENT" }), "FORBIDDEN");
    await expectCode(admin.caller.member.setRole({ membershipId: agent.membershipId, role: "OWNER" }), "FORBIDDEN");
    await expectCode(owner.caller.member.remove({ membershipId: ownerMembership.id }), "BAD_REQUEST");
    await expectCode(owner.caller.member.setRole({ membershipId: ownerMembership.id, role: "ADMIN" }), "BAD_REQUEST");
    await expectCode(agent.caller.member.remove({ membershipId: admin.membershipId }), "FORBIDDEN");
    expect(await t.db.membership.count({ where: { tenantId: owner.tenantId } })).toBe(3);
  });

  it("changes a role from the member's next call", async () => {
    const owner = await ownerOfNewTenant(t.db, "Promotions");
    const agent = await memberOfTenant(t.db, owner.tenantId, "AGENT");
    const bot = { name: "Mine", greeting: "Hi", instructions: "", language: "en" as const, brandColor: "#2563eb" };
    await expectCode(agent.caller.bot.create(bot), "FORBIDDEN");
    expect(await owner.caller.member.setRole({ membershipId: agent.membershipId, role: "ADMIN" })).toEqual({ membershipId: agent.membershipId, role: "ADMIN" });
    await agent.caller.bot.create(bot);
    await owner.caller.member.setRole({ membershipId: agent.membershipId, role: "OWNER" });
    expect((await agent.caller.account.me()).role).toBe("OWNER");
  });

  it("ends the open inbox stream of a removed member at their next event", async () => {
    const owner = await ownerOfNewTenant(t.db, "Streams");
    const agent = await memberOfTenant(t.db, owner.tenantId, "AGENT");
    const check = membershipCheck(t.db, owner.tenantId, agent.userId, 0);
    expect(await check()).toBe(true);
    await owner.caller.member.remove({ membershipId: agent.membershipId });
    expect(await check()).toBe(false);
  });
});
