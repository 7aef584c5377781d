import type { Db } from "@kefu/db";
import { describe, expect, it } from "vitest";
import { listMessages } from "../conversations/index.ts";
import { readEvents } from "../platform/events/event-log.ts";
import { escalateConversation, handBackIdleConversations, routeQueuedConversations } from "./handoff.ts";
import { expectCode, memberOfTenant, ownerOfNewTenant, useTestDb } from "../testing/index.ts";

const t = useTestDb();
const bot = { name: "Desk", greeting: "Hi", instructions: "", language: "en" as const, brandColor: "#2563eb" };

async function tenantWithBot(db: Db, name: string) {
  const owner = await ownerOfNewTenant(db, name);
  const created = await owner.caller.bot.create(bot);
  return { ...owner, botId: created.id };
}

async function newConversation(db: Db, tenantId: string, botId: string) {
  const visitor = await db.visitor.create({ data: { tenantId, botId, tokenHash: crypto.randomUUID() } });
  const conversation = await db.conversation.create({ data: { tenantId, botId, visitorId: visitor.id } });
  await db.message.create({ data: { tenantId, conversationId: conversation.id, role: "VISITOR", content: "I want a refund for order 42" } });
  return conversation.id;
}

describe("agent inbox", () => {
  it("queues an escalation, lets one agent claim it, and keeps notes from the visitor", async () => {
    const a = await tenantWithBot(t.db, "Inbox");
    const agent = await memberOfTenant(t.db, a.tenantId, "AGENT", "Zhang");
    const other = await memberOfTenant(t.db, a.tenantId, "AGENT", "Zhao");
    const id = await newConversation(t.db, a.tenantId, a.botId);

    // Nobody is online: it waits, and the visitor is told their place in the queue.
    await escalateConversation(t.db, { tenantId: a.tenantId, conversationId: id }, { reason: "visitor_asked", priority: "high", tags: ["refund"] });
    expect(await agent.caller.inbox.counts({})).toMatchObject({ unassigned: 1, mine: 0, all: 1 });
    const queued = await agent.caller.inbox.get({ id });
    expect(queued).toMatchObject({ status: "QUEUED", priority: "high", tags: ["refund"], escalationReason: "visitor_asked" });
    expect(queued.handoffSummary).toMatchObject({ wants: expect.stringContaining("refund") });
    expect(queued.messages.at(-1)).toMatchObject({ role: "SYSTEM", content: expect.stringMatching(/number 1 in the queue/) });

    await agent.caller.inbox.claim({ id });
    await agent.caller.inbox.claim({ id }); // a retry by the same agent is harmless
    const taken = await expectCode(other.caller.inbox.claim({ id }), "CONFLICT");
    expect(taken.message).toMatch(/already taken/);
    expect(await agent.caller.inbox.counts({})).toMatchObject({ unassigned: 0, mine: 1 });

    await agent.caller.inbox.reply({ id, text: "Hi, I'm Zhang. Let me check.", clientMessageId: "reply-0001" });
    await agent.caller.inbox.reply({ id, text: "Hi, I'm Zhang. Let me check.", clientMessageId: "reply-0001" }); // resend
    await expectCode(other.caller.inbox.reply({ id, text: "me too", clientMessageId: "reply-0002" }), "CONFLICT");
    await agent.caller.inbox.note({ id, text: "VIP, refund approved", clientMessageId: "note-00001" });

    const visitorView = await listMessages(t.db, a.tenantId, id);
    expect(visitorView.filter((m) => m.role === "AGENT").map((m) => m.content)).toEqual(["Hi, I'm Zhang. Let me check."]);
    expect(visitorView.some((m) => m.role === "NOTE")).toBe(false);
    const visitorEvents = await readEvents(t.db, { tenantId: a.tenantId, conversationIds: [id], afterSeq: 0n, audience: "visitor" });
    expect(JSON.stringify(visitorEvents.map((e) => e.payload))).not.toContain("VIP, refund approved");
    expect((await agent.caller.inbox.get({ id })).messages.some((m) => m.role === "NOTE")).toBe(true);

    await agent.caller.inbox.resolve({ id });
    expect(await agent.caller.inbox.counts({})).toMatchObject({ mine: 0, resolved: 1 });
    const resolvedEvents = await readEvents(t.db, { tenantId: a.tenantId, conversationIds: [id], afterSeq: 0n, audience: "visitor" });
    expect(resolvedEvents.map((e) => e.type)).toContain("request_rating");
    await expectCode(agent.caller.inbox.resolve({ id }), "CONFLICT");
    // Resolving frees the agent, yet the conversation still says who handled it.
    expect(await agent.caller.inbox.get({ id })).toMatchObject({ status: "RESOLVED", assignee: null, handledBy: { name: "Zhang" } });
  });

  it("says no person handled a conversation resolved without one", async () => {
    const a = await tenantWithBot(t.db, "Inbox bot only");
    const id = await newConversation(t.db, a.tenantId, a.botId);
    await escalateConversation(t.db, { tenantId: a.tenantId, conversationId: id }, { reason: "visitor_asked" });
    await a.caller.inbox.resolve({ id });
    expect(await a.caller.inbox.get({ id })).toMatchObject({ status: "RESOLVED", handledBy: null });
  });

  it("routes round-robin to online agents of the team within their limits", async () => {
    const a = await tenantWithBot(t.db, "Routing");
    const team = await a.caller.team.create({ name: "Billing" });
    const agents = await Promise.all(["A1", "A2"].map((n) => memberOfTenant(t.db, a.tenantId, "AGENT", n)));
    const outsider = await memberOfTenant(t.db, a.tenantId, "AGENT", "Tech");
    for (const agent of [...agents, outsider]) {
      await agent.caller.member.setPresence({ presence: "ONLINE" });
      await a.caller.member.update({ membershipId: agent.membershipId, maxConcurrent: 2 });
    }
    for (const agent of agents) await a.caller.team.addMember({ teamId: team.id, membershipId: agent.membershipId });

    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await newConversation(t.db, a.tenantId, a.botId));
    for (const id of ids) await escalateConversation(t.db, { tenantId: a.tenantId, conversationId: id }, { reason: "keyword", teamId: team.id });
    const rows = await t.db.conversation.findMany({ where: { id: { in: ids } }, orderBy: { queuedAt: "asc" }, select: { status: true, assigneeId: true } });
    const assignees = rows.map((r) => r.assigneeId);
    // Two agents, two each: the fifth waits; the outsider of the team gets none.
    expect(assignees.filter(Boolean)).toHaveLength(4);
    expect(new Set(assignees.slice(0, 2)).size).toBe(2);
    expect(assignees).not.toContain(outsider.userId);
    expect(rows[4]).toMatchObject({ status: "QUEUED", assigneeId: null });

    // Freeing capacity routes the waiting one.
    const first = await t.db.conversation.findFirstOrThrow({ where: { id: ids[0] }, select: { assigneeId: true } });
    const owner = agents.find((x) => x.userId === first.assigneeId)!;
    await owner.caller.inbox.resolve({ id: ids[0]! });
    expect(await t.db.conversation.findFirstOrThrow({ where: { id: ids[4] }, select: { assigneeId: true } })).toMatchObject({
      assigneeId: owner.userId,
    });
  });

  it("hands back to the bot and transfers to another agent or team", async () => {
    const a = await tenantWithBot(t.db, "Transfer");
    const first = await memberOfTenant(t.db, a.tenantId, "AGENT", "First");
    const second = await memberOfTenant(t.db, a.tenantId, "AGENT", "Second");
    const tech = await a.caller.team.create({ name: "Tech" });
    const id = await newConversation(t.db, a.tenantId, a.botId);
    await escalateConversation(t.db, { tenantId: a.tenantId, conversationId: id }, { reason: "visitor_asked" });
    await first.caller.inbox.claim({ id });
    await first.caller.inbox.transfer({ id, agentId: second.userId });
    expect(await t.db.conversation.findFirstOrThrow({ where: { id }, select: { assigneeId: true } })).toMatchObject({ assigneeId: second.userId });
    await expectCode(first.caller.inbox.reply({ id, text: "still me?", clientMessageId: "late-00001" }), "CONFLICT");
    await second.caller.inbox.transfer({ id, teamId: tech.id });
    expect(await t.db.conversation.findFirstOrThrow({ where: { id }, select: { status: true, teamId: true } })).toEqual({ status: "QUEUED", teamId: tech.id });
    await expectCode(second.caller.inbox.transfer({ id }), "BAD_REQUEST");
    await second.caller.inbox.handBack({ id });
    const back = await t.db.conversation.findFirstOrThrow({ where: { id }, select: { status: true, escalationCooldown: true } });
    expect(back).toMatchObject({ status: "BOT", escalationCooldown: { reason: "visitor_asked" } });
  });

  // Fifty serialised transitions plus routing: seconds on an idle machine, more under load.
  it("assigns each of 50 simultaneous escalations exactly once", { timeout: 120_000 }, async () => {
    const a = await tenantWithBot(t.db, "Rush");
    const agents = await Promise.all(Array.from({ length: 5 }, (_, i) => memberOfTenant(t.db, a.tenantId, "AGENT", `Rush${i}`)));
    for (const agent of agents) {
      await agent.caller.member.setPresence({ presence: "ONLINE" });
      await a.caller.member.update({ membershipId: agent.membershipId, maxConcurrent: 8 });
    }
    const ids = await Promise.all(Array.from({ length: 50 }, () => newConversation(t.db, a.tenantId, a.botId)));
    await Promise.all(ids.map((id) => escalateConversation(t.db, { tenantId: a.tenantId, conversationId: id }, { reason: "visitor_asked" })));
    await routeQueuedConversations(t.db, a.tenantId);

    const rows = await t.db.conversation.findMany({ where: { id: { in: ids } }, select: { id: true, status: true, assigneeId: true } });
    const assigned = rows.filter((r) => r.status === "ASSIGNED");
    expect(assigned).toHaveLength(40); // 5 agents × 8
    expect(rows.filter((r) => r.status === "QUEUED")).toHaveLength(10);
    const perAgent = new Map<string, number>();
    for (const r of assigned) perAgent.set(r.assigneeId!, (perAgent.get(r.assigneeId!) ?? 0) + 1);
    expect([...perAgent.values()]).toEqual([8, 8, 8, 8, 8]);
    // Exactly one "agent joined" notice and one assignment per conversation: nobody assigned twice.
    for (const id of ids) {
      const joined = (await listMessages(t.db, a.tenantId, id)).filter((m) => /joined the conversation/.test(m.content));
      expect(joined.length).toBe(rows.find((r) => r.id === id)!.status === "ASSIGNED" ? 1 : 0);
    }
  });

  it("refuses another tenant's conversations, and agents' team admin", async () => {
    const a = await tenantWithBot(t.db, "Iso A");
    const b = await tenantWithBot(t.db, "Iso B");
    const id = await newConversation(t.db, a.tenantId, a.botId);
    await escalateConversation(t.db, { tenantId: a.tenantId, conversationId: id }, { reason: "visitor_asked" });
    const calls = [
      b.caller.inbox.get({ id }),
      b.caller.inbox.claim({ id }),
      b.caller.inbox.reply({ id, text: "x", clientMessageId: "cross-0001" }),
      b.caller.inbox.note({ id, text: "x", clientMessageId: "cross-0002" }),
      b.caller.inbox.transfer({ id, agentId: b.userId }),
      b.caller.inbox.resolve({ id }),
      b.caller.inbox.handBack({ id }),
      b.caller.inbox.typing({ id }),
    ];
    for (const call of calls) await expectCode(call, "NOT_FOUND");
    // Transferring to another tenant's agent or team is refused too.
    const agentA = await memberOfTenant(t.db, a.tenantId, "AGENT");
    await agentA.caller.inbox.claim({ id });
    const teamB = await b.caller.team.create({ name: "Theirs" });
    await expectCode(agentA.caller.inbox.transfer({ id, agentId: b.userId }), "NOT_FOUND");
    await expectCode(agentA.caller.inbox.transfer({ id, teamId: teamB.id }), "NOT_FOUND");
    expect(await b.caller.inbox.counts({})).toMatchObject({ all: 0 });
    const reply = await b.caller.inbox.cannedReplies.create({ title: "Hi", content: "Hello!" });
    await expectCode(a.caller.inbox.cannedReplies.delete({ id: reply.id }), "NOT_FOUND");
    await expectCode(agentA.caller.inbox.cannedReplies.create({ title: "x", content: "y" }), "FORBIDDEN");
  });
});

