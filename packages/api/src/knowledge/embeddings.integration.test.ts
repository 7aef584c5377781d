import { useLlmTestServer } from "@kefu/ai/testing/vitest";
import { beforeAll, describe, expect, it } from "vitest";
import { drainIngestion } from "./ingestion-worker.ts";
import { collect, expectCode, ownerOfNewTenant, useTestDb, visitorCaller } from "../testing/index.ts";

// A bot's remote embedding model: background re-embedding through the real pg-boss queue and
// LangChain clients against a loopback server, then retrieval with the remote vectors.
const t = useTestDb();
const server = useLlmTestServer({ env: { KEFU_SECRET_KEY: Buffer.alloc(32, 7).toString("hex"), KEFU_AI_TIMEOUT_MS: "10000" } });
type Owner = Awaited<ReturnType<typeof ownerOfNewTenant>>;
let a: Owner;
let b: Owner;
let botA: { id: string; publicId: string };
let botB: { id: string; publicId: string };
let providerA: string;
let providerB: string;
let seq = 0;

const BOT = { greeting: "Hi", instructions: "", language: "en", brandColor: "#0f766e" } as const;
const SHIPPING = "Orders arrive within 3 to 5 business days.";

beforeAll(async () => {
  a = await ownerOfNewTenant(t.db, "EmbedShop");
  b = await ownerOfNewTenant(t.db, "OtherShop");
  botA = await a.caller.bot.create({ name: "Shop bot", ...BOT });
  botB = await b.caller.bot.create({ name: "Other bot", ...BOT });
  await a.caller.knowledge.addFaq({ botId: botA.id, question: "How long does shipping take?", alternatives: ["when will my order arrive"], answer: SHIPPING });
  await a.caller.knowledge.addFaq({ botId: botA.id, question: "Can I return an item?", alternatives: ["refund policy"], answer: "Returns are free within 30 days." });
  await a.caller.knowledge.addDocument({ botId: botA.id, title: "Store hours", content: "# Store hours\n\nThe Shanghai store opens at 10am and closes at 9pm." });
  await b.caller.knowledge.addFaq({ botId: botB.id, question: "Do you ship abroad?", alternatives: [], answer: "Only within the EU." });
  await drainIngestion(t.db);
  providerA = (await a.caller.provider.create({ name: "Loopback", kind: "OPENAI_COMPATIBLE", baseUrl: server.openaiBaseUrl, apiKey: "sk-a" })).id;
  providerB = (await b.caller.provider.create({ name: "Local Ollama", kind: "OLLAMA", baseUrl: server.url })).id;
});

const useEmbeddingModel = (owner: Owner, botId: string, providerId: string | null, model: string | null) =>
  owner.caller.bot.updateModel({ id: botId, chatProviderId: null, chatModel: null, embeddingProviderId: providerId, embeddingModel: model, answerThreshold: 0.3 });

const embedRequests = () => server.requests.filter((r) => r.path === "/v1/embeddings" || r.path === "/api/embed");

async function counts(tenantId: string, modelKey: string) {
  const [row] = await t.db.$queryRaw<{ chunks: number; vectors: number }[]>`
    SELECT (SELECT COUNT(*)::int FROM "KnowledgeChunk" WHERE "tenantId" = ${tenantId}) AS "chunks",
           (SELECT COUNT(*)::int FROM "ChunkEmbedding" WHERE "tenantId" = ${tenantId} AND "modelKey" = ${modelKey}) AS "vectors"`;
  return row!;
}

async function ask(text: string) {
  const visitor = visitorCaller(t.db);
  const { visitorToken } = await visitor.chat.start({ botId: botA.publicId });
  const events = await collect(await visitor.chat.send({ botId: botA.publicId, visitorToken, text, clientMessageId: `embed-msg-${++seq}` }));
  const final = events.at(-1)!;
  if (final.type !== "bot_message") throw new Error(`the stream ended with ${final.type}`);
  return final.message;
}

