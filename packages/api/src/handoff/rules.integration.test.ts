import { describe, expect, it } from "vitest";
import { drainIngestion } from "../knowledge/index.ts";
import { expectCode, memberOfTenant, ownerOfNewTenant, useTestDb } from "../testing/index.ts";

const t = useTestDb();

const handoff = [{ kind: "handoff" as const }];
const asksHuman = { all: [{ kind: "visitor_asks_human" as const }] };
const week = { sun: [], mon: [], tue: [], wed: [], thu: [], fri: [], sat: [] };

async function tenantWithBot(name: string, language: "en" | "zh" = "en") {
  const owner = await ownerOfNewTenant(t.db, name);
  const bot = await owner.caller.bot.create({ name: `${name} bot`, greeting: "Hi", instructions: "", language, brandColor: "#0f766e" });
  // These tests build their own rule lists: start from none (new bots come with the defaults).
  await t.db.escalationRule.deleteMany({ where: { tenantId: owner.tenantId, botId: bot.id } });
  return { ...owner, bot };
}

describe("default rules", () => {
  it("gives a new bot the default handoff rules, in its language", async () => {
    const owner = await ownerOfNewTenant(t.db, "Defaults on create");
    const bot = await owner.caller.bot.create({ name: "新机器人", greeting: "你好", instructions: "", language: "zh", brandColor: "#0f766e" });
    const rules = await owner.caller.rule.list({ botId: bot.id });
    expect(rules.map((r) => r.name)).toEqual(["非工作时间：请访客留言", "访客要求转人工", "连续 3 次未能回答"]);
  });
});

