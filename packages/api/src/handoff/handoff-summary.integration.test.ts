import { useLlmTestServer } from "@kefu/ai/testing/vitest";
import { describe, expect, it } from "vitest";
import { collect, memberOfTenant, ownerOfNewTenant, useTestDb, visitorCaller } from "../testing/index.ts";

const t = useTestDb();
const server = useLlmTestServer({ env: { KEFU_SECRET_KEY: Buffer.alloc(32, 9).toString("hex"), KEFU_AI_TIMEOUT_MS: "10000" } });

/** A bot answering with the loopback model; the visitor asks twice, then for a person. */
async function escalatedConversation(name: string) {
  const owner = await ownerOfNewTenant(t.db, name);
  const bot = await owner.caller.bot.create({ name, greeting: "Hi", instructions: "", language: "en", brandColor: "#2563eb" });
  await owner.caller.knowledge.addFaq({ botId: bot.id, question: "How long does shipping take?", alternatives: [], answer: "3 to 5 business days." });
  const provider = await owner.caller.provider.create({ name: "Loopback", kind: "OPENAI_COMPATIBLE", baseUrl: server.openaiBaseUrl, apiKey: "sk-test" });
  await owner.caller.bot.updateModel({ id: bot.id, chatProviderId: provider.id, chatModel: "test-model", embeddingProviderId: null, embeddingModel: null, answerThreshold: 0.3 });
  const agent = await memberOfTenant(t.db, owner.tenantId, "AGENT");
  await agent.caller.member.setPresence({ presence: "ONLINE" });
  const visitor = visitorCaller(t.db);
  const { visitorToken } = await visitor.chat.start({ botId: bot.publicId });
  const say = async (text: string) => collect(await visitor.chat.send({ botId: bot.publicId, visitorToken, text, clientMessageId: `sum-${crypto.randomUUID().slice(0, 8)}` }));
  return { agent, say };
}

describe("handoff summary with an AI model", () => {
  it("is written by the bot's model when it has one", async () => {
    server.behave({
      reply: (body) =>
        JSON.stringify(body).includes("summarise a customer-service chat")
          ? '{"wants": "Their parcel has not arrived after a week.", "tried": ["Quoted the 3 to 5 day shipping time [1]"]}'
          : "Shipping takes 3 to 5 business days [1].",
    });
    const { agent, say } = await escalatedConversation("Summary model");
    await say("How long does shipping take?");
    await say("I want to talk to a person, my parcel is a week late");
    const [item] = await agent.caller.inbox.list({ view: "mine" });
    const conversation = await agent.caller.inbox.get({ id: item!.id });
    expect(conversation.handoffSummary).toEqual({
      wants: "Their parcel has not arrived after a week.",
      tried: ["Quoted the 3 to 5 day shipping time [1]"],
      by: "model",
    });
    // The transcript reached the model as data inside delimiters.
    const request = server.chatRequests().find((r) => JSON.stringify(r.body).includes("summarise a customer-service chat"));
    expect(JSON.stringify(request?.body)).toContain("<transcript>");
  });

  it("falls back to the extractive summary when the model fails", async () => {
    server.behave({ reply: "Shipping takes 3 to 5 business days [1]." });
    const { agent, say } = await escalatedConversation("Summary fallback");
    await say("How long does shipping take?");
    server.behave({ status: 500 });
    await say("talk to a human please, my parcel is late");
    const [item] = await agent.caller.inbox.list({ view: "mine" });
    const conversation = await agent.caller.inbox.get({ id: item!.id });
    expect(conversation.handoffSummary).toMatchObject({ by: "extractive", wants: expect.stringContaining("parcel is late") });
  });
});
