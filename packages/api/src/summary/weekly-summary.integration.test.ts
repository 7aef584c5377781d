import { addDays, localToday } from "@kefu/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { drainIngestion } from "../knowledge/index.ts";
import { startSmtpServer, subjectOf, textOf } from "../testing/receivers.ts";
import { collect, memberOfTenant, ownerOfNewTenant, useTestDb, visitorCaller } from "../testing/index.ts";
import { sendWeeklySummaries, weekStartOf } from "./weekly-email.ts";
import { weeklySummary } from "./weekly-summary.ts";

// The weekly summary on seeded data (real chats, votes, ratings, knowledge edits and test runs),
// and its e-mail through a loopback SMTP server: once per tenant and week, to owners and admins,
// in the tenant's language.
const t = useTestDb();
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
// "Now" is tomorrow: today's chats fall in the seven days ending tomorrow and in the e-mail's
// seven complete days before tomorrow.
const now = new Date(Date.now() + 86_400_000);
const DAY = 86_400_000;

type Owner = Awaited<ReturnType<typeof ownerOfNewTenant>>;
let owner: Owner;
let adminEmail: string;
let bot: { id: string; publicId: string };

async function ask(botPublicId: string, text: string) {
  const visitor = visitorCaller(t.db);
  const auth = { botId: botPublicId, visitorToken: (await visitor.chat.start({ botId: botPublicId })).visitorToken };
  const events = await collect(await visitor.chat.send({ ...auth, text, clientMessageId: crypto.randomUUID().replace(/-/g, "") }));
  const reply = events.at(-1)!;
  if (reply.type !== "bot_message") throw new Error(`expected a bot reply, got ${reply.type}`);
  return { visitor, auth, answer: reply.message };
}

beforeAll(async () => {
  smtp = await startSmtpServer();
  owner = await ownerOfNewTenant(t.db, "Summary shop");
  const admin = await memberOfTenant(t.db, owner.tenantId, "ADMIN", "summary-admin");
  adminEmail = (await t.db.user.findUniqueOrThrow({ where: { id: admin.userId } })).email;
  await memberOfTenant(t.db, owner.tenantId, "AGENT", "summary-agent");
  bot = await owner.caller.bot.create({ name: "Summary bot", greeting: "Hi", instructions: "", language: "en", brandColor: "#0f766e" });
  const shipping = await owner.caller.knowledge.addFaq({ botId: bot.id, question: "How long does shipping take?", alternatives: ["delivery time"], answer: "Orders arrive within 3 to 5 business days." });
  await owner.caller.knowledge.addFaq({ botId: bot.id, question: "Do you ship to Mars?", alternatives: [], answer: "Not yet." });
  // Added ten days ago: last week's change.
  const old = await owner.caller.knowledge.addFaq({ botId: bot.id, question: "Where is your store?", alternatives: [], answer: "Torstraße 1." });
  await drainIngestion(t.db);
  await t.db.knowledgeSource.updateMany({ where: { id: old.id, tenantId: owner.tenantId }, data: { createdAt: new Date(Date.now() - 10 * DAY), updatedAt: new Date(Date.now() - 10 * DAY) } });

  // Resolved by the bot; answered then a thumbs-down; answered then rated 5 after the visitor ended it.
  await ask(bot.publicId, "How long does shipping take?");
  const down = await ask(bot.publicId, "delivery time");
  await down.visitor.chat.giveFeedback({ ...down.auth, messageId: down.answer.id, helpful: false, reason: "incomplete" });
  const rated = await ask(bot.publicId, "How long does shipping take?");
  await rated.visitor.chat.endConversation(rated.auth);
  await rated.visitor.chat.rate({ ...rated.auth, rating: 5 });
  // Twice a question the knowledge does not cover: a gap.
  await ask(bot.publicId, "Can I pay with bitcoin at the checkout?");
  await ask(bot.publicId, "can i pay with bitcoin at checkout");

  // A test set: passing this week, failing in a run ten days ago.
  const set = await owner.caller.regression.createSet({ botId: bot.id, name: "Core" });
  await owner.caller.regression.addCase({ setId: set.id, question: "delivery time", expectedSourceIds: [shipping.id] });
  const before = await owner.caller.regression.run({ setId: set.id });
  await t.db.regressionRun.update({ where: { id: before.id }, data: { startedAt: new Date(Date.now() - 10 * DAY), passed: 0, failed: 1 } });
  await owner.caller.regression.run({ setId: set.id });
});

afterAll(() => smtp.close());

