import { PROVIDER_FALLBACK_NOTICE } from "@kefu/ai";
import { startLlmTestServer, type LlmTestServer } from "@kefu/ai/testing";
import { type Db } from "@kefu/db";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { collect, ownerOfNewTenant, useTestDb, visitorCaller } from "./testing.ts";

// One visitor answer reads the bot row once (services/answering.ts), counted on the real client.
const t = useTestDb();
const KEY = Buffer.alloc(32, 5).toString("hex");
const REFUND = "Yes, returns are free within 30 days of delivery.";

interface BotQuery {
  operation: string;
  where: Record<string, unknown>;
}
const botQueries: BotQuery[] = [];
let recording = false;
let db: Db;
let server: LlmTestServer;
let seq = 0;

beforeAll(async () => {
  vi.stubEnv("KEFU_SECRET_KEY", KEY);
  vi.stubEnv("KEFU_AI_TIMEOUT_MS", "600");
  server = await startLlmTestServer();
  // Every query on the Bot model made through this client, while recording.
  db = t.db.$extends({
    query: {
      bot: {
        async $allOperations({ operation, args, query }) {
          if (recording) botQueries.push({ operation, where: { ...((args as { where?: Record<string, unknown> }).where ?? {}) } });
          return query(args);
        },
      },
    },
  }) as unknown as Db;
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await server.close();
});

async function shopBot(name: string) {
  const owner = await ownerOfNewTenant(t.db, name);
  const bot = await owner.caller.bot.create({ name, greeting: "Hi", instructions: "", language: "en", brandColor: "#0f766e" });
  await owner.caller.knowledge.addFaq({ botId: bot.id, question: "Can I return an item?", alternatives: ["refund policy"], answer: REFUND });
  return { owner, bot };
}

/** One chat.send, with the Bot queries it made. */
async function countedSend(publicId: string, visitorToken: string, text: string, clientMessageId = `count-msg-${++seq}`) {
  const visitor = visitorCaller(db);
  botQueries.length = 0;
  recording = true;
  try {
    const events = await collect(await visitor.chat.send({ botId: publicId, visitorToken, text, clientMessageId }));
    const queries = [...botQueries];
    // The visitor's scope (trpc.ts visitorProcedure) is looked up by public id; everything else is the answer.
    const lookups = queries.filter((q) => "publicId" in q.where);
    const answerReads = queries.filter((q) => !("publicId" in q.where));
    return { events, lookups, answerReads, final: events.at(-1) };
  } finally {
    recording = false;
  }
}

const startSession = async (publicId: string) => (await visitorCaller(db).chat.start({ botId: publicId })).visitorToken;

describe("bot reads per visitor answer", () => {
  it("reads the bot's settings once, tenant-scoped, for a built-in answer", async () => {
    const { owner, bot } = await shopBot("CountBuiltin");
    const token = await startSession(bot.publicId);
    const { answerReads, lookups, final } = await countedSend(bot.publicId, token, "What is your refund policy?");
    expect(final).toMatchObject({ type: "bot_message", message: { content: REFUND } });
    expect(lookups).toHaveLength(1);
    expect(answerReads).toEqual([{ operation: "findFirst", where: { id: bot.id, tenantId: owner.tenantId } }]);
  });

  it("reads no bot settings to replay an answered message", async () => {
    const { bot } = await shopBot("CountReplay");
    const token = await startSession(bot.publicId);
    await countedSend(bot.publicId, token, "refund policy", "count-replay-1");
    const again = await countedSend(bot.publicId, token, "refund policy", "count-replay-1");
    expect(again.events.filter((e) => e.type === "delta")).toEqual([]);
    expect(again.answerReads).toEqual([]);
  });

  it("reads the bot once when it answers with its chat model", async () => {
    const { owner, bot } = await shopBot("CountModel");
    const provider = await owner.caller.provider.create({ name: "Loopback", kind: "OPENAI_COMPATIBLE", baseUrl: server.openaiBaseUrl, apiKey: "sk-count" });
    await owner.caller.bot.updateModel({ id: bot.id, chatProviderId: provider.id, chatModel: "test-model", embeddingProviderId: null, embeddingModel: null, answerThreshold: 0.3 });
    server.behave({ reply: "Returns are free for 30 days [1]." });
    server.requests.length = 0;
    const token = await startSession(bot.publicId);
    const { answerReads, final } = await countedSend(bot.publicId, token, "What is your refund policy?");
    expect(final).toMatchObject({ type: "bot_message", message: { content: "Returns are free for 30 days [1].", notice: null } });
    expect(server.chatRequests()).toHaveLength(1);
    expect(answerReads).toHaveLength(1);

    // A key that no longer decrypts still falls back to the extractive answer, with no extra read.
    vi.stubEnv("KEFU_SECRET_KEY", Buffer.alloc(32, 6).toString("hex"));
    try {
      const fallback = await countedSend(bot.publicId, token, "What is your refund policy?");
      expect(fallback.final).toMatchObject({ type: "bot_message", message: { content: REFUND, notice: PROVIDER_FALLBACK_NOTICE.en } });
      expect(fallback.answerReads).toHaveLength(1);
    } finally {
      vi.stubEnv("KEFU_SECRET_KEY", KEY);
    }
  });

  it("reads the bot once when a rule hands the visitor over (the handoff summary reads none)", async () => {
    const { owner, bot } = await shopBot("CountHandoff");
    const token = await startSession(bot.publicId);
    const { events, answerReads } = await countedSend(bot.publicId, token, "talk to a human please");
    expect(events.some((e) => e.type === "system_message")).toBe(true);
    const conversation = await t.db.conversation.findFirst({ where: { tenantId: owner.tenantId, botId: bot.id }, select: { handoffSummary: true } });
    expect(conversation?.handoffSummary).not.toBeNull();
    expect(answerReads).toHaveLength(1);
  });
});
