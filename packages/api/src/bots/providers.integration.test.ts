import { startLlmTestServer, type LlmTestServer } from "@kefu/ai/testing";
import { type TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createAdminCaller } from "../admin.ts";
import { createApiContext } from "../platform/context.ts";
import { ownerOfNewTenant, useTestDb } from "../testing/index.ts";

const t = useTestDb();
let server: LlmTestServer;

beforeAll(async () => {
  vi.stubEnv("KEFU_SECRET_KEY", Buffer.alloc(32, 7).toString("base64"));
  server = await startLlmTestServer({ models: ["gpt-test", "emb-test"] });
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await server.close();
});

async function expectCode(promise: Promise<unknown>, code: TRPCError["code"]) {
  await expect(promise).rejects.toMatchObject({ code });
}

const bot = { name: "Helper", greeting: "Hi", instructions: "", language: "en" as const, brandColor: "#2563eb" };

describe("AI providers", () => {
  it("creates, lists, updates and deletes providers, never returning the key", async () => {
    const { caller, tenantId } = await ownerOfNewTenant(t.db, "Acme");
    const created = await caller.provider.create({ name: "OpenAI", kind: "OPENAI_COMPATIBLE", baseUrl: "https://api.example.com/v1/", apiKey: "sk-secret-1" });
    expect(created).toMatchObject({ name: "OpenAI", baseUrl: "https://api.example.com/v1", hasKey: true });
    expect(JSON.stringify(created)).not.toMatch(/sk-secret|apiKey|Ciphertext/);
    const row = await t.db.aiProvider.findFirst({ where: { id: created.id, tenantId } });
    expect(row?.apiKeyCiphertext).toMatch(/^v2:[\w-]{8}:/);
    expect(row?.apiKeyCiphertext).not.toContain("sk-secret-1");

    // A blank key keeps the stored one; clearApiKey removes it.
    const renamed = await caller.provider.update({ id: created.id, name: "Main", kind: "OPENAI_COMPATIBLE", baseUrl: "https://api.example.com/v1", apiKey: "" });
    expect(renamed).toMatchObject({ name: "Main", hasKey: true });
    expect((await t.db.aiProvider.findFirst({ where: { id: created.id, tenantId } }))?.apiKeyCiphertext).toBe(row?.apiKeyCiphertext);
    const cleared = await caller.provider.update({ id: created.id, name: "Main", kind: "OLLAMA", baseUrl: "http://localhost:11434", clearApiKey: true });
    expect(cleared).toMatchObject({ kind: "OLLAMA", hasKey: false });

    const list = await caller.provider.list();
    expect(list.map((p) => p.id)).toEqual([created.id]);
    expect(JSON.stringify(list)).not.toMatch(/Ciphertext/);
    await caller.provider.delete({ id: created.id });
    expect(await caller.provider.list()).toEqual([]);
  });

  it("validates the base URL and the name", async () => {
    const { caller } = await ownerOfNewTenant(t.db, "Valid");
    for (const baseUrl of ["ftp://example.com", "not a url", "file:///etc/passwd", "http://user:pw@example.com/v1", ""]) {
      await expect(caller.provider.create({ name: "X", kind: "OPENAI_COMPATIBLE", baseUrl })).rejects.toMatchObject({
        code: "BAD_REQUEST",
        cause: { issues: expect.arrayContaining([expect.objectContaining({ path: ["baseUrl"] })]) },
      });
    }
    await expectCode(caller.provider.create({ name: " ", kind: "OLLAMA", baseUrl: "http://localhost:11434" }), "BAD_REQUEST");
  });

  it("tests a provider with a real call and types the failures", async () => {
    const { caller } = await ownerOfNewTenant(t.db, "Tester");
    const openai = await caller.provider.create({ name: "Loopback", kind: "OPENAI_COMPATIBLE", baseUrl: server.openaiBaseUrl, apiKey: "sk-loop" });
    server.behave({ models: ["gpt-test", "emb-test"] });
    expect(await caller.provider.test({ id: openai.id })).toEqual({ ok: true, models: ["gpt-test", "emb-test"] });
    expect(server.requests.at(-1)).toMatchObject({ path: "/v1/models", authorization: "Bearer sk-loop" });

    const ollama = await caller.provider.create({ name: "Ollama", kind: "OLLAMA", baseUrl: server.url });
    expect((await caller.provider.test({ id: ollama.id })).models).toContain("gpt-test");

    server.behave({ status: 401 });
    await expect(caller.provider.test({ id: openai.id })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "The provider refused the API key. (HTTP 401)",
      cause: { reason: "provider_unauthorized" },
    });
    server.behave({ status: 503 });
    await expect(caller.provider.test({ id: openai.id })).rejects.toMatchObject({ cause: { reason: "provider_server_error" } });
    server.behave({});

    const dead = await caller.provider.create({ name: "Dead", kind: "OPENAI_COMPATIBLE", baseUrl: "http://127.0.0.1:1/v1" });
    await expect(caller.provider.test({ id: dead.id })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      cause: { reason: "provider_unreachable" },
    });
  });

  it("gives another tenant NOT_FOUND on every procedure", async () => {
    const a = await ownerOfNewTenant(t.db, "TenantA");
    const b = await ownerOfNewTenant(t.db, "TenantB");
    const provider = await a.caller.provider.create({ name: "A's", kind: "OPENAI_COMPATIBLE", baseUrl: server.openaiBaseUrl, apiKey: "sk-a" });
    expect(await b.caller.provider.list()).toEqual([]);
    await expectCode(b.caller.provider.update({ id: provider.id, name: "Stolen", kind: "OLLAMA", baseUrl: "http://evil.example" }), "NOT_FOUND");
    await expectCode(b.caller.provider.test({ id: provider.id }), "NOT_FOUND");
    await expectCode(b.caller.provider.delete({ id: provider.id }), "NOT_FOUND");
    // …and cannot point its own bot at A's provider.
    const bBot = await b.caller.bot.create(bot);
    await expectCode(
      b.caller.bot.updateModel({ id: bBot.id, chatProviderId: provider.id, chatModel: "gpt-test", embeddingProviderId: null, embeddingModel: null, answerThreshold: 0.3 }),
      "NOT_FOUND",
    );
    await expectCode(
      b.caller.bot.updateModel({ id: bBot.id, chatProviderId: null, chatModel: null, embeddingProviderId: provider.id, embeddingModel: "e", answerThreshold: 0.3 }),
      "NOT_FOUND",
    );
    // Nor change A's bot.
    const aBot = await a.caller.bot.create(bot);
    await expectCode(
      b.caller.bot.updateModel({ id: aBot.id, chatProviderId: null, chatModel: null, embeddingProviderId: null, embeddingModel: null, answerThreshold: 0.5 }),
      "NOT_FOUND",
    );
    expect(await a.caller.provider.list()).toMatchObject([{ id: provider.id, name: "A's" }]);
  });

  it("forbids agents", async () => {
    const owner = await ownerOfNewTenant(t.db, "Roles");
    const provider = await owner.caller.provider.create({ name: "P", kind: "OLLAMA", baseUrl: "http://localhost:11434" });
    const created = await owner.caller.bot.create(bot);
    const agentUser = await t.db.user.create({ data: { email: "agent@providers.test", name: "Agent", passwordHash: "x" } });
    await t.db.membership.create({ data: { tenantId: owner.tenantId, userId: agentUser.id, role: "AGENT" } });
    const agent = createAdminCaller(createApiContext({ db: t.db, userId: agentUser.id }));
    await expectCode(agent.provider.list(), "FORBIDDEN");
    await expectCode(agent.provider.create({ name: "P", kind: "OLLAMA", baseUrl: "http://localhost:11434" }), "FORBIDDEN");
    await expectCode(agent.provider.update({ id: provider.id, name: "P", kind: "OLLAMA", baseUrl: "http://localhost:11434" }), "FORBIDDEN");
    await expectCode(agent.provider.delete({ id: provider.id }), "FORBIDDEN");
    await expectCode(agent.provider.test({ id: provider.id }), "FORBIDDEN");
    await expectCode(
      agent.bot.updateModel({ id: created.id, chatProviderId: null, chatModel: null, embeddingProviderId: null, embeddingModel: null, answerThreshold: 0.5 }),
      "FORBIDDEN",
    );
  });
});

