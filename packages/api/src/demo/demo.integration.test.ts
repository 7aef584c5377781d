import { localToday } from "@kefu/domain";
import { beforeAll, describe, expect, it } from "vitest";
import { createAdminCaller } from "../admin.ts";
import { createApiContext } from "../platform/context.ts";
import { verifyCredentials } from "../tenancy/index.ts";
import { ownerOfNewTenant, useTestDb } from "../testing/index.ts";
import { DEMO_ACCOUNT, DEMO_BOTS, DEMO_TIME_ZONE, seedDemo, type DemoSeedResult } from "./index.ts";

// The demo workspace seeded on a real database through the product's services: what a newcomer
// sees (bots with knowledge, a waiting conversation, weeks of analytics, knowledge gaps), that a
// second run adds nothing, and that another tenant is untouched.
const t = useTestDb();
let first: DemoSeedResult;
let other: Awaited<ReturnType<typeof ownerOfNewTenant>>;
const lines: string[] = [];
let seconds = 0;

const counts = async (tenantId: string) => ({
  bots: await t.db.bot.count({ where: { tenantId } }),
  sources: await t.db.knowledgeSource.count({ where: { tenantId } }),
  rules: await t.db.escalationRule.count({ where: { tenantId } }),
  conversations: await t.db.conversation.count({ where: { tenantId } }),
  messages: await t.db.message.count({ where: { tenantId } }),
  votes: await t.db.answerFeedback.count({ where: { tenantId } }),
  users: await t.db.membership.count({ where: { tenantId } }),
});

beforeAll(async () => {
  other = await ownerOfNewTenant(t.db, "Bystander shop");
  await other.caller.bot.create({ name: "Bystander bot", greeting: "Hi", instructions: "", language: "en", brandColor: "#111111" });
  const started = Date.now();
  first = await seedDemo(t.db, { progress: (line) => lines.push(`${((Date.now() - started) / 1000).toFixed(1)} ${line}`) });
  seconds = (Date.now() - started) / 1000;
}, 180_000);

describe("demo data", () => {
  it("seeds both bots with knowledge, rules and every scripted conversation through the services", async () => {
    console.log(`demo seed: ${seconds.toFixed(1)} s, ${first.conversations} conversations\n${lines.join("\n")}`);
    expect(first.created).toBe(true);
    expect(first.skippedSteps).toEqual([]);
    expect(lines.some((l) => /conversation 1 of/.test(l))).toBe(true);
    const scripted = DEMO_BOTS.reduce((n, b) => n + b.conversations.length, 0);
    expect(first.conversations).toBe(scripted);
    const c = await counts(first.tenantId);
    expect(c).toMatchObject({ bots: 2, conversations: scripted, users: 1 });
    expect(c.sources).toBe(DEMO_BOTS.reduce((n, b) => n + b.faq.length + 1, 0));
    expect(c.votes).toBeGreaterThan(10);
    // Default rules plus the demo's own, per bot.
    expect(c.rules).toBeGreaterThanOrEqual(8);
    const sources = await t.db.knowledgeSource.findMany({ where: { tenantId: first.tenantId }, select: { status: true } });
    expect(sources.every((s) => s.status === "READY")).toBe(true);
  });

  it("signs in with the documented credentials and shows bots, a waiting conversation and weeks of analytics", async () => {
    const user = await verifyCredentials(t.db, DEMO_ACCOUNT.email, DEMO_ACCOUNT.password);
    expect(user).not.toBeNull();
    const caller = createAdminCaller(createApiContext({ db: t.db, userId: user!.id }));
    expect((await caller.bot.list()).map((b) => b.name).sort()).toEqual(DEMO_BOTS.map((b) => b.name).sort());

    const waiting = await t.db.conversation.findMany({ where: { tenantId: first.tenantId, status: "QUEUED" } });
    expect(waiting).toHaveLength(2);
    const inbox = await caller.inbox.list({ view: "unassigned" });
    expect(JSON.stringify(inbox)).toContain(waiting[0]!.id);

    const to = localToday(DEMO_TIME_ZONE);
    const from = localToday(DEMO_TIME_ZONE, new Date(Date.now() - 29 * 86_400_000));
    const d = await caller.analytics.dashboard({ from, to });
    expect(d.complete).toBe(true);
    expect(d.totals.conversations).toBe(first.conversations);
    expect(d.totals.escalated).toBeGreaterThanOrEqual(8);
    expect(d.totals.csatCount).toBeGreaterThanOrEqual(8);
    expect(d.totals.feedbackHelpful).toBeGreaterThan(5);
    expect(d.totals.feedbackNotHelpful).toBeGreaterThanOrEqual(4);
    // Spread over the weeks, not all today.
    const days = d.charts.volume.rows.filter((row) => Number(row[1]) > 0);
    expect(days.length).toBeGreaterThan(10);
    const shares = await t.db.conversation.findMany({ where: { tenantId: first.tenantId, status: "RESOLVED", rating: { not: null } }, select: { createdAt: true } });
    expect(Math.min(...shares.map((s) => s.createdAt.getTime()))).toBeLessThan(Date.now() - 14 * 86_400_000);

    // The knowledge gaps page has the questions the bots could not answer.
    const english = first.bots.find((b) => b.language === "en")!;
    const gaps = await caller.gap.list({ botId: english.id });
    expect(JSON.stringify(gaps.gaps)).toMatch(/gift (card|voucher)/i);
  });

  it("a second run adds nothing and says where to sign in", async () => {
    const before = await counts(first.tenantId);
    const again = await seedDemo(t.db);
    expect(again).toMatchObject({ created: false, conversations: 0, tenantId: first.tenantId, email: DEMO_ACCOUNT.email, password: DEMO_ACCOUNT.password });
    expect(again.bots.map((b) => b.publicId).sort()).toEqual(first.bots.map((b) => b.publicId).sort());
    expect(await counts(first.tenantId)).toEqual(before);
  });

  it("nothing lands in another tenant", async () => {
    expect(await counts(other.tenantId)).toMatchObject({ bots: 1, sources: 0, conversations: 0, messages: 0, votes: 0, users: 1 });
    const foreign = await t.db.message.count({ where: { conversation: { tenantId: { not: first.tenantId } }, tenantId: first.tenantId } });
    expect(foreign).toBe(0);
    expect(await t.db.conversation.count({ where: { tenantId: { notIn: [first.tenantId] } } })).toBe(0);
  });
});