describe("rules CRUD and ordering", () => {
  it("creates, lists in order, updates, switches, reorders and deletes", async () => {
    const { caller, bot } = await tenantWithBot("Rules");
    const team = await caller.team.create({ name: "Billing" });
    const a = await caller.rule.create({ botId: bot.id, name: "Asks human", conditions: asksHuman, actions: [{ kind: "handoff", teamId: team.id }] });
    const b = await caller.rule.create({
      botId: bot.id,
      name: "Refund",
      continue: true,
      conditions: { any: [{ kind: "keyword", any: ["refund", "退款"] }, { kind: "regex", pattern: "money\\s+back" }] },
      actions: [{ kind: "add_tags", tags: ["refund"] }, { kind: "set_priority", priority: "high" }],
    });
    expect(a).toMatchObject({ order: 0, enabled: true, continue: false, valid: true });
    expect(b).toMatchObject({ order: 1, continue: true, conditions: { any: [{ kind: "keyword" }, { kind: "regex", flags: "i" }] } });
    expect((await caller.rule.list({ botId: bot.id })).map((r) => r.name)).toEqual(["Asks human", "Refund"]);

    const reordered = await caller.rule.reorder({ botId: bot.id, ids: [b.id, a.id] });
    expect(reordered.map((r) => [r.name, r.order])).toEqual([["Refund", 0], ["Asks human", 1]]);
    // A stale list (missing a rule) is refused and changes nothing.
    await expectCode(caller.rule.reorder({ botId: bot.id, ids: [a.id] }), "CONFLICT");
    expect((await caller.rule.list({ botId: bot.id })).map((r) => r.name)).toEqual(["Refund", "Asks human"]);

    expect(await caller.rule.setEnabled({ id: a.id, enabled: false })).toMatchObject({ enabled: false });
    const updated = await caller.rule.update({ id: a.id, name: "Human please", enabled: true, conditions: asksHuman, actions: handoff });
    expect(updated).toMatchObject({ name: "Human please", enabled: true, order: 1, actions: handoff });
    await caller.rule.delete({ id: b.id });
    expect((await caller.rule.list({ botId: bot.id })).map((r) => r.id)).toEqual([a.id]);
    await expectCode(caller.rule.delete({ id: b.id }), "NOT_FOUND");
  });

  it("refuses invalid conditions with field errors, and references to other tenants' teams and agents", async () => {
    const { caller, bot } = await tenantWithBot("Validation");
    const other = await tenantWithBot("Other");
    const foreignTeam = await other.caller.team.create({ name: "Theirs" });
    const badRegex = await expectCode(
      caller.rule.create({ botId: bot.id, name: "Bad", conditions: { all: [{ any: [{ kind: "regex", pattern: "(a+)+" }] }] }, actions: handoff }),
      "BAD_REQUEST",
    );
    const fieldErrors = (badRegex.cause as { issues?: { path: (string | number)[]; message: string }[] }).issues ?? [];
    expect(fieldErrors.map((i) => i.path.join("."))).toContain("conditions.all.0.any.0.pattern");
    await expectCode(caller.rule.create({ botId: bot.id, name: "No actions", conditions: asksHuman, actions: [] }), "BAD_REQUEST");
    await expectCode(
      caller.rule.create({ botId: bot.id, name: "Attr", conditions: { all: [{ kind: "attribute", key: "plan", op: "eq" }] }, actions: handoff }),
      "BAD_REQUEST",
    );
    await expectCode(
      caller.rule.create({ botId: bot.id, name: "Foreign team", conditions: asksHuman, actions: [{ kind: "handoff", teamId: foreignTeam.id }] }),
      "NOT_FOUND",
    );
    await expectCode(
      caller.rule.create({ botId: bot.id, name: "Foreign agent", conditions: asksHuman, actions: [{ kind: "assign_agent", agentId: other.userId }] }),
      "NOT_FOUND",
    );
    await expectCode(
      caller.rule.create({ botId: bot.id, name: "Foreign kb", conditions: { all: [{ kind: "topic", knowledgeBaseIds: ["nope"] }] }, actions: handoff }),
      "NOT_FOUND",
    );
    const own = await caller.rule.create({ botId: bot.id, name: "Mine", conditions: asksHuman, actions: [{ kind: "assign_agent", agentId: (await caller.account.me()).user.id }] });
    expect(own.actions).toEqual([{ kind: "assign_agent", agentId: expect.any(String) }]);
    expect(await caller.rule.list({ botId: bot.id })).toHaveLength(1);
  });

  it("installs the default rules once, in the bot's language", async () => {
    const { caller, bot } = await tenantWithBot("Defaults", "zh");
    const rules = await caller.rule.installDefaults({ botId: bot.id });
    expect(rules.map((r) => r.name)).toEqual(["非工作时间：请访客留言", "访客要求转人工", "连续 3 次未能回答"]);
    expect(rules.map((r) => r.order)).toEqual([0, 1, 2]);
    expect(await caller.rule.installDefaults({ botId: bot.id })).toHaveLength(3);
    const decision = (await caller.rule.test({ botId: bot.id, message: "我要转人工", confidence: 0.9 })).decision;
    expect(decision).toMatchObject({ escalate: true, reason: "visitor_asked", matched: [{ name: "访客要求转人工" }] });
  });
});