describe("choosing a remote embedding model", () => {
  it("re-embeds every passage in the background, then switches retrieval to it", async () => {
    const key = `${providerA}:embed-small`;
    await useEmbeddingModel(a, botA.id, providerA, "embed-small");
    // Nothing switches before the job has run.
    expect(await a.caller.bot.embeddingStatus({ id: botA.id })).toMatchObject({ active: "builtin", wanted: key, embedded: 0, state: "embedding", error: null });

    await drainIngestion(t.db);
    const status = await a.caller.bot.embeddingStatus({ id: botA.id });
    expect(status).toMatchObject({ active: key, wanted: key, state: "ready", error: null });
    expect(status.total).toBeGreaterThanOrEqual(3);
    expect(status.embedded).toBe(status.total);
    const { chunks, vectors } = await counts(a.tenantId, key);
    expect(vectors).toBe(chunks);
    expect(embedRequests().length).toBeGreaterThan(0);
    expect(embedRequests().every((r) => r.body?.model === "embed-small" && r.authorization === "Bearer sk-a")).toBe(true);
    // The other tenant's passages were not sent to this tenant's provider.
    expect(JSON.stringify(embedRequests().map((r) => r.body?.input))).not.toContain("ship abroad");
  });

  it("answers with the remote vectors: the question is embedded by the model", async () => {
    const message = await ask("When will my order arrive?");
    expect(message.content).toContain(SHIPPING);
    const asked = embedRequests().filter((r) => JSON.stringify(r.body?.input).includes("When will my order arrive?"));
    expect(asked).toHaveLength(1);
    expect(asked[0]!.body?.model).toBe("embed-small");

    server.requests.length = 0;
    const playground = await a.caller.knowledge.playground({ botId: botA.id, question: "How long does shipping take?" });
    expect(playground.decision).toBe("answer");
    expect(playground.passages[0]?.vectorScore).toBeGreaterThan(0);
    expect(embedRequests()).toHaveLength(1);
  });

  it("embeds a new document's passages after it becomes ready", async () => {
    const key = `${providerA}:embed-small`;
    await a.caller.knowledge.addDocument({ botId: botA.id, title: "Gift cards", content: "# Gift cards\n\nGift cards never expire and work in every store." });
    await drainIngestion(t.db); // indexes the document, then the re-embedding job it enqueued
    const { chunks, vectors } = await counts(a.tenantId, key);
    expect(vectors).toBe(chunks);
    expect(JSON.stringify(embedRequests().map((r) => r.body?.input))).toContain("Gift cards never expire");
    // Only the new passages were embedded.
    expect(JSON.stringify(embedRequests().map((r) => r.body?.input))).not.toContain("Shanghai store");
    expect(await a.caller.bot.embeddingStatus({ id: botA.id })).toMatchObject({ active: key, state: "ready" });
  });

  it("embeds a new FAQ entry's phrasings too", async () => {
    const key = `${providerA}:embed-small`;
    await a.caller.knowledge.addFaq({ botId: botA.id, question: "Do you gift wrap?", alternatives: ["gift wrapping"], answer: "Yes, for 2 euros." });
    await drainIngestion(t.db);
    const { chunks, vectors } = await counts(a.tenantId, key);
    expect(vectors).toBe(chunks);
    expect(JSON.stringify(embedRequests().map((r) => r.body?.input))).toContain("gift wrapping");
  });

  it("falls back to the built-in embedder when the model fails at question time", async () => {
    server.behave({ status: 500 });
    const message = await ask("When will my order arrive?");
    expect(message.content).toContain(SHIPPING);
    expect(embedRequests()).toHaveLength(1); // tried, failed, answered anyway
  });

  it("keeps the active model when re-embedding fails, and says why", async () => {
    const before = `${providerA}:embed-small`;
    const next = `${providerA}:embed-large`;
    server.behave({ status: 401 });
    await useEmbeddingModel(a, botA.id, providerA, "embed-large");
    await drainIngestion(t.db);
    expect(embedRequests().length).toBeGreaterThan(0);
    expect(await a.caller.bot.embeddingStatus({ id: botA.id })).toMatchObject({
      active: before,
      wanted: next,
      state: "failed",
      error: "The provider refused the API key.",
    });
    expect((await counts(a.tenantId, next)).vectors).toBe(0);
    // Still answering with the old model's vectors.
    server.behave({});
    server.requests.length = 0;
    expect((await ask("When will my order arrive?")).content).toContain(SHIPPING);
    expect(embedRequests()[0]?.body?.model).toBe("embed-small");
  });

  it("goes back to the built-in embedder at once", async () => {
    await useEmbeddingModel(a, botA.id, null, null);
    expect(await a.caller.bot.embeddingStatus({ id: botA.id })).toMatchObject({ active: "builtin", wanted: "builtin", state: "ready" });
    expect((await ask("When will my order arrive?")).content).toContain(SHIPPING);
    expect(embedRequests()).toHaveLength(0);
  });

  it("goes back to the built-in embedder when the provider is deleted", async () => {
    const spare = await a.caller.provider.create({ name: "Spare", kind: "OPENAI_COMPATIBLE", baseUrl: server.openaiBaseUrl, apiKey: "sk-a" });
    await useEmbeddingModel(a, botA.id, spare.id, "embed-spare");
    await drainIngestion(t.db);
    expect(await a.caller.bot.embeddingStatus({ id: botA.id })).toMatchObject({ active: `${spare.id}:embed-spare` });
    await a.caller.provider.delete({ id: spare.id });
    expect(await a.caller.bot.embeddingStatus({ id: botA.id })).toMatchObject({ active: "builtin" });
  });
});

describe("tenant isolation", () => {
  it("refuses another tenant's provider and bot", async () => {
    await expectCode(useEmbeddingModel(b, botB.id, providerA, "embed-small"), "NOT_FOUND");
    await expectCode(b.caller.bot.embeddingStatus({ id: botA.id }), "NOT_FOUND");
    await expectCode(useEmbeddingModel(b, botA.id, providerB, "embed-small"), "NOT_FOUND");
  });

  it("re-embeds only the bot's own tenant's passages (Ollama)", async () => {
    const keyB = `${providerB}:nomic-embed-text:latest`;
    const beforeA = await t.db.$queryRaw<{ n: number }[]>`SELECT COUNT(*)::int AS "n" FROM "ChunkEmbedding" WHERE "tenantId" = ${a.tenantId}`;
    await useEmbeddingModel(b, botB.id, providerB, "nomic-embed-text:latest");
    await drainIngestion(t.db);
    expect(await b.caller.bot.embeddingStatus({ id: botB.id })).toMatchObject({ active: keyB, state: "ready" });
    const { chunks, vectors } = await counts(b.tenantId, keyB);
    expect(vectors).toBe(chunks);
    const afterA = await t.db.$queryRaw<{ n: number }[]>`SELECT COUNT(*)::int AS "n" FROM "ChunkEmbedding" WHERE "tenantId" = ${a.tenantId}`;
    expect(afterA).toEqual(beforeA);
    const sent = JSON.stringify(embedRequests().map((r) => r.body?.input));
    expect(embedRequests().every((r) => r.path === "/api/embed")).toBe(true);
    expect(sent).toContain("ship abroad");
    expect(sent).not.toContain("shipping take");
  });
});
