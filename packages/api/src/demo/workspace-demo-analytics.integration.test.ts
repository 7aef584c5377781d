import { localToday } from "@kefu/domain";
import { describe, expect, it } from "vitest";
import { deleteVisitorData } from "../privacy/index.ts";
import { foldTenant, useTestDb } from "../testing/index.ts";
import { tenantWithBot, visitorWhoChatted } from "../testing/privacy-seed.ts";
import { DEMO_BOTS } from "./index.ts";

// "Explore with demo data" and "Remove demo data" in a workspace with analytics of its own, some
// of which only the rollup remembers (an erased visitor's conversation, a deleted bot's): the demo
// adds its figures on the days its conversations happened, and removing it takes away its figures
// and nothing else.
const t = useTestDb();
const DAY = 86_400_000;
const scripted = DEMO_BOTS.reduce((n, b) => n + b.conversations.length, 0);

describe("demo data and the workspace's own analytics", () => {
  it("seeding adds the demo's figures and removing it leaves the workspace's own exactly as they were", async () => {
    const owner = await tenantWithBot(t.db, "Real shop");
    const { timeZone } = await t.db.tenant.findUniqueOrThrow({ where: { id: owner.tenantId }, select: { timeZone: true } });
    const period = { from: localToday(timeZone, new Date(Date.now() - 60 * DAY)), to: localToday(timeZone) };
    const retired = await owner.caller.bot.create({ name: "Retired bot", greeting: "Hi", instructions: "", language: "en", brandColor: "#445566" });
    await visitorWhoChatted(t.db, owner, { text: "where is my order 5150", daysAgo: 3 });
    const erased = await visitorWhoChatted(t.db, owner, { text: "cancel my order 6160", daysAgo: 5 });
    await visitorWhoChatted(t.db, { tenantId: owner.tenantId, bot: retired }, { text: "refund please 7170", daysAgo: 8 });
    expect(await foldTenant(t.db, owner.tenantId)).toBe(true);
    // From now on only the rollup remembers these two conversations.
    await deleteVisitorData(t.db, owner.tenantId, erased.visitorId);
    await owner.caller.bot.delete({ id: retired.id });
    expect(await t.db.conversation.count({ where: { tenantId: owner.tenantId } })).toBe(1);

    const figures = async () => {
      const { complete, ...dashboard } = await owner.caller.analytics.dashboard(period);
      expect(complete).toBe(true);
      const rows = await t.db.analyticsDaily.findMany({
        where: { tenantId: owner.tenantId },
        orderBy: [{ day: "asc" }, { botId: "asc" }, { metric: "asc" }, { dimension: "asc" }],
        select: { botId: true, day: true, metric: true, dimension: true, value: true },
      });
      return { dashboard, questions: await owner.caller.analytics.questions(period), rows };
    };
    const before = await figures();
    expect(before.dashboard.totals.conversations).toBe(3);
    const retiredRuleNames = await t.db.deletedEscalationRule.count({ where: { tenantId: owner.tenantId, botId: retired.id } });
    expect(retiredRuleNames).toBeGreaterThan(0);

    // Seeded while folds run, as the background worker and the page's reads fold: some of them
    // count a demo conversation before it is moved into the past.
    let seeding = true;
    let folds = 0;
    const folding = (async () => {
      while (seeding) {
        await foldTenant(t.db, owner.tenantId, { maxBatches: 1 });
        folds += 1;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    try {
      expect(await owner.caller.demo.seed()).toEqual({ bots: DEMO_BOTS.length, conversations: scripted });
    } finally {
      seeding = false;
      await folding;
    }
    expect(folds).toBeGreaterThan(1);

    const demoBots = (await t.db.bot.findMany({ where: { tenantId: owner.tenantId, demo: true }, select: { id: true } })).map((b) => b.id);
    const seeded = await figures();
    expect(seeded.dashboard.totals.conversations).toBe(3 + scripted);
    // The workspace's own rows are untouched; the demo's count each conversation on its own day.
    expect(seeded.rows.filter((r) => !demoBots.includes(r.botId))).toEqual(before.rows);
    const perDay = new Map<string, number>();
    for (const c of await t.db.conversation.findMany({ where: { tenantId: owner.tenantId, botId: { in: demoBots } }, select: { createdAt: true } })) {
      const day = localToday(timeZone, c.createdAt);
      perDay.set(day, (perDay.get(day) ?? 0) + 1);
    }
    expect(perDay.size).toBeGreaterThan(10);
    const counted = new Map<string, number>();
    for (const r of seeded.rows.filter((r) => demoBots.includes(r.botId) && r.metric === "conversations")) {
      const day = r.day.toISOString().slice(0, 10);
      counted.set(day, (counted.get(day) ?? 0) + r.value);
    }
    expect(new Map([...counted].filter(([, n]) => n !== 0))).toEqual(perDay);

    expect(await owner.caller.demo.remove()).toEqual({ removed: DEMO_BOTS.length });
    expect(await figures()).toEqual(before);
    const left = { tenantId: owner.tenantId, botId: { in: demoBots } };
    expect(await t.db.analyticsDaily.count({ where: left })).toBe(0);
    expect(await t.db.analyticsConversation.count({ where: left })).toBe(0);
    expect(await t.db.deletedEscalationRule.count({ where: left })).toBe(0);
    // The deleted real bot's rules are still named on the page.
    expect(await t.db.deletedEscalationRule.count({ where: { tenantId: owner.tenantId, botId: retired.id } })).toBe(retiredRuleNames);
  }, 300_000);
});
