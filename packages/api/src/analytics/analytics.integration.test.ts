import { chartCsv, CHART_IDS, localToday } from "@kefu/domain";
import { beforeAll, describe, expect, it } from "vitest";
import { drainIngestion } from "../knowledge/index.ts";
import { collect, expectCode, memberOfTenant, ownerOfNewTenant, useTestDb, visitorCaller } from "../testing/index.ts";
import { foldTenant, unsafeFoldAllTenants } from "./rollup.ts";

// The analytics aggregates on a real database, fed by the real chat, hand-off and feedback paths:
// the figures, the charts' tables and their CSV agree; changes fold in incrementally; a time zone
// change rebuilds; agents cannot read the page's figures.
const t = useTestDb();
const ZONE = "Asia/Shanghai";

type Owner = Awaited<ReturnType<typeof ownerOfNewTenant>>;
let owner: Owner;
let bot: { id: string; publicId: string };
let today: string;
const answers: { id: string }[] = [];
const visitors: { visitor: ReturnType<typeof visitorCaller>; auth: { botId: string; visitorToken: string } }[] = [];

async function ask(text: string, auth?: { botId: string; visitorToken: string }) {
  const visitor = visitorCaller(t.db);
  const session = auth ?? { botId: bot.publicId, visitorToken: (await visitor.chat.start({ botId: bot.publicId })).visitorToken };
  const events = await collect(await visitor.chat.send({ ...session, text, clientMessageId: crypto.randomUUID().replace(/-/g, "") }));
  const reply = events.at(-1)!;
  if (reply.type !== "bot_message") throw new Error(`expected a bot reply, got ${reply.type}`);
  return { visitor, auth: session, answer: reply.message };
}

beforeAll(async () => {
  owner = await ownerOfNewTenant(t.db, "Analytics shop");
  await t.db.tenant.update({ where: { id: owner.tenantId }, data: { timeZone: ZONE } });
  bot = await owner.caller.bot.create({ name: "Analytics bot", greeting: "Hi", instructions: "", language: "en", brandColor: "#0f766e" });
  await owner.caller.knowledge.addFaq({ botId: bot.id, question: "How long does shipping take?", alternatives: ["delivery time"], answer: "Orders arrive within 3 to 5 business days." });
  await owner.caller.knowledge.addFaq({ botId: bot.id, question: "Do you ship to Mars?", alternatives: [], answer: "Not yet." });
  await drainIngestion(t.db);
  today = localToday(ZONE);

  // 1. Answered, nobody else involved: AI-resolved.
  const first = await ask("How long does shipping take?");
  answers.push(first.answer);
  visitors.push(first);
  // 2. Answered, then a thumbs-down: deflected but not AI-resolved.
  const second = await ask("delivery time");
  await second.visitor.chat.giveFeedback({ ...second.auth, messageId: second.answer.id, helpful: false, reason: "incomplete" });
  // 3. Answered, then the visitor asks for a person; an agent replies and resolves; rated 4.
  const third = await ask("How long does shipping take?");
  await third.visitor.chat.requestHuman(third.auth);
  const queued = await t.db.conversation.findFirstOrThrow({ where: { tenantId: owner.tenantId, status: "QUEUED" } });
  await owner.caller.inbox.claim({ id: queued.id });
  await owner.caller.inbox.reply({ id: queued.id, text: "Hello, I can help.", clientMessageId: crypto.randomUUID().replace(/-/g, "") });
  await owner.caller.inbox.resolve({ id: queued.id });
  await third.visitor.chat.rate({ ...third.auth, rating: 4 });
});

const query = () => ({ from: today, to: today });

