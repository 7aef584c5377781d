import { createHmac } from "node:crypto";
import { type Action, type ConditionGroup } from "@kefu/domain";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { drainNotifications } from "./worker.ts";
import { NOTIFY_QUEUE } from "../platform/queue/queue.ts";
import { deliverNotification } from "./delivery.ts";
import { verifySignature } from "./webhook-signature.ts";
import { createWebhookEndpoint, sendTestWebhook } from "./webhooks.ts";
import { collect, memberOfTenant, ownerOfNewTenant, useTestDb, visitorCaller } from "../testing/index.ts";
import { startSmtpServer, startWebhookReceiver, subjectOf, textOf } from "../testing/receivers.ts";

// Notify actions, resolved conversations and left messages, delivered for real: signed webhook
// POSTs to a loopback receiver and e-mail to a loopback SMTP server, through the pg-boss outbox.
const t = useTestDb();
let hooks: Awaited<ReturnType<typeof startWebhookReceiver>>;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;

beforeAll(async () => {
  vi.stubEnv("KEFU_SECRET_KEY", Buffer.alloc(32, 5).toString("hex"));
  vi.stubEnv("NEXTAUTH_URL", "https://admin.kefu.test");
  hooks = await startWebhookReceiver();
  smtp = await startSmtpServer();
});
afterAll(async () => {
  hooks.close();
  await smtp.close();
  vi.unstubAllEnvs();
});
afterEach(() => {
  vi.stubEnv("KEFU_SMTP_URL", "");
  vi.stubEnv("KEFU_MAIL_FROM", "");
});

const drain = () => drainNotifications(t.db, { policy: hooks.policy() });

async function tenantWithRule(name: string, conditions: ConditionGroup, actions: Action[]) {
  const owner = await ownerOfNewTenant(t.db, name);
  const bot = await owner.caller.bot.create({ name: `${name} bot`, greeting: "Hi", instructions: "", language: "en", brandColor: "#0f766e" });
  await t.db.escalationRule.deleteMany({ where: { tenantId: owner.tenantId, botId: bot.id } });
  const rule = await owner.caller.rule.create({ botId: bot.id, name: `${name} rule`, conditions, actions });
  const visitor = visitorCaller(t.db);
  const session = await visitor.chat.start({ botId: bot.publicId });
  const send = async (text: string) =>
    collect(await visitor.chat.send({ botId: bot.publicId, visitorToken: session.visitorToken, text, clientMessageId: `m${crypto.randomUUID().slice(0, 12)}` }));
  return { ...owner, bot, rule, visitor, session, send };
}

const refund: ConditionGroup = { any: [{ kind: "keyword", any: ["refund"] }] };
const deliveries = (tenantId: string) => t.db.notificationDelivery.findMany({ where: { tenantId }, orderBy: { createdAt: "asc" } });