describe("idle agents", () => {
  it("hands a conversation back to the bot after the bot's idle time without agent activity", async () => {
    const a = await tenantWithBot(t.db, "Idle");
    await t.db.bot.updateMany({ where: { id: a.botId }, data: { agentIdleMinutes: 10 } });
    const agent = await memberOfTenant(t.db, a.tenantId, "AGENT");
    await agent.caller.member.setPresence({ presence: "ONLINE" });
    const quiet = await newConversation(t.db, a.tenantId, a.botId);
    const busy = await newConversation(t.db, a.tenantId, a.botId);
    const start = new Date(Date.now() - 30 * 60_000);
    await escalateConversation(t.db, { tenantId: a.tenantId, conversationId: quiet }, { reason: "visitor_asked" }, start);
    await escalateConversation(t.db, { tenantId: a.tenantId, conversationId: busy }, { reason: "visitor_asked" }, start);
    await agent.caller.inbox.reply({ id: busy, text: "Still here", clientMessageId: "idle-reply-1" }); // activity now

    expect(await handBackIdleConversations(t.db, new Date(start.getTime() + 5 * 60_000))).toBe(0);
    expect(await handBackIdleConversations(t.db, new Date())).toBe(1);
    const rows = await t.db.conversation.findMany({ where: { id: { in: [quiet, busy] } }, select: { id: true, status: true } });
    expect(rows.find((r) => r.id === quiet)?.status).toBe("BOT");
    expect(rows.find((r) => r.id === busy)?.status).toBe("ASSIGNED");
    expect((await listMessages(t.db, a.tenantId, quiet)).at(-1)?.content).toMatch(/back with the AI assistant/);
  });
});