describe("analytics aggregates", () => {
  it("counts the period's conversations, outcomes, hand-offs, CSAT and feedback", async () => {
    const d = await owner.caller.analytics.dashboard(query());
    expect(d.timeZone).toBe(ZONE);
    expect(d.complete).toBe(true);
    expect(d.totals).toMatchObject({
      conversations: 3,
      involved: 3,
      deflected: 2,
      escalated: 1,
      aiResolved: 1,
      aiResolutionRate: 33.3,
      involvementRate: 100,
      deflectionRate: 66.7,
      escalationRate: 33.3,
      csatAverage: 4,
      csatCount: 1,
      feedbackHelpful: 0,
      feedbackNotHelpful: 1,
      feedbackHelpfulRate: 0,
    });
    expect(d.charts.volume.rows).toEqual([[today, 3, 3, 3, 1]]);
    expect(d.charts.escalationReasons.rows).toEqual([["visitor_asked", 1]]);
    expect(d.charts.csat.rows.map((r) => r[1])).toEqual([0, 0, 0, 1, 0]);
    const [firstResponse, resolution, queueWait] = d.charts.humanTimes.rows;
    expect([firstResponse![1], resolution![1], queueWait![1]]).toEqual([1, 1, 1]);
    // Answer latency day by day: today's three answers, with a median and p90; the period's in the totals.
    expect(d.charts.answerLatency.rows).toEqual([[today, 3, expect.any(Number), expect.any(Number)]]);
    expect(d.totals.answerLatencyP90).toBe(d.charts.answerLatency.rows[0]![3]);
    const heat = d.charts.heatmap.rows.reduce((sum, row) => sum + row.slice(1).reduce<number>((a, b) => a + Number(b), 0), 0);
    expect(heat).toBe(3);
    // The same figures for this bot alone; another range has none.
    expect((await owner.caller.analytics.dashboard({ ...query(), botId: bot.id })).totals.conversations).toBe(3);
    expect((await owner.caller.analytics.dashboard({ from: "2020-01-01", to: "2020-01-31" })).totals.conversations).toBe(0);
  });

  it("every chart's CSV is its table", async () => {
    const d = await owner.caller.analytics.dashboard(query());
    for (const chart of CHART_IDS) {
      const { csv, filename } = await owner.caller.analytics.csv({ ...query(), chart });
      expect(csv).toBe(chartCsv(d.charts[chart]));
      expect(filename).toBe(`kefu-${chart}-${today}-${today}.csv`);
    }
    const knowledge = await owner.caller.analytics.knowledge(query());
    expect(knowledge.cited.rows).toEqual([["How long does shipping take?", "FAQ", 3]]);
    expect(knowledge.neverCited.rows).toEqual([["Do you ship to Mars?", "FAQ"]]);
    expect((await owner.caller.analytics.csv({ ...query(), chart: "cited" })).csv).toBe(chartCsv(knowledge.cited));
    const questions = await owner.caller.analytics.questions(query());
    // Counted in the rollup per text and day; "last asked" is the workspace's day.
    expect(questions.rows[0]).toEqual(["How long does shipping take?", 2, today]);
    expect(await owner.caller.analytics.questions({ ...query(), botId: bot.id })).toEqual(questions);
    expect((await owner.caller.analytics.questions({ from: "2020-01-01", to: "2020-01-31" })).rows).toEqual([]);
    expect(questions.rows.reduce((sum, row) => sum + Number(row[1]), 0)).toBe(3);
    expect((await owner.caller.analytics.csv({ ...query(), chart: "questions" })).csv).toBe(chartCsv(questions));
  });

  it("folds later changes in: a changed vote and a reopened, re-escalated conversation", async () => {
    const first = visitors[0]!;
    await first.visitor.chat.giveFeedback({ ...first.auth, messageId: answers[0]!.id, helpful: false, reason: "wrong" });
    let d = await owner.caller.analytics.dashboard(query());
    expect(d.totals).toMatchObject({ aiResolved: 0, feedbackNotHelpful: 2 });
    await first.visitor.chat.giveFeedback({ ...first.auth, messageId: answers[0]!.id, helpful: true });
    // Escalates the same conversation: it moves from deflected to escalated.
    await first.visitor.chat.requestHuman(first.auth);
    d = await owner.caller.analytics.dashboard(query());
    expect(d.totals).toMatchObject({ conversations: 3, aiResolved: 0, escalated: 2, deflected: 1, feedbackHelpful: 1, feedbackNotHelpful: 1 });
    expect(d.charts.escalationReasons.rows).toEqual([["visitor_asked", 2]]);
    // Folding again changes nothing: shares are recomputed, not added twice.
    await foldTenant(t.db, owner.tenantId);
    expect((await owner.caller.analytics.dashboard(query())).totals).toEqual(d.totals);
    // Folds racing over the same new change apply it once (the cursor check drops the loser's work).
    await first.visitor.chat.giveFeedback({ ...first.auth, messageId: answers[0]!.id, helpful: false });
    await Promise.all([foldTenant(t.db, owner.tenantId), foldTenant(t.db, owner.tenantId), owner.caller.analytics.dashboard(query())]);
    const raced = await owner.caller.analytics.dashboard(query());
    expect(raced.totals).toMatchObject({ feedbackHelpful: 0, feedbackNotHelpful: 2, escalated: 2 });
  });

  it("a time zone change rebuilds the rollup in the new zone with the same totals", async () => {
    const before = await owner.caller.analytics.dashboard({ from: "2020-01-01", to: "2030-12-31".slice(0, 10) }).catch(() => null);
    expect(before).toBeNull(); // more than a year is refused
    const wide = { from: localToday(ZONE, new Date(Date.now() - 86_400_000)), to: localToday(ZONE, new Date(Date.now() + 86_400_000)) };
    const inShanghai = await owner.caller.analytics.dashboard(wide);
    await t.db.tenant.update({ where: { id: owner.tenantId }, data: { timeZone: "America/New_York" } });
    const inNewYork = await owner.caller.analytics.dashboard(wide);
    expect(inNewYork.timeZone).toBe("America/New_York");
    expect(inNewYork.totals).toEqual(inShanghai.totals);
    await t.db.tenant.update({ where: { id: owner.tenantId }, data: { timeZone: ZONE } });
  });

  it("agents cannot read the figures; an admin can; another tenant's bot is not found", async () => {
    const agent = await memberOfTenant(t.db, owner.tenantId, "AGENT");
    await expectCode(agent.caller.analytics.dashboard(query()), "FORBIDDEN");
    const admin = await memberOfTenant(t.db, owner.tenantId, "ADMIN");
    expect((await admin.caller.analytics.dashboard(query())).totals.conversations).toBe(3);
    const stranger = await ownerOfNewTenant(t.db, "Analytics stranger");
    await expectCode(stranger.caller.analytics.dashboard({ ...query(), botId: bot.id }), "NOT_FOUND");
    expect((await stranger.caller.analytics.dashboard(query())).totals.conversations).toBe(0);
  });
});