describe("weekly summary", () => {
  it("compares the last seven days with the seven before: resolution, CSAT, gaps, knowledge and tests", async () => {
    const summary = await weeklySummary(t.db, owner.tenantId, { now });
    const dashboard = await owner.caller.analytics.dashboard({ from: summary.thisWeek.from, to: summary.thisWeek.to });
    expect(summary.thisWeek).toMatchObject({
      conversations: 5,
      // The analytics page's own figures, not a second definition.
      aiResolutionRate: dashboard.totals.aiResolutionRate,
      csatAverage: 5,
      csatCount: 1,
      knowledgeAdded: 2,
      knowledgeEdited: 0,
      testPassRate: 100,
    });
    expect(summary.thisWeek.aiResolutionRate).toBeGreaterThan(0);
    expect(summary.lastWeek).toMatchObject({ conversations: 0, aiResolutionRate: null, csatAverage: null, knowledgeAdded: 1, testPassRate: 0 });
    expect(summary.topGaps[0]).toMatchObject({ botName: "Summary bot", missed: 2 });
    expect(summary.topGaps[0]!.label.toLowerCase()).toContain("bitcoin");
    // In the app, for owners and admins (the analytics permission); another tenant sees its own.
    expect(await owner.caller.summary.weekly()).toEqual(await weeklySummary(t.db, owner.tenantId));
    const other = await ownerOfNewTenant(t.db, "Quiet shop");
    expect((await other.caller.summary.weekly()).topGaps).toEqual([]);
  });

  it("counts today on the Improve page: its week is the seven days ending today", async () => {
    const { timeZone, thisWeek, lastWeek, topGaps } = await owner.caller.summary.weekly();
    const today = localToday(timeZone);
    expect(thisWeek).toMatchObject({ from: addDays(today, -6), to: today, conversations: 5, csatAverage: 5, knowledgeAdded: 2, testPassRate: 100 });
    expect(lastWeek).toMatchObject({ from: addDays(today, -13), to: addDays(today, -7), conversations: 0, knowledgeAdded: 1, testPassRate: 0 });
    expect(topGaps[0]).toMatchObject({ botName: "Summary bot", missed: 2 });
    // The e-mail's week is the seven complete days before today.
    const mailed = await weeklySummary(t.db, owner.tenantId, { completeDays: true });
    expect(mailed.thisWeek).toMatchObject({ from: addDays(today, -7), to: addDays(today, -1), conversations: 0 });
  });

  it("e-mails owners and admins once a week, in the tenant's language, only with SMTP", async () => {
    const env = { KEFU_SMTP_URL: smtp.url, KEFU_MAIL_FROM: "Kefu <summary@kefu.test>", NEXTAUTH_URL: "https://admin.kefu.test" };
    expect(await sendWeeklySummaries(t.db, { now, env: { ...env, KEFU_SMTP_URL: undefined } })).toEqual({ sent: 0 });
    expect(await t.db.weeklySummaryDelivery.count()).toBe(0);

    const zh = await ownerOfNewTenant(t.db, "中文小店");
    await zh.caller.bot.create({ name: "小助手", greeting: "你好", instructions: "", language: "zh", brandColor: "#0f766e" });

    const first = await sendWeeklySummaries(t.db, { now, env });
    // Two to the first shop (owner and admin, not the agent), one to the Chinese shop's owner; the
    // shop without a bot gets none.
    expect(first).toEqual({ sent: 3 });
    const ownerEmail = (await t.db.user.findUniqueOrThrow({ where: { id: owner.userId } })).email;
    const shopMails = smtp.mails.filter((m) => subjectOf(m.raw) === "Kefu weekly summary: Summary shop");
    expect(shopMails.flatMap((m) => m.to).sort()).toEqual([adminEmail, ownerEmail].sort());
    const text = textOf(shopMails[0]!.raw);
    expect(text).toContain("Customer satisfaction: 5.0 / 5, 1 ratings (before: —)");
    expect(text).toContain("Conversations: 5 (before: 0)");
    expect(text).toContain("Knowledge: 2 added, 0 edited (before: 1 added, 0 edited)");
    expect(text).toContain("Test pass rate: 100% (before: 0%)");
    expect(text).toMatch(/- .*bitcoin.* \(Summary bot\): 2×/i);
    expect(text).toContain("https://admin.kefu.test/improve");
    const zhMail = smtp.mails.find((m) => subjectOf(m.raw) === "Kefu 每周概况：中文小店");
    expect(zhMail).toBeDefined();
    expect(textOf(zhMail!.raw)).toContain("本周没有未解答的问题。");

    // The same week again (an hour later, another process): nothing more.
    expect(await sendWeeklySummaries(t.db, { now: new Date(now.getTime() + 3_600_000), env })).toEqual({ sent: 0 });
    expect(await t.db.weeklySummaryDelivery.findMany({ where: { tenantId: owner.tenantId } })).toEqual([
      expect.objectContaining({ weekStart: weekStartOf(now), recipients: 2, error: null }),
    ]);
    // The next week: again.
    expect(smtp.mails).toHaveLength(3);
    expect(await sendWeeklySummaries(t.db, { now: new Date(now.getTime() + 7 * DAY), env })).toEqual({ sent: 3 });
  });
});