describe("rule tester", () => {
  it("runs the bot's real retrieval when no confidence is given", async () => {
    const { caller, bot } = await tenantWithBot("Tester");
    await caller.knowledge.addFaq({ botId: bot.id, question: "How long does shipping take?", alternatives: ["delivery time"], answer: "Orders arrive within 3 to 5 business days." });
    await drainIngestion(t.db);
    await caller.rule.create({ botId: bot.id, name: "Low confidence", conditions: { all: [{ kind: "confidence_below", threshold: 0.3 }] }, actions: handoff });

    const known = await caller.rule.test({ botId: bot.id, message: "How long does shipping take?" });
    expect(known.retrieval).toMatchObject({ decision: "answer", topSource: "How long does shipping take?" });
    expect(known.state.confidence).toBeGreaterThan(0.3);
    expect(known.decision).toMatchObject({ escalate: false, matched: [] });
    expect(known.decision.trace[0]).toMatchObject({ status: "not_matched", explanations: [{ code: "confidence_not_below" }] });

    const unknown = await caller.rule.test({ botId: bot.id, message: "Do you sell quantum refrigerators on Mars?" });
    expect(unknown.retrieval?.decision).not.toBe("answer");
    expect(unknown.state).toMatchObject({ answered: false, consecutiveUnanswered: 1 });
    expect(unknown.decision).toMatchObject({ escalate: true, reason: "low_confidence", matched: [{ name: "Low confidence" }] });
    expect(unknown.decision.matched[0]!.explanations[0]!.code).toBe("confidence_below");
  });

  it("uses attributes and a time outside the tenant's business hours", async () => {
    const { caller, bot } = await tenantWithBot("Hours");
    await caller.tenantSettings.updateHours({ enabled: true, timeZone: "Asia/Shanghai", weekly: { ...week, mon: ["09:00-18:00"] }, holidays: [] });
    await caller.rule.create({
      botId: bot.id,
      name: "VIP after hours",
      conditions: { all: [{ kind: "outside_business_hours" }, { kind: "attribute", key: "plan", op: "eq", value: "vip" }] },
      actions: [{ kind: "handoff" }, { kind: "set_priority", priority: "urgent" }],
    });
    // Monday 2026-06-01 20:00 in Shanghai is 12:00 UTC: closed; 10:00 there is open.
    const evening = await caller.rule.test({ botId: bot.id, message: "hello", confidence: 0.9, attributes: { plan: "VIP" }, at: "2026-06-01T12:00:00Z" });
    expect(evening.state).toMatchObject({ openNow: false, timeZone: "Asia/Shanghai", agentsOnline: false });
    expect(evening.decision).toMatchObject({ escalate: true, reason: "attribute", offline: true });
    expect(evening.decision.actions.map((a) => a.kind)).toEqual(["handoff", "set_priority", "collect_contact"]);
    expect(evening.decision.trace[0]!.explanations.map((e) => e.code)).toEqual(["hours_closed_next", "attribute"]);

    const morning = await caller.rule.test({ botId: bot.id, message: "hello", confidence: 0.9, attributes: { plan: "vip" }, at: "2026-06-01T02:00:00Z" });
    expect(morning.decision.escalate).toBe(false);
    expect(morning.decision.trace[0]!.why[0]).toMatch(/Within business hours/);
    const free = await caller.rule.test({ botId: bot.id, message: "hello", confidence: 0.9, attributes: { plan: "free" }, at: "2026-06-01T12:00:00Z" });
    expect(free.decision.escalate).toBe(false);
    await expectCode(caller.rule.test({ botId: bot.id, message: "hello", at: "evening" }), "BAD_REQUEST");
  });

  it("can evaluate in the state of a real conversation", async () => {
    const { caller, bot, tenantId } = await tenantWithBot("Real");
    await caller.rule.create({ botId: bot.id, name: "Long", conditions: { all: [{ kind: "conversation_length", minMessages: 3 }] }, actions: handoff });
    const visitor = await t.db.visitor.create({ data: { tenantId, botId: bot.id, tokenHash: `h-${crypto.randomUUID()}`, attributes: { plan: "pro" } } });
    const conversation = await t.db.conversation.create({ data: { tenantId, botId: bot.id, visitorId: visitor.id } });
    for (const [role, content] of [["VISITOR", "hi"], ["BOT", "hello"]] as const) {
      await t.db.message.create({ data: { tenantId, conversationId: conversation.id, role, content } });
    }
    const result = await caller.rule.test({ botId: bot.id, message: "still there?", confidence: 0.9, conversationId: conversation.id });
    expect(result.state).toMatchObject({ messageCount: 3, attributes: { plan: "pro" } });
    expect(result.decision.matched.map((m) => m.name)).toEqual(["Long"]);
  });
});

