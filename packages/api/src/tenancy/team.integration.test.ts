import { describe, expect, it } from "vitest";
import { createAdminCaller } from "../admin.ts";
import { createApiContext } from "../platform/context.ts";
import { expectCode, memberOfTenant, ownerOfNewTenant, useTestDb } from "../testing/index.ts";

const t = useTestDb();
const anonymous = () => createAdminCaller(createApiContext({ db: t.db }));

describe("invites", () => {
  it("adds an agent through a single-use invite link", async () => {
    const owner = await ownerOfNewTenant(t.db, "Invites");
    const invite = await owner.caller.member.invite({ role: "AGENT" });
    expect(await anonymous().member.describeInvite({ token: invite.token })).toEqual({ workspace: "Invites", role: "AGENT", email: null });

    const joined = await anonymous().member.acceptInvite({ token: invite.token, name: "Li Lei", email: "li@invites.test", password: "long enough pw" });
    expect(joined.tenantId).toBe(owner.tenantId);
    const members = await owner.caller.member.list();
    expect(members.map((m) => [m.email, m.role])).toContainEqual(["li@invites.test", "AGENT"]);
    // The token is stored only as a hash, and works once.
    expect(await t.db.invite.count({ where: { tokenHash: invite.token } })).toBe(0);
    const again = await expectCode(
      anonymous().member.acceptInvite({ token: invite.token, name: "Han", email: "han@invites.test", password: "long enough pw" }),
      "NOT_FOUND",
    );
    expect(again.message).toMatch(/expired or was already used/);
    expect(await t.db.user.count({ where: { email: "han@invites.test" } })).toBe(0);
  });

  it("refuses expired and malformed invites, and lets only admins invite", async () => {
    const owner = await ownerOfNewTenant(t.db, "Expired");
    const invite = await owner.caller.member.invite({ role: "AGENT" });
    await t.db.invite.updateMany({ where: { tenantId: owner.tenantId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expectCode(anonymous().member.describeInvite({ token: invite.token }), "NOT_FOUND");
    await expectCode(anonymous().member.describeInvite({ token: "short" }), "BAD_REQUEST");
    const agent = await memberOfTenant(t.db, owner.tenantId, "AGENT");
    await expectCode(agent.caller.member.invite({ role: "ADMIN" }), "FORBIDDEN");
  });
});

describe("teams and presence", () => {
  it("groups agents into teams and tracks presence and capacity", async () => {
    const owner = await ownerOfNewTenant(t.db, "Teams");
    const agent = await memberOfTenant(t.db, owner.tenantId, "AGENT", "Wang");
    const billing = await owner.caller.team.create({ name: "Billing" });
    await expectCode(owner.caller.team.create({ name: "Billing" }), "CONFLICT");
    await owner.caller.team.addMember({ teamId: billing.id, membershipId: agent.membershipId });
    await owner.caller.team.addMember({ teamId: billing.id, membershipId: agent.membershipId }); // idempotent
    await agent.caller.member.setPresence({ presence: "ONLINE" });
    await owner.caller.member.update({ membershipId: agent.membershipId, maxConcurrent: 3 });

    const [team] = await agent.caller.team.list();
    expect(team).toMatchObject({ name: "Billing", members: [{ membershipId: agent.membershipId, presence: "ONLINE" }] });
    const wang = (await owner.caller.member.list()).find((m) => m.membershipId === agent.membershipId);
    expect(wang).toMatchObject({ maxConcurrent: 3, teams: [{ name: "Billing" }] });

    await owner.caller.team.rename({ id: billing.id, name: "Payments" });
    await owner.caller.team.removeMember({ teamId: billing.id, membershipId: agent.membershipId });
    expect((await owner.caller.team.list())[0]).toMatchObject({ name: "Payments", members: [] });
    await expectCode(agent.caller.team.create({ name: "Mine" }), "FORBIDDEN");
    await expectCode(owner.caller.member.update({ membershipId: agent.membershipId, maxConcurrent: 0 }), "BAD_REQUEST");
    await owner.caller.team.delete({ id: billing.id });
    expect(await owner.caller.team.list()).toEqual([]);
  });

  it("refuses another tenant's teams and members", async () => {
    const a = await ownerOfNewTenant(t.db, "Team A");
    const b = await ownerOfNewTenant(t.db, "Team B");
    const teamA = await a.caller.team.create({ name: "Tech" });
    const agentA = await memberOfTenant(t.db, a.tenantId, "AGENT");
    const teamB = await b.caller.team.create({ name: "Tech" });
    await expectCode(b.caller.team.rename({ id: teamA.id, name: "Mine" }), "NOT_FOUND");
    await expectCode(b.caller.team.delete({ id: teamA.id }), "NOT_FOUND");
    await expectCode(b.caller.team.addMember({ teamId: teamA.id, membershipId: agentA.membershipId }), "NOT_FOUND");
    await expectCode(b.caller.team.addMember({ teamId: teamB.id, membershipId: agentA.membershipId }), "NOT_FOUND");
    await expectCode(b.caller.team.removeMember({ teamId: teamA.id, membershipId: agentA.membershipId }), "NOT_FOUND");
    await expectCode(b.caller.member.update({ membershipId: agentA.membershipId, maxConcurrent: 9 }), "NOT_FOUND");
    expect((await b.caller.member.list()).map((m) => m.membershipId)).not.toContain(agentA.membershipId);
    expect((await b.caller.team.list()).map((x) => x.id)).toEqual([teamB.id]);
  });
});