describe("bot models", () => {
  it("saves the bot's providers, models and threshold, and get returns them", async () => {
    const { caller } = await ownerOfNewTenant(t.db, "Models");
    const created = await caller.bot.create(bot);
    expect(await caller.bot.get({ id: created.id })).toMatchObject({ chatProviderId: null, chatModel: null, answerThreshold: 0.3 });
    const provider = await caller.provider.create({ name: "P", kind: "OPENAI_COMPATIBLE", baseUrl: server.openaiBaseUrl });
    const updated = await caller.bot.updateModel({
      id: created.id,
      chatProviderId: provider.id,
      chatModel: "gpt-test",
      embeddingProviderId: provider.id,
      embeddingModel: "emb-test",
      answerThreshold: 0.45,
    });
    expect(updated).toMatchObject({ chatProviderId: provider.id, chatModel: "gpt-test", embeddingProviderId: provider.id, embeddingModel: "emb-test", answerThreshold: 0.45 });
    expect(await caller.bot.get({ id: created.id })).toMatchObject({ chatModel: "gpt-test", answerThreshold: 0.45 });
    // The existing bot form keeps working and leaves the models alone.
    await caller.bot.update({ id: created.id, ...bot, name: "Renamed" });
    expect(await caller.bot.get({ id: created.id })).toMatchObject({ name: "Renamed", chatModel: "gpt-test" });

    await expectCode(caller.bot.updateModel({ id: created.id, chatProviderId: provider.id, chatModel: null, embeddingProviderId: null, embeddingModel: null, answerThreshold: 0.3 }), "BAD_REQUEST");
    await expectCode(caller.bot.updateModel({ id: created.id, chatProviderId: null, chatModel: null, embeddingProviderId: null, embeddingModel: null, answerThreshold: 1.5 }), "BAD_REQUEST");
    await expectCode(caller.bot.updateModel({ id: "nope", chatProviderId: null, chatModel: null, embeddingProviderId: null, embeddingModel: null, answerThreshold: 0.3 }), "NOT_FOUND");

    // Deleting the provider returns the bot to the built-in model.
    await caller.provider.delete({ id: provider.id });
    expect(await caller.bot.get({ id: created.id })).toMatchObject({ chatProviderId: null, embeddingProviderId: null });
  });
});
