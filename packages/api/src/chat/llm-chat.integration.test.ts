import { PROVIDER_FALLBACK_NOTICE } from "@kefu/ai";
import { useLlmTestServer } from "@kefu/ai/testing/vitest";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { collect, ownerOfNewTenant, useTestDb, visitorCaller } from "../testing/index.ts";

// Remote AI providers through the real public chat.send, against a loopback LLM server.
const t = useTestDb();
// A timeout with room for a busy machine; the timeout case shortens it for itself.
const server = useLlmTestServer({ env: { KEFU_SECRET_KEY: Buffer.alloc(32, 9).toString("hex"), KEFU_AI_TIMEOUT_MS: "10000" } });
let owner: Awaited<ReturnType<typeof ownerOfNewTenant>>;
let botId: string;
let publicId: string;
let providerId: string;
let seq = 0;

const REFUND = "Yes, returns are free within 30 days of delivery.";

beforeAll(async () => {
  owner = await ownerOfNewTenant(t.db, "LlmShop");
  const bot = await owner.caller.bot.create({ name: "Shop bot", greeting: "Hi", instructions: "Speak like a pirate.", language: "en", brandColor: "#0f766e" });
  botId = bot.id;
  publicId = bot.publicId;
  await owner.caller.knowledge.addFaq({ botId, question: "How long does shipping take?", alternatives: ["delivery time"], answer: "Orders arrive within 3 to 5 business days." });
  await owner.caller.knowledge.addFaq({ botId, question: "Can I return an item?", alternatives: ["refund policy"], answer: REFUND });
  const provider = await owner.caller.provider.create({ name: "Loopback", kind: "OPENAI_COMPATIBLE", baseUrl: server.openaiBaseUrl, apiKey: "sk-loop" });
  providerId = provider.id;
  await useModel("OPENAI_COMPATIBLE");
});

async function useModel(kind: "OPENAI_COMPATIBLE" | "OLLAMA") {
  await owner.caller.provider.update({ id: providerId, name: "Loopback", kind, baseUrl: kind === "OLLAMA" ? server.url : server.openaiBaseUrl });
  await owner.caller.bot.updateModel({ id: botId, chatProviderId: providerId, chatModel: "test-model", embeddingProviderId: null, embeddingModel: null, answerThreshold: 0.3 });
}

async function ask(text: string, bot = publicId) {
  const visitor = visitorCaller(t.db);
  const { visitorToken } = await visitor.chat.start({ botId: bot });
  const clientMessageId = `llm-msg-${++seq}`;
  const events = await collect(await visitor.chat.send({ botId: bot, visitorToken, text, clientMessageId }));
  const final = events.at(-1)!;
  if (final.type !== "bot_message") throw new Error(`the stream ended with ${final.type}`);
  const history = await visitor.chat.history({ botId: bot, visitorToken });
  return { events, final: final.message, history, deltas: events.filter((e) => e.type === "delta").map((e) => (e.type === "delta" ? e.text : "")) };
}

