import type { Db } from "@kefu/db";
import { describe, expect, it } from "vitest";
import { collect, expectCode, memberOfTenant, ownerOfNewTenant, useTestDb, visitorCaller } from "../testing/index.ts";

const t = useTestDb();

async function botWithRules(db: Db, name: string, language: "en" | "zh") {
  const owner = await ownerOfNewTenant(db, name);
  const bot = await owner.caller.bot.create({ name, greeting: "Hi", instructions: "", language, brandColor: "#2563eb" });
  await owner.caller.knowledge.addFaq({
    botId: bot.id,
    question: language === "zh" ? "怎么退货？" : "How do I return an item?",
    alternatives: [],
    answer: language === "zh" ? "在订单页面点击“退货”，7 天内有效。" : "Open the order page and click Return within 30 days.",
  });
  await owner.caller.rule.installDefaults({ botId: bot.id });
  const visitor = visitorCaller(db);
  const session = await visitor.chat.start({ botId: bot.publicId });
  const send = async (text: string) =>
    collect(await visitor.chat.send({ botId: bot.publicId, visitorToken: session.visitorToken, text, clientMessageId: `m${crypto.randomUUID().slice(0, 12)}` }));
  return { owner, bot, visitor, session, send };
}

describe("handoff from the widget", () => {
  it("hands a Chinese request for a human to an online agent, keeps the bot silent, and resumes after resolve", async () => {
    const { owner, bot, visitor, session, send } = await botWithRules(t.db, "Handoff", "zh");
    const agent = await memberOfTenant(t.db, owner.tenantId, "AGENT", "小王");
    await agent.caller.member.setPresence({ presence: "ONLINE" });

    const events = await send("我要转人工");
    expect(events.map((e) => e.type)).not.toContain("bot_message");
    const notices = events.flatMap((e) => (e.type === "system_message" ? [e.message.content] : []));
    expect(notices.join("\n")).toMatch(/转接人工客服/);
    expect(notices.join("\n")).toMatch(/小王 已加入对话/);
    expect(events.at(-1)).toEqual({ type: "handoff", status: "ASSIGNED" });

    const [item] = await agent.caller.inbox.list({ view: "mine" });
    expect(item).toMatchObject({ escalationReason: "visitor_asked" });
    const conversation = await agent.caller.inbox.get({ id: item!.id });
    expect(conversation.rule?.name).toBe("访客要求转人工");

    // While the agent owns it, the bot says nothing: enforced on the server.
    const during = await send("怎么退货？");
    expect(during.map((e) => e.type)).toEqual(["visitor_message", "handoff"]);
    await agent.caller.inbox.reply({ id: item!.id, text: "您好，我来帮您处理退货。", clientMessageId: "agent-000001" });
    const history = await visitor.chat.history({ botId: bot.publicId, visitorToken: session.visitorToken });
    expect(history.filter((m) => m.role === "AGENT").map((m) => m.content)).toEqual(["您好，我来帮您处理退货。"]);
    expect(history.filter((m) => m.role === "BOT")).toHaveLength(0);

    await agent.caller.inbox.resolve({ id: item!.id });
    await visitor.chat.rate({ botId: bot.publicId, visitorToken: session.visitorToken, rating: 5 });
    expect((await agent.caller.inbox.get({ id: item!.id })).rating).toBe(5);
    // A new message after resolve starts fresh with the bot.
    const after = await send("怎么退货？");
    expect(after.find((e) => e.type === "bot_message")).toMatchObject({ message: { content: expect.stringContaining("退货") } });
  });

  it("hands off after three turns the bot could not answer", async () => {
    const { owner, send } = await botWithRules(t.db, "Streak", "en");
    const agent = await memberOfTenant(t.db, owner.tenantId, "AGENT");
    await agent.caller.member.setPresence({ presence: "ONLINE" });
    for (const question of ["What is the airspeed of a swallow?", "Do you sell spaceships?"]) {
      const events = await send(question);
      expect(events.some((e) => e.type === "handoff")).toBe(false);
    }
    const third = await send("Can I pay with seashells?");
    // The bot says it doesn't know (or is not sure, offering the nearest entries), then the person is brought in.
    expect(third.find((e) => e.type === "bot_message")).toMatchObject({ message: { content: expect.stringMatching(/don't know|not sure/) } });
    expect(third.at(-1)).toEqual({ type: "handoff", status: "ASSIGNED" });
    const [item] = await agent.caller.inbox.list({ view: "mine" });
    expect(item).toMatchObject({ escalationReason: "repeated_failure", tags: ["missing-knowledge"] });
  });

  it("asks for a message when nobody is online, and the message lands in the inbox", async () => {
    const { owner, bot, visitor, session, send } = await botWithRules(t.db, "Offline", "en");
    const events = await send("I want to talk to a person");
    expect(events.flatMap((e) => (e.type === "system_message" ? [e.message.content] : [])).join(" ")).toMatch(/offline/);
    await expectCode(visitor.chat.leaveContact({ botId: bot.publicId, visitorToken: session.visitorToken, email: "nope", message: "x" }), "BAD_REQUEST");
    await visitor.chat.leaveContact({ botId: bot.publicId, visitorToken: session.visitorToken, email: "li@example.com", message: "Please call me back" });
    const [item] = await owner.caller.inbox.list({ view: "unassigned" });
    const conversation = await owner.caller.inbox.get({ id: item!.id });
    expect(conversation.contactEmail).toBe("li@example.com");
    expect(conversation.messages.map((m) => m.content).join("\n")).toMatch(/Please call me back/);
    const history = await visitor.chat.history({ botId: bot.publicId, visitorToken: session.visitorToken });
    expect(history.at(-1)?.content).toMatch(/li@example.com/);
  });

  it("offers the human button only when the bot allows handoff", async () => {
    const { owner, bot, visitor, session } = await botWithRules(t.db, "Button", "en");
    const start = await visitor.chat.start({ botId: bot.publicId, visitorToken: session.visitorToken });
    expect(start).toMatchObject({ allowHandoff: true, status: "BOT" });
    const agent = await memberOfTenant(t.db, owner.tenantId, "AGENT");
    await agent.caller.member.setPresence({ presence: "ONLINE" });
    expect(await visitor.chat.requestHuman({ botId: bot.publicId, visitorToken: session.visitorToken })).toMatchObject({ status: "ASSIGNED" });
    expect(await t.db.conversation.count({ where: { tenantId: owner.tenantId, status: "ASSIGNED" } })).toBe(1);

    await t.db.bot.updateMany({ where: { id: bot.id }, data: { allowHandoff: false } });
    const other = visitorCaller(t.db);
    const otherSession = await other.chat.start({ botId: bot.publicId });
    await expectCode(other.chat.requestHuman({ botId: bot.publicId, visitorToken: otherSession.visitorToken }), "FORBIDDEN");
    const events = await collect(
      await other.chat.send({ botId: bot.publicId, visitorToken: otherSession.visitorToken, text: "talk to a human", clientMessageId: "nohandoff-1" }),
    );
    expect(events.some((e) => e.type === "handoff")).toBe(false);
    expect(events.some((e) => e.type === "bot_message")).toBe(true);
  });

  it("replays a resent message without answering twice, even while an agent has the conversation", async () => {
    const { owner, bot, visitor, session } = await botWithRules(t.db, "Resend", "en");
    const agent = await memberOfTenant(t.db, owner.tenantId, "AGENT");
    await agent.caller.member.setPresence({ presence: "ONLINE" });
    await collect(await visitor.chat.send({ botId: bot.publicId, visitorToken: session.visitorToken, text: "talk to a human please", clientMessageId: "resend-01" }));
    const input = { botId: bot.publicId, visitorToken: session.visitorToken, text: "my order is late", clientMessageId: "resend-02" };
    await collect(await visitor.chat.send(input));
    const again = await collect(await visitor.chat.send(input));
    expect(again[0]).toMatchObject({ type: "visitor_message", message: { content: "my order is late" } });
    const history = await visitor.chat.history({ botId: bot.publicId, visitorToken: session.visitorToken });
    expect(history.filter((m) => m.content === "my order is late")).toHaveLength(1);
  });
});

describe("visitor attributes from the host site", () => {
  it("stores what the page passes and lets an attribute rule hand VIPs to a person", async () => {
    const owner = await ownerOfNewTenant(t.db, "Attributes");
    const bot = await owner.caller.bot.create({ name: "Attr", greeting: "Hi", instructions: "", language: "en", brandColor: "#2563eb" });
    await owner.caller.knowledge.addFaq({ botId: bot.id, question: "How do I reset my password?", alternatives: [], answer: "Use the reset link." });
    await owner.caller.rule.create({
      botId: bot.id,
      name: "VIPs talk to people",
      enabled: true,
      continue: false,
      conditions: { all: [{ kind: "attribute", key: "plan", op: "eq", value: "vip" }] },
      actions: [{ kind: "handoff" }, { kind: "set_priority", priority: "high" }],
    });
    const visitor = visitorCaller(t.db);
    await expectCode(visitor.chat.start({ botId: bot.publicId, attributes: { "bad key!": 1 } }), "BAD_REQUEST");
    const session = await visitor.chat.start({ botId: bot.publicId, attributes: { plan: "vip", lifetime_value: 1200 } });
    const events = await collect(
      await visitor.chat.send({ botId: bot.publicId, visitorToken: session.visitorToken, text: "How do I reset my password?", clientMessageId: "vip-000001" }),
    );
    // The bot still answers what it knows; the VIP is then queued for a person, with priority.
    expect(events.some((e) => e.type === "bot_message")).toBe(true);
    expect(events.at(-1)).toEqual({ type: "handoff", status: "QUEUED" });
    const [item] = await owner.caller.inbox.list({ view: "unassigned" });
    const conversation = await owner.caller.inbox.get({ id: item!.id });
    expect(conversation).toMatchObject({ priority: "high", escalationReason: "attribute", visitor: { attributes: { plan: "vip", lifetime_value: 1200 } } });
  });
});

describe("handoff settings", () => {
  it("turns the human button off and sets the idle hand-back, for the tenant's own bots only", async () => {
    const a = await ownerOfNewTenant(t.db, "Settings A");
    const b = await ownerOfNewTenant(t.db, "Settings B");
    const bot = await a.caller.bot.create({ name: "Set", greeting: "Hi", instructions: "", language: "en", brandColor: "#2563eb" });
    expect(await a.caller.bot.get({ id: bot.id })).toMatchObject({ allowHandoff: true, agentIdleMinutes: null });
    await a.caller.bot.updateHandoff({ id: bot.id, allowHandoff: false, agentIdleMinutes: 15 });
    expect(await a.caller.bot.get({ id: bot.id })).toMatchObject({ allowHandoff: false, agentIdleMinutes: 15 });
    const visitor = visitorCaller(t.db);
    expect(await visitor.chat.start({ botId: bot.publicId })).toMatchObject({ allowHandoff: false });
    await expectCode(a.caller.bot.updateHandoff({ id: bot.id, allowHandoff: true, agentIdleMinutes: 0 }), "BAD_REQUEST");
    await expectCode(b.caller.bot.updateHandoff({ id: bot.id, allowHandoff: true, agentIdleMinutes: null }), "NOT_FOUND");
    const agent = await memberOfTenant(t.db, a.tenantId, "AGENT");
    await expectCode(agent.caller.bot.updateHandoff({ id: bot.id, allowHandoff: true, agentIdleMinutes: null }), "FORBIDDEN");
  });
});

describe("a rush through the widget", () => {
  it("50 visitors asking for a person at once: each assigned exactly once or queued, every message stored once", { timeout: 180_000 }, async () => {
    const owner = await ownerOfNewTenant(t.db, "Rush desk");
    const bot = await owner.caller.bot.create({ name: "Rush", greeting: "Hi", instructions: "", language: "en", brandColor: "#2563eb" });
    await owner.caller.rule.installDefaults({ botId: bot.id });
    const agents = await Promise.all(Array.from({ length: 5 }, (_, i) => memberOfTenant(t.db, owner.tenantId, "AGENT", `Rusher${i}`)));
    for (const agent of agents) {
      await agent.caller.member.setPresence({ presence: "ONLINE" });
      await owner.caller.member.update({ membershipId: agent.membershipId, maxConcurrent: 8 });
    }
    const visitor = visitorCaller(t.db);
    const sessions = await Promise.all(Array.from({ length: 50 }, () => visitor.chat.start({ botId: bot.publicId })));
    const texts = sessions.map((_, i) => `Please let me talk to a person (${i})`);
    const outcomes = await Promise.all(
      sessions.map(async (s, i) =>
        collect(await visitor.chat.send({ botId: bot.publicId, visitorToken: s.visitorToken, text: texts[i]!, clientMessageId: `rush-${String(i).padStart(4, "0")}` })),
      ),
    );
    // Every visitor is told where they stand, and the bot answered none of them.
    for (const events of outcomes) {
      expect(events.map((e) => e.type)).not.toContain("bot_message");
      expect(events.at(-1)).toMatchObject({ type: "handoff", status: expect.stringMatching(/^(ASSIGNED|QUEUED)$/) });
    }

    const rows = await t.db.conversation.findMany({ where: { tenantId: owner.tenantId }, select: { id: true, status: true, assigneeId: true } });
    expect(rows).toHaveLength(50);
    const assigned = rows.filter((r) => r.status === "ASSIGNED");
    expect(assigned).toHaveLength(40); // 5 agents × 8
    expect(rows.filter((r) => r.status === "QUEUED")).toHaveLength(10);
    for (const agent of agents) expect(await agent.caller.inbox.list({ view: "mine" })).toHaveLength(8);

    // No message lost or stored twice; one "joined" notice per assigned conversation, none for queued ones.
    const messages = await t.db.message.findMany({ where: { tenantId: owner.tenantId }, select: { role: true, content: true, conversationId: true } });
    expect(messages.filter((m) => m.role === "VISITOR").map((m) => m.content).sort()).toEqual([...texts].sort());
    for (const row of rows) {
      const joined = messages.filter((m) => m.conversationId === row.id && /joined the conversation/.test(m.content));
      expect(joined).toHaveLength(row.status === "ASSIGNED" ? 1 : 0);
    }
  });
});