describe("background fold", () => {
  it("folds every tenant with pending changes, and none once caught up", async () => {
    const other = await ownerOfNewTenant(t.db, "Analytics background");
    expect(await unsafeFoldAllTenants(t.db)).toBeGreaterThanOrEqual(1);
    expect(await t.db.analyticsCursor.findUnique({ where: { tenantId: other.tenantId } })).toMatchObject({ rebuilding: false });
    expect(await unsafeFoldAllTenants(t.db)).toBe(0);
  });
});

describe("escalations by rule", () => {
  it("counts hand-offs made by a rule under the rule's name, beside their reason; the CSV is the table", async () => {
    const shop = await ownerOfNewTenant(t.db, "Analytics rules");
    const ruleBot = await shop.caller.bot.create({ name: "Rules bot", greeting: "Hi", instructions: "", language: "en", brandColor: "#0f766e" });
    await shop.caller.rule.create({
      botId: ruleBot.id,
      name: "Refunds go to people",
      enabled: true,
      continue: false,
      conditions: { all: [{ kind: "keyword", any: ["refund"] }] },
      actions: [{ kind: "handoff" }],
    });
    for (const text of ["I want a refund", "refund please", "what are your opening hours"]) {
      const visitor = visitorCaller(t.db);
      const { visitorToken } = await visitor.chat.start({ botId: ruleBot.publicId });
      await collect(await visitor.chat.send({ botId: ruleBot.publicId, visitorToken, text, clientMessageId: crypto.randomUUID().replace(/-/g, "") }));
    }
    const day = localToday("UTC");
    const d = await shop.caller.analytics.dashboard({ from: day, to: day });
    expect(d.charts.escalationRules.rows).toEqual([["Refunds go to people", 2, null]]);
    expect(d.charts.escalationReasons.rows).toContainEqual(["keyword", 2]);
    expect((await shop.caller.analytics.csv({ from: day, to: day, chart: "escalationRules" })).csv).toBe(chartCsv(d.charts.escalationRules));
  });

  it("a deleted rule keeps its last name, marked deleted, whether it was deleted alone or with its bot", async () => {
    const shop = await ownerOfNewTenant(t.db, "Analytics deleted rules");
    const stranger = await ownerOfNewTenant(t.db, "Analytics deleted rules stranger");
    const ruleFields = (name: string, keyword: string) => ({
      name,
      enabled: true,
      continue: false,
      conditions: { all: [{ kind: "keyword" as const, any: [keyword] }] },
      actions: [{ kind: "handoff" as const }],
    });
    const handoffRule = (botId: string, name: string, keyword: string) => shop.caller.rule.create({ botId, ...ruleFields(name, keyword) });
    const escalate = async (publicId: string, text: string) => {
      const visitor = visitorCaller(t.db);
      const { visitorToken } = await visitor.chat.start({ botId: publicId });
      await collect(await visitor.chat.send({ botId: publicId, visitorToken, text, clientMessageId: crypto.randomUUID().replace(/-/g, "") }));
    };
    const kept = await shop.caller.bot.create({ name: "Kept bot", greeting: "Hi", instructions: "", language: "en", brandColor: "#0f766e" });
    const gone = await shop.caller.bot.create({ name: "Gone bot", greeting: "Hi", instructions: "", language: "en", brandColor: "#0f766e" });
    const renamed = await handoffRule(kept.id, "Refunds", "refund");
    await handoffRule(gone.id, "Invoices", "invoice");
    await escalate(kept.publicId, "I want a refund");
    await escalate(gone.publicId, "an invoice please");
    const day = localToday("UTC");
    expect((await shop.caller.analytics.dashboard({ from: day, to: day })).charts.escalationRules.rows).toHaveLength(2);
    // Renamed, then deleted: the last name is the one shown.
    await shop.caller.rule.update({ id: renamed.id, ...ruleFields("Refunds to people", "refund") });
    await shop.caller.rule.delete({ id: renamed.id });
    await shop.caller.bot.delete({ id: gone.id });
    const d = await shop.caller.analytics.dashboard({ from: day, to: day });
    expect(d.charts.escalationRules.columns).toEqual(["rule", "escalations", "deleted"]);
    expect([...d.charts.escalationRules.rows].sort()).toEqual([
      ["Invoices", 1, "deleted"],
      ["Refunds to people", 1, "deleted"],
    ]);
    expect((await shop.caller.analytics.csv({ from: day, to: day, chart: "escalationRules" })).csv).toContain(`"Refunds to people","1","deleted"`);
    // The kept names are the tenant's: nothing of them shows elsewhere.
    expect((await stranger.caller.analytics.dashboard({ from: day, to: day })).charts.escalationRules.rows).toEqual([]);
    expect(await t.db.deletedEscalationRule.count({ where: { tenantId: stranger.tenantId } })).toBe(0);
  });
});

