import { createServer, type Server } from "node:http";
import { type AddressInfo } from "node:net";
import { DELIVERY_MAX_ATTEMPTS, ENDPOINT_DISABLE_AFTER_FAILED_DELIVERIES, contactLeftData } from "@kefu/domain";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { bossFor, NOTIFY_QUEUE } from "../platform/queue/queue.ts";
import { type WebFetchPolicy } from "../platform/pinned-http.ts";
import { expectCode, memberOfTenant, ownerOfNewTenant, useTestDb } from "../testing/index.ts";
import { startSmtpServer, subjectOf, textOf } from "../testing/receivers.ts";
import { WEBHOOK_POLICY } from "./delivery.ts";
import { queueDeliveries } from "./outbox.ts";
import { drainNotifications } from "./worker.ts";
import { createWebhookEndpoint, sendTestWebhook } from "./webhooks.ts";

// A webhook receiver that is down, for a day and more, on a clock the test drives: the retry
// schedule spans more than 24 h, the delivery then ends FAILED and can be redelivered, and an
// endpoint that keeps failing is disabled with a notice to its owners.
const t = useTestDb();
const HOUR = 3600_000;
const utc = (date: Date) => `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
let down: { server: Server; port: number; status: number; hits: number };
let closedPort: number;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
// The test's clock runs ahead of the database's: pg-boss starts a job once the database's time
// passes its start_after, so an attempt dated by this clock waits until runDue() says it is due.
const inTheFuture = (days: number) => new Date(Math.floor(Date.now() / HOUR) * HOUR + days * 24 * HOUR);
let clock = inTheFuture(30);

beforeAll(async () => {
  vi.stubEnv("KEFU_SECRET_KEY", Buffer.alloc(32, 7).toString("hex"));
  vi.stubEnv("NEXTAUTH_URL", "https://admin.kefu.test");
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      down.hits++;
      res.writeHead(down.status, { "content-type": "text/plain" }).end(down.status === 200 ? "ok" : "down for maintenance");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  down = { server, port: (server.address() as AddressInfo).port, status: 500, hits: 0 };
  // A port nobody listens on: connections are refused.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  smtp = await startSmtpServer();
  vi.stubEnv("KEFU_SMTP_URL", smtp.url);
});
afterAll(async () => {
  down.server.closeAllConnections();
  down.server.close();
  await smtp.close();
  vi.unstubAllEnvs();
});

/** The real webhook policy, except that the made-up host resolves to loopback and both test ports are allowed. */
const policy = (): WebFetchPolicy => ({
  ...WEBHOOK_POLICY,
  ports: [String(down.port), String(closedPort)],
  resolve: async () => [{ address: "127.0.0.1", family: 4 }],
  isAllowedAddress: (address) => address === "127.0.0.1",
});
const options = () => ({ policy: policy(), now: () => clock, random: () => 0.5 });

/** Runs the attempts that are due at `clock`: pg-boss holds the others back until their time. */
async function runDue() {
  await t.db.$executeRaw`UPDATE pgboss.job SET start_after = now()
    WHERE name = ${NOTIFY_QUEUE} AND state = 'created' AND start_after <= ${clock.toISOString()}::timestamptz`;
  await drainNotifications(t.db, options());
}

/** Moves the clock to the next attempt due among the tenant's pending webhooks and runs it; false when none is left. */
async function nextAttempt(tenantId: string): Promise<boolean> {
  const next = await t.db.notificationDelivery.findFirst({
    where: { tenantId, channel: "WEBHOOK", status: "PENDING", nextAttemptAt: { not: null } },
    orderBy: { nextAttemptAt: "asc" },
  });
  if (!next) return false;
  clock = next.nextAttemptAt!;
  await runDue();
  return true;
}

/** Queues `count` contact.left deliveries to one endpoint, as the outbox does. */
async function queueContactLeft(tenantId: string, endpoint: { id: string; url: string }, count: number) {
  const boss = await bossFor(t.db);
  return t.db.$transaction((tx) =>
    queueDeliveries(
      { boss, tx, tenantId },
      Array.from({ length: count }, (_, i) => ({
        channel: "WEBHOOK" as const,
        endpointId: endpoint.id,
        target: endpoint.url,
        event: "contact.left" as const,
        payload: contactLeftData({ conversationId: `c${i}`, bot: { id: "b", name: "Bot" }, email: "li@example.com", message: "hi", url: null }),
      })),
    ),
  );
}

describe("a receiver that is down", () => {
  it("gets 15 attempts spanning more than 24 h, each in the history; then the delivery is FAILED and a redeliver starts a fresh schedule", async () => {
    const a = await ownerOfNewTenant(t.db, "Down");
    const { endpoint } = await createWebhookEndpoint(t.db, a.tenantId, { url: `http://hooks.acme.test:${down.port}/in`, events: ["contact.left"] });
    down.status = 500;
    const hitsBefore = down.hits;
    const { deliveryId } = await sendTestWebhook(t.db, a.tenantId, endpoint.id);
    const start = clock;
    await runDue();
    const first = await t.db.notificationDelivery.findFirstOrThrow({ where: { id: deliveryId } });
    expect(first).toMatchObject({ status: "PENDING", attempts: 1, responseStatus: 500, lastError: "HTTP 500: down for maintenance", lastAttemptAt: start });
    expect(first.nextAttemptAt).toEqual(new Date(start.getTime() + 30_000));

    // Not before its time: a second before the next attempt is due, nothing is sent.
    clock = new Date(first.nextAttemptAt!.getTime() - 1000);
    await runDue();
    expect(down.hits - hitsBefore).toBe(1);

    while (await nextAttempt(a.tenantId));
    const failed = await t.db.notificationDelivery.findFirstOrThrow({ where: { id: deliveryId } });
    expect(failed).toMatchObject({ status: "FAILED", attempts: DELIVERY_MAX_ATTEMPTS, responseStatus: 500, nextAttemptAt: null });
    expect(down.hits - hitsBefore).toBe(15);
    const span = failed.lastAttemptAt!.getTime() - start.getTime();
    expect(span).toBeGreaterThanOrEqual(24 * HOUR);
    expect(span).toBe(105_510_000); // 30 s, 1, 2, 5, 10, 20, 40 min, 1, 2, 3, 4, 6, 6, 6 h (jitter fixed at 0)

    // The history, newest first: every attempt's time, outcome and when the next one was due.
    const [listed] = await a.caller.webhook.listDeliveries({ endpointId: endpoint.id });
    expect(listed).toMatchObject({ id: deliveryId, status: "FAILED", attempts: 15, nextAttemptAt: null });
    const history = [...listed!.attemptLog].reverse();
    expect(history).toHaveLength(15);
    expect(history.every((h) => !h.ok && h.responseStatus === 500 && h.error === "HTTP 500: down for maintenance")).toBe(true);
    expect(history[0]!.attemptedAt).toEqual(start);
    for (let i = 1; i < history.length; i++) expect(history[i]!.attemptedAt).toEqual(history[i - 1]!.nextAttemptAt);
    expect(history.map((h) => (h.nextAttemptAt ? (h.nextAttemptAt.getTime() - h.attemptedAt.getTime()) / 1000 : null))).toEqual([
      30, 60, 120, 300, 600, 1200, 2400, 3600, 7200, 10800, 14400, 21600, 21600, 21600, null,
    ]);
    const open = await t.db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pgboss.job WHERE name = ${NOTIFY_QUEUE} AND state IN ('created', 'retry', 'active') AND data->>'deliveryId' = ${deliveryId}`;
    expect(open[0]!.n).toBe(0);

    // Redeliver: a fresh schedule (the next attempt again 30 s after the first failure), history kept.
    clock = new Date(clock.getTime() + 2 * HOUR);
    expect(await a.caller.webhook.redeliver({ id: deliveryId })).toMatchObject({ id: deliveryId, status: "PENDING", nextAttemptAt: null });
    await runDue();
    const again = await t.db.notificationDelivery.findFirstOrThrow({ where: { id: deliveryId } });
    expect(again).toMatchObject({ status: "PENDING", attempts: 16 });
    expect(again.nextAttemptAt!.getTime() - clock.getTime()).toBe(30_000);
    down.status = 200;
    await nextAttempt(a.tenantId);
    expect(await t.db.notificationDelivery.findFirst({ where: { id: deliveryId } })).toMatchObject({ status: "DELIVERED", attempts: 17, responseStatus: 200, lastError: null, nextAttemptAt: null });
    await expectCode(a.caller.webhook.redeliver({ id: deliveryId }), "CONFLICT");
  });

  it("disables an endpoint that failed for 24 h with 5 failed deliveries in a row, tells its owners and admins, and re-enables in one call", async () => {
    const a = await ownerOfNewTenant(t.db, "Gone");
    const admin = await memberOfTenant(t.db, a.tenantId, "ADMIN");
    await memberOfTenant(t.db, a.tenantId, "AGENT");
    const b = await ownerOfNewTenant(t.db, "Other");
    const { endpoint } = await createWebhookEndpoint(t.db, a.tenantId, { url: `http://hooks.acme.test:${closedPort}/gone`, events: ["contact.left"] });
    const queue = (count: number) => queueContactLeft(a.tenantId, endpoint, count);
    const start = (clock = inTheFuture(60));
    const early = await queue(ENDPOINT_DISABLE_AFTER_FAILED_DELIVERIES);
    await runDue();
    expect(await t.db.webhookEndpoint.findFirst({ where: { id: endpoint.id } })).toMatchObject({ enabled: true, failingSince: start, failedDeliveries: 0 });
    // Two hours later another event is queued: still being retried when the endpoint is disabled.
    clock = new Date(start.getTime() + 2 * HOUR);
    const [late] = await queue(1);
    await runDue();

    const mailsBefore = smtp.mails.length;
    while (await nextAttempt(a.tenantId));
    const rows = await t.db.notificationDelivery.findMany({ where: { tenantId: a.tenantId, channel: "WEBHOOK" } });
    for (const id of early) expect(rows.find((r) => r.id === id)).toMatchObject({ status: "FAILED", attempts: 15, lastError: expect.stringMatching(/ECONNREFUSED|refused/i) });
    // Not attempted any more once the endpoint was disabled: FAILED without a further attempt.
    const lateRow = rows.find((r) => r.id === late)!;
    expect(lateRow).toMatchObject({ status: "FAILED", lastError: "Not sent: the endpoint is disabled.", nextAttemptAt: null });
    expect(lateRow.attempts).toBeLessThan(15);
    const disabledAt = new Date(Math.max(...rows.filter((r) => early.includes(r.id)).map((r) => r.lastAttemptAt!.getTime())));
    expect(disabledAt.getTime() - start.getTime()).toBeGreaterThanOrEqual(24 * HOUR);

    const [listed] = await a.caller.webhook.list();
    expect(listed).toMatchObject({ id: endpoint.id, enabled: false, disabledAt, disabledReason: "failing", failingSince: start, failedDeliveries: 5 });
    // In the audit log as done by Kefu itself (no actor).
    expect((await a.caller.audit.list({ filter: { action: "webhook.auto_disabled" } })).events).toMatchObject([
      { actorId: null, targetIds: [endpoint.id], outcome: "success", details: { url: `http://hooks.acme.test:${closedPort}/gone`, failedDeliveries: 5 } },
    ]);

    // The notice: one e-mail to each owner and admin (not agents), in the delivery log too.
    await runDue();
    const owners = (await t.db.user.findMany({ where: { id: { in: [a.userId, admin.userId] } }, select: { email: true } })).map((u) => u.email);
    const notices = smtp.mails.slice(mailsBefore);
    expect(notices.flatMap((m) => m.to).sort()).toEqual(owners.sort());
    expect(subjectOf(notices[0]!.raw)).toBe("[Kefu] A webhook endpoint was disabled / Webhook 接收地址已被停用");
    const text = textOf(notices[0]!.raw);
    expect(text).toContain(`Endpoint: http://hooks.acme.test:${closedPort}/gone`);
    expect(text).toContain(`No delivery has succeeded since ${utc(start)} and 5 deliveries in a row failed, so it was disabled on ${utc(disabledAt)}.`);
    expect(text).toContain("Webhook settings: https://admin.kefu.test/settings/webhooks");
    expect(await t.db.notificationDelivery.findMany({ where: { tenantId: a.tenantId, channel: "EMAIL" }, select: { event: true, status: true } })).toEqual([
      { event: "endpoint.disabled", status: "DELIVERED" },
      { event: "endpoint.disabled", status: "DELIVERED" },
    ]);

    // While disabled: a redeliver is refused with a reason, and tenant B can neither redeliver nor re-enable.
    await expectCode(a.caller.webhook.redeliver({ id: early[0]! }), "CONFLICT");
    await expectCode(b.caller.webhook.redeliver({ id: early[0]! }), "NOT_FOUND");
    await expectCode(b.caller.webhook.update({ id: endpoint.id, enabled: true }), "NOT_FOUND");
    expect(await t.db.webhookEndpoint.findFirst({ where: { id: endpoint.id } })).toMatchObject({ enabled: false, disabledReason: "failing" });

    // One click: enabled, with a clean health record; the failed deliveries can then be sent again.
    expect(await a.caller.webhook.update({ id: endpoint.id, enabled: true })).toMatchObject({
      enabled: true,
      disabledAt: null,
      disabledReason: null,
      failingSince: null,
      failedDeliveries: 0,
    });
    await t.db.webhookEndpoint.updateMany({ where: { id: endpoint.id, tenantId: a.tenantId }, data: { url: `http://hooks.acme.test:${down.port}/back` } });
    down.status = 200;
    await a.caller.webhook.redeliver({ id: late! });
    await expectCode(b.caller.webhook.redeliver({ id: late! }), "NOT_FOUND");
    await runDue();
    expect(await t.db.notificationDelivery.findFirst({ where: { id: late } })).toMatchObject({ status: "DELIVERED" });
  });

  it("a success clears the endpoint's failing record; switching it off by hand skips its queued deliveries, test pings still go", async () => {
    const a = await ownerOfNewTenant(t.db, "Flaky again");
    const { endpoint } = await createWebhookEndpoint(t.db, a.tenantId, { url: `http://hooks.acme.test:${down.port}/flaky`, events: ["contact.left"] });
    const start = (clock = inTheFuture(90));
    down.status = 503;
    const [id] = await queueContactLeft(a.tenantId, endpoint, 1);
    await runDue();
    expect(await t.db.webhookEndpoint.findFirst({ where: { id: endpoint.id } })).toMatchObject({ failingSince: start, failedDeliveries: 0 });
    down.status = 200;
    await nextAttempt(a.tenantId);
    expect(await t.db.notificationDelivery.findFirst({ where: { id } })).toMatchObject({ status: "DELIVERED", attempts: 2 });
    expect(await t.db.webhookEndpoint.findFirst({ where: { id: endpoint.id } })).toMatchObject({ enabled: true, failingSince: null, failedDeliveries: 0 });

    down.status = 503;
    const [waiting] = await queueContactLeft(a.tenantId, endpoint, 1);
    await runDue();
    const hits = down.hits;
    await a.caller.webhook.update({ id: endpoint.id, enabled: false });
    expect(await t.db.notificationDelivery.findFirst({ where: { id: waiting } })).toMatchObject({
      status: "FAILED",
      attempts: 1,
      nextAttemptAt: null,
      lastError: "Not sent: the endpoint is disabled.",
    });
    expect((await a.caller.webhook.list())[0]).toMatchObject({ enabled: false, disabledAt: null, disabledReason: null });
    await nextAttempt(a.tenantId);
    await runDue();
    expect(down.hits).toBe(hits);
    const ping = await sendTestWebhook(t.db, a.tenantId, endpoint.id);
    await runDue();
    expect(down.hits).toBe(hits + 1);
    expect(await t.db.notificationDelivery.findFirst({ where: { id: ping.deliveryId } })).toMatchObject({ status: "PENDING", attempts: 1, responseStatus: 503 });
  });
});