describe("chat with an OpenAI-compatible model", () => {
  it("stores a model answer with a lone surrogate repaired, not lost", async () => {
    server.behave({ reply: "Returns are free \ud83d for 30 days [1]." });
    const { final, history } = await ask("What is your refund policy?");
    expect(final.content).toBe("Returns are free \ufffd for 30 days [1].");
    expect(history.at(-1)?.content).toBe("Returns are free \ufffd for 30 days [1].");
  });

  it("streams the model's grounded answer with citations", async () => {
    server.behave({ reply: "Arr, returns be free for 30 days [1]." });
    const { deltas, final, history } = await ask("What is your refund policy?");
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.join("")).toBe("Arr, returns be free for 30 days [1].");
    expect(final).toMatchObject({ role: "BOT", content: "Arr, returns be free for 30 days [1].", notice: null });
    expect(final.citations).toMatchObject([{ title: "Can I return an item?" }]);
    expect(history.at(-1)).toMatchObject({ content: final.content, notice: null });
    const [request] = server.chatRequests();
    expect(request?.authorization).toBe("Bearer sk-loop");
    const [system, user] = request!.body!.messages!;
    expect(String(system!.content)).toMatch(/ONLY from the numbered passages/);
    expect(String(system!.content)).toContain("Speak like a pirate.");
    expect(String(user!.content)).toContain(REFUND);
    expect(String(user!.content)).toMatch(/<passage number="1"/);
  });

  it("says it doesn't know below the threshold without calling the model", async () => {
    const { final } = await ask("What is the capital of Mongolia?");
    expect(final.content).toMatch(/don't know/);
    expect(final.citations).toEqual([]);
    expect(server.chatRequests()).toHaveLength(0);
  });

  it.each([
    ["a 500", { status: 500 }],
    ["a bad key (401)", { status: 401 }],
    ["a timeout", { hang: true }],
  ] as const)("falls back to the extractive answer with a notice on %s", async (_label, behaviour) => {
    server.behave(behaviour);
    if ("hang" in behaviour) vi.stubEnv("KEFU_AI_TIMEOUT_MS", "600");
    const { events, final, history } = await ask("What is your refund policy?").finally(() => vi.stubEnv("KEFU_AI_TIMEOUT_MS", "10000"));
    expect(final).toMatchObject({ content: REFUND, notice: PROVIDER_FALLBACK_NOTICE.en });
    expect(final.citations).toMatchObject([{ title: "Can I return an item?" }]);
    expect(history.at(-1)).toMatchObject({ notice: PROVIDER_FALLBACK_NOTICE.en });
    expect(JSON.stringify(events)).not.toMatch(/Error|\bat \w+ \(|test status/);
    expect(server.chatRequests()).toHaveLength(1);
  });

  it("replaces a partial answer when the stream is cut", async () => {
    server.behave({ reply: "Arr, returns be free for thirty whole days, matey [1].", cutAfterChunks: 3 });
    const { events, final } = await ask("What is your refund policy?");
    const replace = events.findIndex((e) => e.type === "replace");
    expect(events.slice(1, replace).every((e) => e.type === "delta")).toBe(true);
    expect(replace).toBeGreaterThan(1);
    expect(events[replace]).toEqual({ type: "replace", text: REFUND });
    expect(final).toMatchObject({ content: REFUND, notice: PROVIDER_FALLBACK_NOTICE.en });
  });
});

describe("playground", () => {
  it("shows the answer the bot's model would give, and the fallback notice", async () => {
    server.behave({ reply: "Returns are free for 30 days [1]." });
    const result = await owner.caller.knowledge.playground({ botId, question: "What is your refund policy?" });
    expect(result).toMatchObject({ decision: "answer", provider: "llm", text: "Returns are free for 30 days [1].", notice: null });
    server.behave({ status: 500 });
    const fallback = await owner.caller.knowledge.playground({ botId, question: "What is your refund policy?" });
    expect(fallback).toMatchObject({ decision: "answer", provider: "builtin", text: REFUND, notice: PROVIDER_FALLBACK_NOTICE.en });
  });
});

describe("chat with an Ollama model", () => {
  beforeAll(() => useModel("OLLAMA"));
  afterAll(() => useModel("OPENAI_COMPATIBLE"));

  it("streams the answer", async () => {
    server.behave({ reply: "Delivery takes 3 to 5 business days [1]." });
    const { deltas, final } = await ask("What is the delivery time?");
    expect(deltas.length).toBeGreaterThan(2);
    expect(final).toMatchObject({ content: "Delivery takes 3 to 5 business days [1].", notice: null });
    expect(server.chatRequests()[0]?.path).toBe("/api/chat");
  });
});

describe("tenancy", () => {
  it("a bot in another tenant never uses this tenant's provider", async () => {
    const other = await ownerOfNewTenant(t.db, "OtherShop");
    const bot = await other.caller.bot.create({ name: "Other", greeting: "Hi", instructions: "", language: "en", brandColor: "#0f766e" });
    await other.caller.knowledge.addFaq({ botId: bot.id, question: "Can I return an item?", alternatives: [], answer: REFUND });
    await expect(
      other.caller.bot.updateModel({ id: bot.id, chatProviderId: providerId, chatModel: "test-model", embeddingProviderId: null, embeddingModel: null, answerThreshold: 0.3 }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    // Even a row pointing at it (written behind the API's back) is not followed across tenants.
    await t.db.bot.updateMany({ where: { id: bot.id, tenantId: other.tenantId }, data: { chatProviderId: providerId, chatModel: "test-model" } });
    const { final } = await ask("Can I return an item?", bot.publicId);
    expect(final).toMatchObject({ content: REFUND, notice: PROVIDER_FALLBACK_NOTICE.en });
    expect(server.chatRequests()).toHaveLength(0);
  });

  it("quotes the knowledge base when the stored key no longer decrypts (server secret changed)", async () => {
    await owner.caller.provider.update({ id: providerId, name: "Loopback", kind: "OPENAI_COMPATIBLE", baseUrl: server.openaiBaseUrl, apiKey: "sk-new" });
    vi.stubEnv("KEFU_SECRET_KEY", Buffer.alloc(32, 1).toString("hex"));
    try {
      const { final } = await ask("What is your refund policy?");
      expect(final).toMatchObject({ content: REFUND, notice: PROVIDER_FALLBACK_NOTICE.en });
      expect(server.chatRequests()).toHaveLength(0);
    } finally {
      vi.stubEnv("KEFU_SECRET_KEY", Buffer.alloc(32, 9).toString("hex"));
    }
  });
});
