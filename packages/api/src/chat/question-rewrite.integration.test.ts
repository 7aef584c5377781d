import { useLlmTestServer } from "@kefu/ai/testing/vitest";
import { type ChatRequestBody } from "@kefu/ai/testing";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { BOT_ANSWERING_FIELDS } from "../bots/index.ts";
import { botKnowledgeScope, retrieverForTurn } from "../knowledge/index.ts";
import { collect, ownerOfNewTenant, useTestDb, visitorCaller } from "../testing/index.ts";

// The question rewrite before retrieval, through the real chat and playground procedures, against a
// loopback OpenAI-compatible server playing the bot's chat model.
const t = useTestDb();
// Timeouts with room for a busy machine; the timeout test shortens them for itself.
const TIMEOUTS = { KEFU_AI_TIMEOUT_MS: "10000", KEFU_REWRITE_TIMEOUT_MS: "5000" };
const server = useLlmTestServer({ env: { KEFU_SECRET_KEY: Buffer.alloc(32, 5).toString("hex"), ...TIMEOUTS } });
let owner: Awaited<ReturnType<typeof ownerOfNewTenant>>;
let botId: string;
let publicId: string;
let cancelId: string;

const isRewrite = (body: ChatRequestBody) => String(body.messages?.[0]?.content ?? "").includes("standalone question");
const rewriteRequests = () => server.chatRequests().filter((r) => isRewrite(r.body!));
const conversationOf = (body: ChatRequestBody) => String(body.messages?.at(-1)?.content ?? "");

/** The model: rewrites with `rewrite`, answers citing the first passage. */
function model(rewrite: string) {
  return (body: ChatRequestBody) => (isRewrite(body) ? rewrite : "Here is how [1].");
}

beforeAll(async () => {
  owner = await ownerOfNewTenant(t.db, "RewriteShop");
  const bot = await owner.caller.bot.create({ name: "Shop bot", greeting: "Hi", instructions: "", language: "en", brandColor: "#0f766e" });
  botId = bot.id;
  publicId = bot.publicId;
  cancelId = (await owner.caller.knowledge.addFaq({ botId, question: "How do I cancel my subscription?", alternatives: [], answer: "Open Billing and choose Cancel plan." })).id;
  await owner.caller.knowledge.addFaq({ botId, question: "How long does shipping take?", alternatives: [], answer: "Three to five business days." });
  const provider = await owner.caller.provider.create({ name: "Loopback", kind: "OPENAI_COMPATIBLE", baseUrl: server.openaiBaseUrl, apiKey: "sk-loop" });
  await owner.caller.bot.updateModel({ id: botId, chatProviderId: provider.id, chatModel: "test-model", embeddingProviderId: null, embeddingModel: null, answerThreshold: 0.3 });
});

async function conversation(...texts: string[]) {
  const visitor = visitorCaller(t.db);
  const { visitorToken } = await visitor.chat.start({ botId: publicId });
  const replies = [];
  for (const [i, text] of texts.entries()) {
    const events = await collect(await visitor.chat.send({ botId: publicId, visitorToken, text, clientMessageId: `rw-${crypto.randomUUID()}-${i}` }));
    const final = events.at(-1)!;
    if (final.type !== "bot_message") throw new Error(`the stream ended with ${final.type}`);
    replies.push(final.message);
  }
  return replies;
}

describe("question rewrite", () => {
  it("is off by default: nothing but the answer goes to the model", async () => {
    server.behave({ reply: model("How do I cancel my subscription?") });
    const tried = await owner.caller.knowledge.playground({ botId, question: "ok how do i do that" });
    expect(tried.rewrite).toMatchObject({ outcome: "off", rewritten: null });
    expect(rewriteRequests()).toHaveLength(0);
  });

  it("searches the rewritten standalone question too, with the last turns as context", async () => {
    await owner.caller.bot.setQuestionRewrite({ id: botId, enabled: true });
    server.behave({ reply: model("How do I cancel my subscription?") });
    const [, reply] = await conversation("I want to stop paying for my plan", "ok how do i do that");
    expect(reply!.citations[0]?.sourceId).toBe(cancelId);
    const last = conversationOf(rewriteRequests().at(-1)!.body!);
    expect(last).toContain("CUSTOMER: I want to stop paying for my plan");
    expect(last).toContain("CUSTOMER (last): ok how do i do that");

    const tried = await owner.caller.knowledge.playground({ botId, question: "ok how do i do that" });
    expect(tried.rewrite).toMatchObject({ outcome: "rewritten", rewritten: "How do I cancel my subscription?", bestFrom: "rewrite", reason: null });
    expect(tried.citations[0]?.sourceId).toBe(cancelId);
  });

  it("sends the visitor's personal data as placeholders, as answers do", async () => {
    server.behave({ reply: model("How do I cancel my subscription for [EMAIL_1]?") });
    await conversation("my email is ann.lee@example.com and my phone 13812345678", "cancel it");
    const sent = rewriteRequests().map((r) => conversationOf(r.body!)).join("\n");
    expect(sent).not.toContain("ann.lee@example.com");
    expect(sent).not.toContain("13812345678");
    expect(sent).toMatch(/\[EMAIL_1\]/);
  });

  it("falls back to the original question when the model fails or is too slow, within the timeout", async () => {
    server.behave({ status: 500 });
    let tried = await owner.caller.knowledge.playground({ botId, question: "How long does shipping take?" });
    expect(tried.rewrite).toMatchObject({ outcome: "failed", reason: "server_error", rewritten: null });
    expect(tried.citations[0]?.title).toBe("How long does shipping take?");

    server.behave({ hang: true });
    vi.stubEnv("KEFU_REWRITE_TIMEOUT_MS", "300");
    vi.stubEnv("KEFU_AI_TIMEOUT_MS", "800");
    try {
      tried = await owner.caller.knowledge.playground({ botId, question: "How long does shipping take?" });
    } finally {
      for (const [name, value] of Object.entries(TIMEOUTS)) vi.stubEnv(name, value);
    }
    expect(tried.rewrite).toMatchObject({ outcome: "failed", reason: "timeout" });
    // KEFU_REWRITE_TIMEOUT_MS was 300: the search did not wait for the model.
    expect(tried.rewrite.ms).toBeLessThan(600);
    expect(tried.citations[0]?.title).toBe("How long does shipping take?");
  });

  it("logs the decision, never the words", async () => {
    server.behave({ reply: model("How do I cancel my subscription?") });
    const row = await t.db.bot.findFirstOrThrow({ where: { id: botId }, select: { ...BOT_ANSWERING_FIELDS, rewriteQuestions: true } });
    const events: [string, Record<string, unknown>][] = [];
    const scope = await botKnowledgeScope(t.db, owner.tenantId, botId);
    const { rewrite } = await retrieverForTurn(t.db, scope, "ok how do i do that", {
      rewrite: { bot: { ...row, id: botId, tenantId: owner.tenantId }, language: "en", history: async () => [{ role: "visitor", text: "I want to stop my plan" }], log: (e, d) => events.push([e, d]) },
    });
    expect(rewrite.outcome).toBe("rewritten");
    expect(JSON.stringify(events)).not.toContain("cancel");
    expect(events).toEqual([["answer.question_rewrite", expect.objectContaining({ botId, outcome: "rewritten", rewrittenChars: "How do I cancel my subscription?".length, bestFrom: "rewrite" })]]);
  });
});