describe("business hours settings", () => {
  it("stores the schedule in the tenant's zone and lets admins but not agents change it", async () => {
    const { caller, tenantId } = await tenantWithBot("Settings");
    expect(await caller.tenantSettings.get()).toMatchObject({ timeZone: "UTC", enabled: false, openNow: true, holidays: [] });
    const saved = await caller.tenantSettings.updateHours({
      enabled: true,
      timeZone: "America/New_York",
      weekly: { ...week, mon: ["09:00-17:00"], fri: ["22:00-02:00"] },
      holidays: ["2026-12-25", "2026-07-03", "2026-12-25"],
    });
    expect(saved).toMatchObject({ timeZone: "America/New_York", enabled: true, holidays: ["2026-07-03", "2026-12-25"], weekly: { fri: ["22:00-02:00"] } });
    const admin = await memberOfTenant(t.db, tenantId, "ADMIN");
    expect(await admin.caller.tenantSettings.updateHours({ ...saved, enabled: false })).toMatchObject({ enabled: false, timeZone: "America/New_York" });
    const agent = await memberOfTenant(t.db, tenantId, "AGENT");
    expect(await agent.caller.tenantSettings.get()).toMatchObject({ enabled: false });
    await expectCode(agent.caller.tenantSettings.updateHours({ ...saved, enabled: true }), "FORBIDDEN");
    const bad = await expectCode(caller.tenantSettings.updateHours({ ...saved, timeZone: "Mars/Olympus", weekly: { ...week, tue: ["9-5"] } }), "BAD_REQUEST");
    expect(bad.message).toBeTruthy();
    expect((await caller.tenantSettings.get()).timeZone).toBe("America/New_York");
  });
});

describe("isolation and permissions", () => {
  it("gives another tenant NOT_FOUND for every rule procedure, and agents FORBIDDEN on writes", async () => {
    const a = await tenantWithBot("Iso A");
    const b = await tenantWithBot("Iso B");
    const rule = await a.caller.rule.create({ botId: a.bot.id, name: "A's rule", conditions: asksHuman, actions: handoff });
    const fields = { name: "x", conditions: asksHuman, actions: handoff };
    await expectCode(b.caller.rule.list({ botId: a.bot.id }), "NOT_FOUND");
    await expectCode(b.caller.rule.create({ botId: a.bot.id, ...fields }), "NOT_FOUND");
    await expectCode(b.caller.rule.update({ id: rule.id, ...fields }), "NOT_FOUND");
    await expectCode(b.caller.rule.setEnabled({ id: rule.id, enabled: false }), "NOT_FOUND");
    await expectCode(b.caller.rule.delete({ id: rule.id }), "NOT_FOUND");
    await expectCode(b.caller.rule.reorder({ botId: a.bot.id, ids: [rule.id] }), "NOT_FOUND");
    const ruleB = await b.caller.rule.create({ botId: b.bot.id, ...fields });
    await expectCode(b.caller.rule.reorder({ botId: b.bot.id, ids: [ruleB.id, rule.id] }), "NOT_FOUND");
    await expectCode(b.caller.rule.installDefaults({ botId: a.bot.id }), "NOT_FOUND");
    await expectCode(b.caller.rule.test({ botId: a.bot.id, message: "hi", confidence: 1 }), "NOT_FOUND");
    const visitor = await t.db.visitor.create({ data: { tenantId: a.tenantId, botId: a.bot.id, tokenHash: `h-${crypto.randomUUID()}` } });
    const conversation = await t.db.conversation.create({ data: { tenantId: a.tenantId, botId: a.bot.id, visitorId: visitor.id } });
    await expectCode(b.caller.rule.test({ botId: b.bot.id, message: "hi", confidence: 1, conversationId: conversation.id }), "NOT_FOUND");
    // B's settings are B's own: A's hours do not leak, and B's update does not touch A.
    await a.caller.tenantSettings.updateHours({ enabled: true, timeZone: "Asia/Tokyo", weekly: { ...week, mon: ["09:00-18:00"] }, holidays: [] });
    expect(await b.caller.tenantSettings.get()).toMatchObject({ timeZone: "UTC", enabled: false });
    expect((await a.caller.rule.list({ botId: a.bot.id })).map((r) => [r.name, r.enabled])).toEqual([["A's rule", true]]);

    const agent = await memberOfTenant(t.db, a.tenantId, "AGENT");
    expect(await agent.caller.rule.list({ botId: a.bot.id })).toHaveLength(1);
    expect((await agent.caller.rule.test({ botId: a.bot.id, message: "talk to a person", confidence: 1 })).decision.escalate).toBe(true);
    await expectCode(agent.caller.rule.create({ botId: a.bot.id, ...fields }), "FORBIDDEN");
    await expectCode(agent.caller.rule.update({ id: rule.id, ...fields }), "FORBIDDEN");
    await expectCode(agent.caller.rule.setEnabled({ id: rule.id, enabled: false }), "FORBIDDEN");
    await expectCode(agent.caller.rule.delete({ id: rule.id }), "FORBIDDEN");
    await expectCode(agent.caller.rule.reorder({ botId: a.bot.id, ids: [rule.id] }), "FORBIDDEN");
    await expectCode(agent.caller.rule.installDefaults({ botId: a.bot.id }), "FORBIDDEN");
  });
});

