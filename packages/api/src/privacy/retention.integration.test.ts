import { localToday } from "@kefu/domain";
import { describe, expect, it } from "vitest";
import { purgeTenantData, unsafePurgeExpiredData } from "./retention.ts";
import { foldTenant } from "../analytics/index.ts";
import { expectCode, memberOfTenant, useTestDb, withWireDatabase } from "../testing/index.ts";
import { rowsMentioning, tenantWithBot, visitorWhoChatted } from "../testing/privacy-seed.ts";

// The retention purge: two tenants with old and recent visitors; only the old data of the tenant
// that set a period is deleted, a purge log row is written, and a second run deletes nothing.
const t = useTestDb();

describe("retention purge", () => {
  it("purges only the old data of the tenant with a retention period, logs it, and is idempotent", async () => {
    const a = await tenantWithBot(t.db, "RetainA");
    const b = await tenantWithBot(t.db, "RetainB");
    const aOld = await visitorWhoChatted(t.db, a, { text: "old order 1001", daysAgo: 40 });
    const aNew = await visitorWhoChatted(t.db, a, { text: "new order 2002", daysAgo: 2 });
    const bOld = await visitorWhoChatted(t.db, b, { text: "b old order 3003", daysAgo: 400 });
    // A visitor who came back: an old conversation, then a recent one. Only the old one goes.
    const aBack = await visitorWhoChatted(t.db, a, { text: "returning 4004", daysAgo: 50 });
    const recent = await t.db.conversation.create({ data: { tenantId: a.tenantId, botId: a.bot.id, visitorId: aBack.visitorId } });
    await t.db.visitor.update({ where: { id: aBack.visitorId }, data: { lastSeenAt: new Date() } });

    const needles = [aOld.visitorId, aOld.conversationId, aBack.conversationId, "old order 1001", "returning 4004"];
    // The search below finds them before the purge, in every kind of table.
    expect(Object.keys(await rowsMentioning(t.db, needles))).toEqual(expect.arrayContaining(["Visitor", "Conversation", "Message", "ConversationEvent", "NotificationDelivery"]));
    // The analytics rollup counts the visitors' questions by their text (top questions).
    expect(await foldTenant(t.db, a.tenantId)).toBe(true);
    expect(Object.keys(await rowsMentioning(t.db, ["old order 1001", "returning 4004"]))).toEqual(expect.arrayContaining(["AnalyticsDaily", "AnalyticsConversation"]));
    const visitorMessages = () => t.db.analyticsDaily.aggregate({ where: { tenantId: a.tenantId, metric: "messages_visitor" }, _sum: { value: true } });
    const countedBefore = (await visitorMessages())._sum.value;

    expect((await a.caller.privacy.updateRetention({ retentionDays: 30 })).retentionDays).toBe(30);
    const purged = await unsafePurgeExpiredData(t.db);
    expect([...purged.keys()]).toEqual([a.tenantId]);
    const counts = purged.get(a.tenantId)!;
    expect(counts).toMatchObject({ visitors: 1, conversations: 2, deliveries: 2 });
    expect(counts.messages).toBeGreaterThanOrEqual(4);
    expect(counts.events).toBeGreaterThanOrEqual(4);

    // Nothing of the old conversations is left anywhere in the database (audit trail aside),
    // their question texts neither; the rollup keeps their counts.
    expect(await rowsMentioning(t.db, needles, { except: ["AuditEvent"] })).toEqual({});
    expect((await visitorMessages())._sum.value).toBe(countedBefore);
    expect(await foldTenant(t.db, a.tenantId)).toBe(true);
    expect(await rowsMentioning(t.db, needles, { except: ["AuditEvent"] })).toEqual({});
    const asked = (await a.caller.analytics.questions({ from: localToday("UTC", new Date(Date.now() - 86_400_000)), to: localToday("UTC") })).rows.map((r) => r[0]);
    expect(asked).toContain("new order 2002");
    expect(asked.filter((q) => String(q).includes("old order") || String(q).includes("returning"))).toEqual([]);
    // The recent visitor, the returning visitor and their recent conversation, and tenant B's old data stay.
    expect(await t.db.visitor.count({ where: { id: { in: [aNew.visitorId, aBack.visitorId, bOld.visitorId] } } })).toBe(3);
    expect(await t.db.conversation.count({ where: { id: { in: [aNew.conversationId, recent.id, bOld.conversationId] } } })).toBe(3);
    expect(await t.db.message.count({ where: { conversationId: bOld.conversationId } })).toBeGreaterThanOrEqual(2);
    expect(await t.db.notificationDelivery.count({ where: { tenantId: b.tenantId } })).toBe(1);

    // The owner sees the log: when, the cutoff (30 days before the run) and the counts.
    const log = await a.caller.privacy.retention();
    expect(log.purges).toHaveLength(1);
    expect(log.purges[0]!.counts).toEqual(counts);
    // In the audit log as done by Kefu itself.
    expect((await a.caller.audit.list({ filter: { action: "privacy.retention_purged" } })).events).toMatchObject([{ actorId: null, outcome: "success", details: { counts } }]);
    expect(Math.abs(log.purges[0]!.cutoff.getTime() - (Date.now() - 30 * 86_400_000))).toBeLessThan(60_000);
    expect((await b.caller.privacy.retention()).purges).toEqual([]);

    // Idempotent: a second run finds nothing and logs nothing.
    expect((await unsafePurgeExpiredData(t.db)).size).toBe(0);
    expect((await a.caller.privacy.retention()).purges).toHaveLength(1);

    // Retention off: nothing is purged however old.
    await a.caller.privacy.updateRetention({ retentionDays: null });
    await t.db.conversation.update({ where: { id: aNew.conversationId }, data: { lastMessageAt: new Date(0) } });
    expect((await unsafePurgeExpiredData(t.db)).size).toBe(0);
  });

  it("works in bounded batches: a run stops after maxBatches and the next one goes on", async () => {
    const c = await tenantWithBot(t.db, "RetainBatches");
    const old = new Date(Date.now() - 100 * 86_400_000);
    for (let i = 0; i < 7; i++) {
      const visitor = await t.db.visitor.create({ data: { tenantId: c.tenantId, botId: c.bot.id, tokenHash: crypto.randomUUID(), lastSeenAt: old } });
      await t.db.conversation.create({ data: { tenantId: c.tenantId, botId: c.bot.id, visitorId: visitor.id, lastMessageAt: old } });
    }
    const first = await purgeTenantData(t.db, { tenantId: c.tenantId, days: 30 }, { batchSize: 2, maxBatches: 2 });
    expect(first.conversations + first.visitors).toBe(4);
    let rest = { conversations: 0, visitors: 0 };
    for (let run = 0; run < 5; run++) {
      const next = await purgeTenantData(t.db, { tenantId: c.tenantId, days: 30 }, { batchSize: 2, maxBatches: 2 });
      rest = { conversations: rest.conversations + next.conversations, visitors: rest.visitors + next.visitors };
    }
    expect(first.conversations + rest.conversations).toBe(7);
    expect(first.visitors + rest.visitors).toBe(7);
    expect(await t.db.visitor.count({ where: { tenantId: c.tenantId } })).toBe(0);
  });

  it("only owners read or change the retention period; values are checked", async () => {
    const d = await tenantWithBot(t.db, "RetainRoles");
    const admin = await memberOfTenant(t.db, d.tenantId, "ADMIN");
    await expectCode(admin.caller.privacy.retention(), "FORBIDDEN");
    await expectCode(admin.caller.privacy.updateRetention({ retentionDays: 30 }), "FORBIDDEN");
    await expectCode(d.caller.privacy.updateRetention({ retentionDays: 0 }), "BAD_REQUEST");
    await expectCode(d.caller.privacy.updateRetention({ retentionDays: 1.5 }), "BAD_REQUEST");
    await expectCode(d.caller.privacy.updateRetention({ retentionDays: 3651 }), "BAD_REQUEST");
    expect((await d.caller.privacy.retention()).retentionDays).toBeNull();
  });

  it("purges through the apps' Postgres driver too, comparing times in UTC", { timeout: 120_000 }, async () => {
    await withWireDatabase(async (db) => {
      const e = await tenantWithBot(db, "RetainWire");
      const old = await visitorWhoChatted(db, e, { text: "wire old 9190", daysAgo: 31 });
      const fresh = await visitorWhoChatted(db, e, { text: "wire new 9191", daysAgo: 29 });
      await e.caller.privacy.updateRetention({ retentionDays: 30 });
      const counts = await purgeTenantData(db, { tenantId: e.tenantId, days: 30 });
      expect(counts).toMatchObject({ visitors: 1, conversations: 1 });
      expect(await db.visitor.count({ where: { id: { in: [old.visitorId, fresh.visitorId] } } })).toBe(1);
    });
  });
});
