import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { drainNotifications } from "./worker.ts";
import { decryptSecret } from "../platform/secrets.ts";
import { createWebhookEndpoint, webhookSecretContext } from "./webhooks.ts";
import { expectCode, memberOfTenant, ownerOfNewTenant, useTestDb } from "../testing/index.ts";

// The `webhook` admin router: owners and admins manage endpoints and the delivery log of their
// own tenant only; the signing secret is shown once (create, rotate) and never listed.
const t = useTestDb();
beforeAll(() => vi.stubEnv("KEFU_SECRET_KEY", Buffer.alloc(32, 6).toString("hex")));
afterAll(() => vi.unstubAllEnvs());

const events = ["conversation.escalated", "contact.left"] as const;

describe("webhook router", () => {
  it("creates, lists without the secret, updates, rotates, tests, redelivers and deletes", async () => {
    const { caller, tenantId } = await ownerOfNewTenant(t.db, "Hooks");
    const created = await caller.webhook.create({ url: "https://hooks.example.com/kefu", events: [...events] });
    expect(created.secret).toMatch(/^whsec_/);
    expect(created.endpoint).toMatchObject({ url: "https://hooks.example.com/kefu", events: [...events], enabled: true });
    const stored = await t.db.webhookEndpoint.findFirstOrThrow({ where: { id: created.endpoint.id } });
    expect(stored.secretCiphertext).not.toContain(created.secret);
    expect(decryptSecret(stored.secretCiphertext, webhookSecretContext(tenantId))).toBe(created.secret);

    const listed = await caller.webhook.list();
    expect(listed).toEqual([created.endpoint]);
    expect(JSON.stringify(listed)).not.toContain(created.secret);
    expect(JSON.stringify(listed)).not.toContain(stored.secretCiphertext);

    const updated = await caller.webhook.update({ id: created.endpoint.id, events: ["conversation.resolved"], enabled: false });
    expect(updated).toMatchObject({ url: "https://hooks.example.com/kefu", events: ["conversation.resolved"], enabled: false });
    const rotated = await caller.webhook.rotateSecret({ id: created.endpoint.id });
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(created.secret);
    const after = await t.db.webhookEndpoint.findFirstOrThrow({ where: { id: created.endpoint.id } });
    expect(decryptSecret(after.secretCiphertext, webhookSecretContext(tenantId))).toBe(rotated.secret);

    // A test ping to an endpoint on a private address: queued, then refused by the real policy.
    const privateHook = await createWebhookEndpoint(t.db, tenantId, { url: "http://10.20.30.40/hook", events: ["contact.left"] });
    const { deliveryId } = await caller.webhook.sendTest({ id: privateHook.endpoint.id });
    expect(await caller.webhook.listDeliveries({ endpointId: privateHook.endpoint.id })).toMatchObject([{ id: deliveryId, event: "ping", status: "PENDING" }]);
    await expectCode(caller.webhook.redeliver({ id: deliveryId }), "CONFLICT");
    await drainNotifications(t.db);
    expect(await caller.webhook.listDeliveries({})).toMatchObject([{ id: deliveryId, status: "FAILED", attempts: 1, lastError: expect.stringMatching(/^Refused/) }]);
    expect(await caller.webhook.listDeliveries({ endpointId: created.endpoint.id })).toEqual([]);

    expect(await caller.webhook.redeliver({ id: deliveryId })).toMatchObject({ id: deliveryId, status: "PENDING" });
    await drainNotifications(t.db);
    expect(await caller.webhook.listDeliveries({})).toMatchObject([{ id: deliveryId, status: "FAILED", attempts: 2 }]);

    await caller.webhook.delete({ id: privateHook.endpoint.id });
    await expectCode(caller.webhook.delete({ id: privateHook.endpoint.id }), "NOT_FOUND");
    expect((await caller.webhook.list()).map((e) => e.id)).toEqual([created.endpoint.id]);
    // The log outlives the endpoint.
    expect(await caller.webhook.listDeliveries({})).toMatchObject([{ id: deliveryId, endpointId: null }]);
  });

  it("validates URLs and events with the import URL check", async () => {
    const { caller } = await ownerOfNewTenant(t.db, "Validate");
    for (const url of ["http://localhost/hook", "http://192.168.1.5/hook", "https://hooks.example.com:6379/", "file:///etc/passwd"]) {
      await expectCode(caller.webhook.create({ url, events: ["contact.left"] }), "BAD_REQUEST");
    }
    await expectCode(caller.webhook.create({ url: "https://hooks.example.com/", events: [] }), "BAD_REQUEST");
    await expectCode(caller.webhook.create({ url: "https://hooks.example.com/", events: ["ping" as "contact.left"] }), "BAD_REQUEST");
    const ok = await caller.webhook.create({ url: "http://hooks.example.com:8080/in", events: ["contact.left"] });
    await expectCode(caller.webhook.update({ id: ok.endpoint.id, url: "http://127.0.0.1/x" }), "BAD_REQUEST");
    expect(await t.db.webhookEndpoint.count({ where: { tenantId: (await caller.account.me()).tenant.id } })).toBe(1);
  });

  it("is for owners and admins only", async () => {
    const owner = await ownerOfNewTenant(t.db, "Roles");
    const { endpoint } = await owner.caller.webhook.create({ url: "https://hooks.example.com/roles", events: ["contact.left"] });
    const admin = await memberOfTenant(t.db, owner.tenantId, "ADMIN");
    const agent = await memberOfTenant(t.db, owner.tenantId, "AGENT");
    expect((await admin.caller.webhook.list()).map((e) => e.id)).toEqual([endpoint.id]);
    await expectCode(agent.caller.webhook.list(), "FORBIDDEN");
    await expectCode(agent.caller.webhook.create({ url: "https://hooks.example.com/agent", events: ["contact.left"] }), "FORBIDDEN");
    await expectCode(agent.caller.webhook.rotateSecret({ id: endpoint.id }), "FORBIDDEN");
    await expectCode(agent.caller.webhook.listDeliveries({}), "FORBIDDEN");
    await expectCode(agent.caller.webhook.delete({ id: endpoint.id }), "FORBIDDEN");
    expect(await t.db.webhookEndpoint.count({ where: { tenantId: owner.tenantId } })).toBe(1);
  });

  it("keeps tenants apart: B cannot see, change, test or redeliver A's endpoints and deliveries", async () => {
    const a = await ownerOfNewTenant(t.db, "Tenant A");
    const b = await ownerOfNewTenant(t.db, "Tenant B");
    const aHook = await a.caller.webhook.create({ url: "https://hooks.example.com/a", events: ["contact.left"] });
    const privateHook = await createWebhookEndpoint(t.db, a.tenantId, { url: "http://10.9.9.9/a", events: ["contact.left"] });
    const { deliveryId } = await a.caller.webhook.sendTest({ id: privateHook.endpoint.id });
    await drainNotifications(t.db);

    expect(await b.caller.webhook.list()).toEqual([]);
    expect(await b.caller.webhook.listDeliveries({})).toEqual([]);
    await expectCode(b.caller.webhook.listDeliveries({ endpointId: aHook.endpoint.id }), "NOT_FOUND");
    await expectCode(b.caller.webhook.update({ id: aHook.endpoint.id, enabled: false }), "NOT_FOUND");
    await expectCode(b.caller.webhook.rotateSecret({ id: aHook.endpoint.id }), "NOT_FOUND");
    await expectCode(b.caller.webhook.sendTest({ id: aHook.endpoint.id }), "NOT_FOUND");
    await expectCode(b.caller.webhook.delete({ id: aHook.endpoint.id }), "NOT_FOUND");
    await expectCode(b.caller.webhook.redeliver({ id: deliveryId }), "NOT_FOUND");

    const stored = await t.db.webhookEndpoint.findFirstOrThrow({ where: { id: aHook.endpoint.id } });
    expect(stored).toMatchObject({ enabled: true, tenantId: a.tenantId });
    expect(decryptSecret(stored.secretCiphertext, webhookSecretContext(a.tenantId))).toBe(aHook.secret);
    // A's ciphertext copied into B's row does not decrypt there (the tenant is bound in).
    expect(() => decryptSecret(stored.secretCiphertext, webhookSecretContext(b.tenantId))).toThrow();
    expect(await t.db.notificationDelivery.findFirst({ where: { id: deliveryId } })).toMatchObject({ status: "FAILED", attempts: 1 });
    expect(await t.db.notificationDelivery.count({ where: { tenantId: b.tenantId } })).toBe(0);
  });
});