describe("rule tester: picking a real conversation", () => {
  async function conversationWith(tenantId: string, botId: string, lines: [role: "VISITOR" | "BOT" | "AGENT" | "NOTE" | "SYSTEM", content: string][], extra: { attributes?: object; contactEmail?: string; at?: Date } = {}) {
    const visitor = await t.db.visitor.create({ data: { tenantId, botId, tokenHash: `h-${crypto.randomUUID()}`, attributes: extra.attributes ?? {} } });
    const conversation = await t.db.conversation.create({
      data: { tenantId, botId, visitorId: visitor.id, contactEmail: extra.contactEmail, lastMessageAt: extra.at ?? new Date() },
    });
    for (const [role, content] of lines) await t.db.message.create({ data: { tenantId, conversationId: conversation.id, role, content } });
    // Messages do not move lastMessageAt here: set it last so the order is the one asked for.
    if (extra.at) await t.db.conversation.update({ where: { id: conversation.id }, data: { lastMessageAt: extra.at } });
    return conversation.id;
  }

  it("lists the bot's recent conversations newest first, searchable, and tests with the picked one", async () => {
    const { caller, bot, tenantId } = await tenantWithBot("Picker");
    const otherBot = await caller.bot.create({ name: "Other bot", greeting: "Hi", instructions: "", language: "en", brandColor: "#0f766e" });
    const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);
    const older = await conversationWith(tenantId, bot.id, [["VISITOR", "Where is my parcel?"], ["BOT", "It ships in 3 days."]], { at: minutesAgo(30) });
    const newer = await conversationWith(
      tenantId,
      bot.id,
      [["VISITOR", "hello"], ["BOT", "Hi!"], ["VISITOR", "I want a REFUND now"], ["NOTE", "secret parcel note"], ["SYSTEM", "notice"]],
      { at: minutesAgo(5), attributes: { name: "Ann Lee", email: "ann@example.com", plan: "vip" } },
    );
    await conversationWith(tenantId, bot.id, [["BOT", "greeting only"]], { at: minutesAgo(1) }); // nothing to prefill: not listed
    await conversationWith(tenantId, otherBot.id, [["VISITOR", "refund for the other bot"]], { at: minutesAgo(2) });

    const all = await caller.rule.recentConversations({ botId: bot.id });
    expect(all.map((c) => c.id)).toEqual([newer, older]);
    expect(all[0]).toMatchObject({
      status: "BOT",
      visitorName: "Ann Lee",
      visitorEmail: "ann@example.com",
      lastVisitorMessage: "I want a REFUND now",
      messageCount: 3, // visitor, bot and agent messages: notes and notices are not counted
    });
    expect(all[0]!.lastActivityAt.getTime()).toBeGreaterThan(all[1]!.lastActivityAt.getTime());
    expect(all[1]).toMatchObject({ visitorName: null, visitorEmail: null, lastVisitorMessage: "Where is my parcel?", messageCount: 2 });

    // Case-insensitive search over what was said; internal notes are not searched.
    expect((await caller.rule.recentConversations({ botId: bot.id, query: "refund" })).map((c) => c.id)).toEqual([newer]);
    expect((await caller.rule.recentConversations({ botId: bot.id, query: "PARCEL" })).map((c) => c.id)).toEqual([older]);
    expect((await caller.rule.recentConversations({ botId: bot.id, query: "100%" }))).toEqual([]);
    await expectCode(caller.rule.recentConversations({ botId: bot.id, query: "x".repeat(201) }), "BAD_REQUEST");

    // At most 20, newest first.
    for (let i = 0; i < 21; i++) await conversationWith(tenantId, bot.id, [["VISITOR", `bulk ${i}`]], { at: minutesAgo(100 + i) });
    const page = await caller.rule.recentConversations({ botId: bot.id });
    expect(page).toHaveLength(20);
    expect(page.slice(0, 2).map((c) => c.id)).toEqual([newer, older]);

    // The picked conversation's visitor attributes and history feed the engine.
    await caller.rule.create({
      botId: bot.id,
      name: "VIP refund",
      conditions: { all: [{ kind: "attribute", key: "plan", op: "eq", value: "vip" }, { kind: "keyword", any: ["refund"] }] },
      actions: handoff,
    });
    const picked = all[0]!;
    const result = await caller.rule.test({ botId: bot.id, message: picked.lastVisitorMessage!, confidence: 0.9, conversationId: picked.id });
    expect(result.decision.matched.map((m) => m.name)).toEqual(["VIP refund"]);
    expect(result.state).toMatchObject({ attributes: { plan: "vip", name: "Ann Lee" }, messageCount: 4, conversation: { id: newer }, typedAttributes: [] });
    // Typed attributes override the stored ones, and the result says which were typed.
    const typed = await caller.rule.test({ botId: bot.id, message: "refund", confidence: 0.9, conversationId: picked.id, attributes: { plan: "free" } });
    expect(typed.decision.escalate).toBe(false);
    expect(typed.state).toMatchObject({ attributes: { plan: "free" }, typedAttributes: ["plan"] });
    // Another bot's conversation is not this bot's to test with.
    const foreignBotConversation = await caller.rule.recentConversations({ botId: otherBot.id });
    await expectCode(caller.rule.test({ botId: bot.id, message: "hi", confidence: 1, conversationId: foreignBotConversation[0]!.id }), "NOT_FOUND");
  });

  it("refuses another tenant: it can neither list A's conversations nor test with one", async () => {
    const a = await tenantWithBot("Picker A");
    const b = await tenantWithBot("Picker B");
    const secret = await conversationWith(a.tenantId, a.bot.id, [["VISITOR", "A's private question"]]);
    await conversationWith(b.tenantId, b.bot.id, [["VISITOR", "B's own question"]]);

    await expectCode(b.caller.rule.recentConversations({ botId: a.bot.id }), "NOT_FOUND");
    await expectCode(b.caller.rule.recentConversations({ botId: a.bot.id, query: "private" }), "NOT_FOUND");
    const own = await b.caller.rule.recentConversations({ botId: b.bot.id, query: "question" });
    expect(own.map((c) => c.lastVisitorMessage)).toEqual(["B's own question"]);
    expect(JSON.stringify(own)).not.toContain(secret);
    await expectCode(b.caller.rule.test({ botId: b.bot.id, message: "hi", confidence: 1, conversationId: secret }), "NOT_FOUND");
    await expectCode(b.caller.rule.test({ botId: a.bot.id, message: "hi", confidence: 1, conversationId: secret }), "NOT_FOUND");

    // Agents of A may read (bot.read), as with the tester itself.
    const agent = await memberOfTenant(t.db, a.tenantId, "AGENT");
    expect((await agent.caller.rule.recentConversations({ botId: a.bot.id })).map((c) => c.id)).toEqual([secret]);
  });
});