describe("webhook notify actions", () => {
  it("POSTs one signed conversation.escalated event when a rule fires on a visitor message", async () => {
    const a = await tenantWithRule("Escalate", refund, [
      { kind: "handoff" },
      { kind: "set_priority", priority: "high" },
      { kind: "notify", channel: "webhook" },
    ]);
    const { endpoint, secret } = await createWebhookEndpoint(t.db, a.tenantId, { url: hooks.url("/esc"), events: ["conversation.escalated"] });
    await createWebhookEndpoint(t.db, a.tenantId, { url: hooks.url("/esc-other-event"), events: ["contact.left"] });
    const off = await createWebhookEndpoint(t.db, a.tenantId, { url: hooks.url("/esc-disabled"), events: ["conversation.escalated"] });
    await t.db.webhookEndpoint.updateMany({ where: { id: off.endpoint.id, tenantId: a.tenantId }, data: { enabled: false } });
    const agent = await memberOfTenant(t.db, a.tenantId, "AGENT");
    await agent.caller.member.setPresence({ presence: "ONLINE" });

    const events = await a.send("I want a refund for my order");
    expect(events.at(-1)).toMatchObject({ type: "handoff" });
    // The outbox row committed with the handoff, before any delivery.
    const [queued, ...more] = await deliveries(a.tenantId);
    expect(more).toHaveLength(0);
    expect(queued).toMatchObject({ channel: "WEBHOOK", endpointId: endpoint.id, event: "conversation.escalated", status: "PENDING", attempts: 0 });

    await drain();
    await drain();
    expect(hooks.at("/esc-other-event")).toHaveLength(0);
    expect(hooks.at("/esc-disabled")).toHaveLength(0);
    const [post, ...again] = hooks.at("/esc");
    expect(again).toHaveLength(0);
    expect(post!.headers["kefu-event"]).toBe("conversation.escalated");
    expect(post!.headers["kefu-delivery"]).toBe(queued!.id);
    const signature = String(post!.headers["kefu-signature"]);
    expect(verifySignature(secret, signature, post!.body)).toBe(true);
    // Independently of our helper: what docs/webhooks.md tells receivers to compute.
    const [, t0, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(signature)!;
    expect(createHmac("sha256", secret).update(`${t0}.${post!.body}`).digest("hex")).toBe(v1);

    const body = JSON.parse(post!.body);
    const conversation = await t.db.conversation.findFirstOrThrow({ where: { tenantId: a.tenantId } });
    expect(body).toMatchObject({
      id: queued!.id,
      event: "conversation.escalated",
      data: {
        conversation: { id: conversation.id, status: "queued", priority: "high", url: `https://admin.kefu.test/inbox/${conversation.id}`, queue: { position: 1, offline: false } },
        bot: { id: a.bot.id, name: "Escalate bot" },
        reason: "keyword",
        rule: { id: a.rule.id, name: "Escalate rule" },
        summary: { wants: expect.stringContaining("refund") },
        contact: null,
      },
    });
    expect(post!.body).not.toContain(a.session.visitorToken);
    expect(await t.db.notificationDelivery.findFirst({ where: { id: queued!.id } })).toMatchObject({ status: "DELIVERED", attempts: 1, responseStatus: 200, lastError: null });
  });

  it("narrows to the tenant endpoint with the action's target URL, and flags without handing over", async () => {
    const a = await tenantWithRule("Target", refund, [{ kind: "notify", channel: "webhook", target: hooks.url("/target-b") }]);
    await createWebhookEndpoint(t.db, a.tenantId, { url: hooks.url("/target-a"), events: ["conversation.flagged"] });
    await createWebhookEndpoint(t.db, a.tenantId, { url: hooks.url("/target-b"), events: ["conversation.flagged"] });
    const events = await a.send("refund please");
    expect(events.some((e) => e.type === "handoff")).toBe(false);
    await drain();
    expect(hooks.at("/target-a")).toHaveLength(0);
    expect(hooks.at("/target-b").map((r) => JSON.parse(r.body).data.conversation.status)).toEqual(["bot"]);
  });

  it("retries a 500 on the schedule and delivers on the retry with attempts=2; the last attempt of the schedule fails for good", async () => {
    const a = await ownerOfNewTenant(t.db, "Flaky");
    const { endpoint } = await createWebhookEndpoint(t.db, a.tenantId, { url: hooks.url("/flaky"), events: ["contact.left"] });
    hooks.answers.set("/flaky", [500]);
    const { deliveryId } = await sendTestWebhook(t.db, a.tenantId, endpoint.id);
    const before = Date.now();
    await drain();
    const pending = await t.db.notificationDelivery.findFirstOrThrow({ where: { id: deliveryId } });
    expect(pending).toMatchObject({ status: "PENDING", attempts: 1, responseStatus: 500, lastError: "HTTP 500: receiver says no" });
    // The next attempt of the schedule is queued about 30 s later (±10 % jitter): draining now sends nothing.
    const wait = pending.nextAttemptAt!.getTime() - before;
    expect(wait).toBeGreaterThan(26_000);
    expect(wait).toBeLessThan(35_000);
    const jobs = await t.db.$queryRaw<{ state: string; attempt: string | null; wait: number }[]>`
      SELECT state::text, data->>'attempt' AS attempt, EXTRACT(EPOCH FROM start_after - now())::float AS wait
      FROM pgboss.job WHERE name = ${NOTIFY_QUEUE} AND data->>'deliveryId' = ${deliveryId} ORDER BY created_on`;
    expect(jobs.map((j) => [j.state, j.attempt])).toEqual([["completed", null], ["created", "2"]]);
    expect(jobs[1]!.wait).toBeGreaterThan(20);
    await drain();
    expect(hooks.at("/flaky")).toHaveLength(1);
    // Time passes: the next attempt comes and this time the receiver answers 200.
    await t.db.$executeRaw`UPDATE pgboss.job SET start_after = now() WHERE name = ${NOTIFY_QUEUE} AND data->>'deliveryId' = ${deliveryId} AND state = 'created'`;
    await drain();
    expect(await t.db.notificationDelivery.findFirst({ where: { id: deliveryId } })).toMatchObject({ status: "DELIVERED", attempts: 2, responseStatus: 200, lastError: null, nextAttemptAt: null });
    const [first, second] = hooks.at("/flaky");
    expect(second!.headers["kefu-delivery"]).toBe(first!.headers["kefu-delivery"]);
    expect(second!.body).toBe(first!.body);
    expect(await t.db.notificationAttempt.findMany({ where: { tenantId: a.tenantId, deliveryId }, orderBy: { attemptedAt: "asc" } })).toMatchObject([
      { ok: false, responseStatus: 500, error: "HTTP 500: receiver says no", nextAttemptAt: pending.nextAttemptAt },
      { ok: true, responseStatus: 200, error: null, nextAttemptAt: null },
    ]);

    // The 15th attempt of a schedule is its last: a failure is final.
    hooks.answers.set("/flaky", [502]);
    const direct = await sendTestWebhook(t.db, a.tenantId, endpoint.id);
    expect(await deliverNotification(t.db, { tenantId: a.tenantId, deliveryId: direct.deliveryId, attempt: 15 }, { policy: hooks.policy() })).toBe("failed");
    expect(await t.db.notificationDelivery.findFirst({ where: { id: direct.deliveryId } })).toMatchObject({ status: "FAILED", attempts: 1, responseStatus: 502, nextAttemptAt: null });
    // Its queued first attempt finds it FAILED and does nothing.
    await drain();
    expect(hooks.at("/flaky")).toHaveLength(3);
  });

  it("refuses an endpoint that resolves to a private address under the real policy: FAILED, nothing sent", async () => {
    const a = await ownerOfNewTenant(t.db, "Private");
    const { endpoint } = await createWebhookEndpoint(t.db, a.tenantId, { url: hooks.url("/private"), events: ["contact.left"] });
    const { deliveryId } = await sendTestWebhook(t.db, a.tenantId, endpoint.id);
    await drainNotifications(t.db, { policy: hooks.realAddressPolicy() });
    expect(await t.db.notificationDelivery.findFirst({ where: { id: deliveryId } })).toMatchObject({
      status: "FAILED",
      attempts: 1,
      responseStatus: null,
      lastError: "Refused: private and local addresses cannot receive webhooks.",
    });
    // And with the production defaults, a private literal is refused before any lookup.
    const literal = await createWebhookEndpoint(t.db, a.tenantId, { url: "http://10.0.0.7/hook", events: ["contact.left"] });
    const second = await sendTestWebhook(t.db, a.tenantId, literal.endpoint.id);
    await drainNotifications(t.db);
    expect(await t.db.notificationDelivery.findFirst({ where: { id: second.deliveryId } })).toMatchObject({ status: "FAILED", lastError: expect.stringMatching(/^Refused: Private and local/) });
    expect(hooks.at("/private")).toHaveLength(0);
    // Nothing left to retry.
    const open = await t.db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pgboss.job WHERE name = ${NOTIFY_QUEUE} AND state IN ('created', 'retry', 'active') AND data->>'tenantId' = ${a.tenantId}`;
    expect(open[0]!.n).toBe(0);
  });
});

describe("e-mail notify actions", () => {
  it("sends the bilingual e-mail to the action's target and, without one, to owners and admins", async () => {
    vi.stubEnv("KEFU_SMTP_URL", smtp.url);
    vi.stubEnv("KEFU_MAIL_FROM", "Kefu Alerts <alerts@kefu.test>");
    const a = await tenantWithRule("Mailer", refund, [
      { kind: "handoff" },
      { kind: "notify", channel: "email", target: "Billing@Acme.test" },
      { kind: "notify", channel: "email" },
    ]);
    const admin = await memberOfTenant(t.db, a.tenantId, "ADMIN");
    await memberOfTenant(t.db, a.tenantId, "AGENT");
    const emails = (await t.db.user.findMany({ where: { id: { in: [a.userId, admin.userId] } }, select: { email: true } })).map((u) => u.email);
    await a.send("I need a refund");
    await drain();
    const mine = smtp.mails.filter((m) => m.raw.includes("Mailer bot"));
    expect(mine.flatMap((m) => m.to).sort()).toEqual(["billing@acme.test", ...emails].sort());
    for (const mail of mine) {
      expect(mail).toMatchObject({ from: "alerts@kefu.test", user: "kefu" });
      expect(subjectOf(mail.raw)).toBe("[Kefu] Conversation handed to your team / 对话已转人工 — Mailer bot");
      const text = textOf(mail.raw);
      expect(text).toContain("Reason: A keyword matched");
      expect(text).toContain("原因：命中关键词");
      expect(text).toMatch(/Open the conversation: https:\/\/admin\.kefu\.test\/inbox\/\w+/);
    }
    expect((await deliveries(a.tenantId)).map((d) => [d.channel, d.status, d.attempts])).toEqual([
      ["EMAIL", "DELIVERED", 1],
      ["EMAIL", "DELIVERED", 1],
      ["EMAIL", "DELIVERED", 1],
    ]);
  });

  it("records e-mail as FAILED with a clear reason when SMTP is not configured", async () => {
    const a = await tenantWithRule("NoSmtp", refund, [{ kind: "notify", channel: "email", target: "ops@acme.test" }]);
    const before = smtp.mails.length;
    await a.send("refund");
    await drain();
    expect(await deliveries(a.tenantId)).toMatchObject([
      { channel: "EMAIL", target: "ops@acme.test", event: "conversation.flagged", status: "FAILED", attempts: 1, lastError: "SMTP is not configured (KEFU_SMTP_URL)." },
    ]);
    expect(smtp.mails.length).toBe(before);
  });
});

describe("conversation.resolved and contact.left", () => {
  it("go to the endpoints subscribed to them, and to nobody else", async () => {
    const a = await tenantWithRule("Lifecycle", { any: [{ kind: "keyword", any: ["zzz-never"] }] }, [{ kind: "handoff" }]);
    await createWebhookEndpoint(t.db, a.tenantId, { url: hooks.url("/left"), events: ["contact.left"] });
    await createWebhookEndpoint(t.db, a.tenantId, { url: hooks.url("/resolved"), events: ["conversation.resolved"] });
    await createWebhookEndpoint(t.db, a.tenantId, { url: hooks.url("/escalated-only"), events: ["conversation.escalated"] });
    const b = await ownerOfNewTenant(t.db, "Lifecycle other");
    await createWebhookEndpoint(t.db, b.tenantId, { url: hooks.url("/other-tenant"), events: ["contact.left", "conversation.resolved"] });

    await a.visitor.chat.leaveContact({ botId: a.bot.publicId, visitorToken: a.session.visitorToken, email: "li@example.com", message: "Please call me back" });
    await drain();
    const [left, ...moreLeft] = hooks.at("/left");
    expect(moreLeft).toHaveLength(0);
    expect(left!.headers["kefu-event"]).toBe("contact.left");
    expect(JSON.parse(left!.body).data).toMatchObject({ bot: { name: "Lifecycle bot" }, contact: { email: "li@example.com" }, message: "Please call me back" });

    const conversation = await t.db.conversation.findFirstOrThrow({ where: { tenantId: a.tenantId } });
    await a.caller.inbox.resolve({ id: conversation.id });
    await drain();
    const [resolved, ...moreResolved] = hooks.at("/resolved");
    expect(moreResolved).toHaveLength(0);
    expect(JSON.parse(resolved!.body)).toMatchObject({ event: "conversation.resolved", data: { conversation: { id: conversation.id, status: "resolved" } } });
    expect(hooks.at("/escalated-only")).toHaveLength(0);
    expect(hooks.at("/other-tenant")).toHaveLength(0);
    expect(await t.db.notificationDelivery.count({ where: { tenantId: b.tenantId } })).toBe(0);
  });
});