describe("knowledge use: documents as well as FAQ entries", () => {
  it("a cited document counts as a document; one never cited is listed as never cited", async () => {
    const shop = await ownerOfNewTenant(t.db, "Analytics documents");
    const docBot = await shop.caller.bot.create({ name: "Docs bot", greeting: "Hi", instructions: "", language: "en", brandColor: "#0f766e" });
    await shop.caller.knowledge.addDocument({
      botId: docBot.id,
      title: "Returns policy",
      content: "# Returns policy\n\nYou can return an item within 30 days of delivery for a full refund. Start a return from your order page.",
    });
    await shop.caller.knowledge.addDocument({ botId: docBot.id, title: "Company history", content: "# Company history\n\nFounded in 1998 in a small garage in Hangzhou." });
    await drainIngestion(t.db);
    const visitor = visitorCaller(t.db);
    const { visitorToken } = await visitor.chat.start({ botId: docBot.publicId });
    await collect(await visitor.chat.send({ botId: docBot.publicId, visitorToken, text: "Can I return an item within 30 days?", clientMessageId: crypto.randomUUID().replace(/-/g, "") }));
    const day = localToday("UTC");
    const knowledge = await shop.caller.analytics.knowledge({ from: day, to: day, botId: docBot.id });
    expect(knowledge.cited.rows).toEqual([["Returns policy", "DOCUMENT", 1]]);
    expect(knowledge.neverCited.rows).toEqual([["Company history", "DOCUMENT"]]);
    expect(knowledge.neverCitedTotal).toBe(1);
    expect((await shop.caller.analytics.csv({ from: day, to: day, botId: docBot.id, chart: "neverCited" })).csv).toBe(chartCsv(knowledge.neverCited));
  });
});
