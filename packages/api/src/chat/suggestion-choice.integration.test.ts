import { useLlmTestServer } from "@kefu/ai/testing/vitest";
import { beforeAll, describe, expect, it } from "vitest";
import { drainIngestion } from "../knowledge/index.ts";
import { collect, expectCode, ownerOfNewTenant, useTestDb, visitorCaller } from "../testing/index.ts";

const t = useTestDb();
const server = useLlmTestServer({ env: { KEFU_SECRET_KEY: Buffer.alloc(32, 7).toString("hex"), KEFU_AI_TIMEOUT_MS: "10000" } });

let publicId: string;
let botId: string;
let shippingId: string;
let otherPublicId: string;

/** A bot that answers only a perfect match (threshold 1): a paraphrase near an entry gets "did you mean". */
async function unsureBot(name: string) {
  const owner = await ownerOfNewTenant(t.db, name);
  const bot = await owner.caller.bot.create({ name: `${name} bot`, greeting: "Hi", instructions: "", language: "en", brandColor: "#0f766e" });
  await owner.caller.bot.updateModel({ id: bot.id, chatProviderId: null, chatModel: null, embeddingProviderId: null, embeddingModel: null, answerThreshold: 1 });
  return { owner, bot };
}

beforeAll(async () => {
  const { owner, bot } = await unsureBot("Band shop");
  publicId = bot.publicId;
  botId = bot.id;
  const shipping = await owner.caller.knowledge.addFaq({
    botId: bot.id,
    question: "How long does shipping take?",
    alternatives: ["when will my order arrive", "delivery time"],
    answer: "Orders arrive within 3 to 5 business days.",
  });
  shippingId = shipping.id;
  await owner.caller.knowledge.addFaq({ botId: bot.id, question: "Can I return an item?", alternatives: ["refund policy"], answer: "Yes, returns are free within 30 days." });
  await owner.caller.knowledge.addFaq({ botId: bot.id, question: "Do you ship abroad?", alternatives: ["international delivery"], answer: "We ship to 40 countries." });
  const other = await unsureBot("Other shop");
  otherPublicId = other.bot.publicId;
  await other.owner.caller.knowledge.addFaq({ botId: other.bot.id, question: "How long does shipping take?", alternatives: [], answer: "Two weeks." });
  await drainIngestion(t.db);
});

/** A visitor who asked about delivery in words of their own and got "did you mean" choices. */
async function visitorWithSuggestions(clientMessageId: string) {
  const visitor = visitorCaller(t.db);
  const { visitorToken } = await visitor.chat.start({ botId: publicId });
  const events = await collect(await visitor.chat.send({ botId: publicId, visitorToken, text: "shipping time to my house?", clientMessageId }));
  const final = events.at(-1)!;
  if (final.type !== "bot_message") throw new Error(`expected a bot message, got ${final.type}`);
  return { visitor, visitorToken, offer: final.message };
}

describe("did you mean", () => {
  it("offers the nearest entries without asserting an answer; stored and replayed with the message", async () => {
    const { visitor, visitorToken, offer } = await visitorWithSuggestions("band-0001");
    expect(offer.content).toBe("I'm not sure I understood. Did you mean one of these?");
    expect(offer.citations).toEqual([]);
    expect(offer.suggestions[0]).toEqual({ sourceId: shippingId, title: "How long does shipping take?" });
    expect(offer.suggestions.length).toBeLessThanOrEqual(3);
    const history = await visitor.chat.history({ botId: publicId, visitorToken });
    expect(history.at(-1)).toMatchObject({ id: offer.id, suggestions: offer.suggestions });
    // Not an answer: the unanswered streak moves on.
    const conversation = await t.db.conversation.findFirstOrThrow({ where: { botId }, orderBy: { createdAt: "desc" }, select: { unansweredStreak: true } });
    expect(conversation.unansweredStreak).toBe(1);
  });

  it("answers a chosen entry with its citation, counted as answered, once per client id", async () => {
    const { visitor, visitorToken, offer } = await visitorWithSuggestions("band-0002");
    const choose = () => visitor.chat.chooseSuggestion({ botId: publicId, visitorToken, messageId: offer.id, sourceId: shippingId, clientMessageId: "band-0003" });
    const events = await collect(await choose());
    expect(events[0]).toMatchObject({ type: "visitor_message", message: { role: "VISITOR", content: "How long does shipping take?" } });
    const final = events.at(-1)!;
    expect(final.type).toBe("bot_message");
    if (final.type !== "bot_message") return;
    expect(final.message.content).toBe("Orders arrive within 3 to 5 business days.");
    expect(final.message.citations).toEqual([expect.objectContaining({ sourceId: shippingId, title: "How long does shipping take?" })]);
    expect(final.message.suggestions).toEqual([]);
    const conversation = await t.db.conversation.findFirstOrThrow({ where: { botId }, orderBy: { createdAt: "desc" }, select: { id: true, unansweredStreak: true } });
    expect(conversation.unansweredStreak).toBe(0);

    // The same choice again (a retry): the stored exchange, nothing new.
    const before = await t.db.message.count({ where: { conversationId: conversation.id } });
    const again = await collect(await choose());
    expect(again.map((e) => e.type)).toEqual(["visitor_message", "bot_message"]);
    expect(again.at(-1)).toMatchObject({ type: "bot_message", message: { id: final.message.id } });
    expect(await t.db.message.count({ where: { conversationId: conversation.id } })).toBe(before);
    const history = await visitor.chat.history({ botId: publicId, visitorToken });
    expect(history.slice(-2).map((m) => [m.role, m.content])).toEqual([
      ["VISITOR", "How long does shipping take?"],
      ["BOT", "Orders arrive within 3 to 5 business days."],
    ]);
  });

  it("answers only an entry that message offered, in the visitor's own conversation", async () => {
    const { visitor, visitorToken, offer } = await visitorWithSuggestions("band-0004");
    const input = { botId: publicId, visitorToken, messageId: offer.id, sourceId: shippingId };
    // An entry the message did not offer (here: another tenant's entry id) is never answered.
    const otherBot = await t.db.bot.findFirstOrThrow({ where: { publicId: otherPublicId }, select: { tenantId: true } });
    const foreign = await t.db.knowledgeSource.findFirstOrThrow({ where: { tenantId: otherBot.tenantId }, select: { id: true } });
    await expectCode(visitor.chat.chooseSuggestion({ ...input, sourceId: foreign.id, clientMessageId: "band-0005" }), "BAD_REQUEST");
    await expectCode(visitor.chat.chooseSuggestion({ ...input, sourceId: "no-such-entry", clientMessageId: "band-0006" }), "BAD_REQUEST");
    // Only a bot reply offers anything: the visitor's own message is not one.
    const own = (await visitor.chat.history({ botId: publicId, visitorToken })).find((m) => m.role === "VISITOR")!;
    await expectCode(visitor.chat.chooseSuggestion({ ...input, messageId: own.id, clientMessageId: "band-0007" }), "NOT_FOUND");

    // Another visitor of the same bot cannot choose from this visitor's message.
    const stranger = visitorCaller(t.db);
    const { visitorToken: strangerToken } = await stranger.chat.start({ botId: publicId });
    await expectCode(stranger.chat.chooseSuggestion({ ...input, visitorToken: strangerToken, clientMessageId: "band-0008" }), "NOT_FOUND");
    // Nor a visitor of another tenant, with its own bot or with this one.
    const outsider = visitorCaller(t.db);
    const { visitorToken: outsiderToken } = await outsider.chat.start({ botId: otherPublicId });
    await expectCode(outsider.chat.chooseSuggestion({ ...input, botId: otherPublicId, visitorToken: outsiderToken, clientMessageId: "band-0009" }), "NOT_FOUND");
    await expectCode(outsider.chat.chooseSuggestion({ ...input, visitorToken: outsiderToken, clientMessageId: "band-0010" }), "UNAUTHORIZED");
    // Nothing was stored by the refused choices.
    const history = await visitor.chat.history({ botId: publicId, visitorToken });
    expect(history.at(-1)?.id).toBe(offer.id);
  });

  it("refuses a malformed choice at the boundary", async () => {
    const { visitor, visitorToken, offer } = await visitorWithSuggestions("band-0011");
    await expectCode(visitor.chat.chooseSuggestion({ botId: publicId, visitorToken, messageId: offer.id, sourceId: shippingId, clientMessageId: "no" }), "BAD_REQUEST");
    await expectCode(visitor.chat.chooseSuggestion({ botId: publicId, visitorToken, messageId: "", sourceId: shippingId, clientMessageId: "band-0012" }), "BAD_REQUEST");
  });

  it("answers a choice left without a reply when it is sent again (the widget's retry, the sweep)", async () => {
    const { visitor, visitorToken, offer } = await visitorWithSuggestions("band-0013");
    const input = { botId: publicId, visitorToken, messageId: offer.id, sourceId: shippingId, clientMessageId: "band-0014" };
    // The stream breaks after the choice is stored: its claim is given back, no reply stored.
    for await (const event of await visitor.chat.chooseSuggestion(input)) {
      expect(event.type).toBe("visitor_message");
      break;
    }
    expect((await visitor.chat.history({ botId: publicId, visitorToken })).at(-1)).toMatchObject({ role: "VISITOR", suggestions: [{ sourceId: shippingId }] });
    const again = await collect(await visitor.chat.chooseSuggestion(input));
    expect(again.at(-1)).toMatchObject({ type: "bot_message", message: { content: "Orders arrive within 3 to 5 business days." } });
  });

  it("with an AI model, the model answers from the chosen entry's passage only", async () => {
    const { owner, bot } = await unsureBot("Model shop");
    const shipping = await owner.caller.knowledge.addFaq({ botId: bot.id, question: "How long does shipping take?", alternatives: ["when will my order arrive"], answer: "Orders arrive within 3 to 5 business days." });
    await owner.caller.knowledge.addFaq({ botId: bot.id, question: "Do you ship abroad?", alternatives: ["international delivery"], answer: "We ship to 40 countries." });
    const provider = await owner.caller.provider.create({ name: "Loopback", kind: "OPENAI_COMPATIBLE", baseUrl: server.openaiBaseUrl, apiKey: "sk-loop" });
    await owner.caller.bot.updateModel({ id: bot.id, chatProviderId: provider.id, chatModel: "test-model", embeddingProviderId: null, embeddingModel: null, answerThreshold: 1 });
    const visitor = visitorCaller(t.db);
    const { visitorToken } = await visitor.chat.start({ botId: bot.publicId });
    const asked = await collect(await visitor.chat.send({ botId: bot.publicId, visitorToken, text: "shipping time to my house?", clientMessageId: "band-0015" }));
    const offer = asked.at(-1)!;
    if (offer.type !== "bot_message") throw new Error("expected a bot message");
    expect(offer.message.suggestions.map((s) => s.sourceId)).toContain(shipping.id);
    // Not sure: the model is not asked to assert anything.
    expect(server.chatRequests()).toHaveLength(0);

    server.behave({ reply: "Your order arrives in 3 to 5 business days [1]." });
    const events = await collect(
      await visitor.chat.chooseSuggestion({ botId: bot.publicId, visitorToken, messageId: offer.message.id, sourceId: shipping.id, clientMessageId: "band-0016" }),
    );
    expect(events.at(-1)).toMatchObject({ type: "bot_message", message: { content: "Your order arrives in 3 to 5 business days [1].", citations: [{ sourceId: shipping.id }] } });
    const [request] = server.chatRequests();
    const prompt = request!.body!.messages!.map((m) => String(m.content)).join("\n");
    expect(prompt).toContain("Orders arrive within 3 to 5 business days.");
    expect(prompt).not.toContain("We ship to 40 countries.");
  });
});

describe("related questions", () => {
  it("offers a near neighbour under an answer (not under an exact match), and answers it when chosen", async () => {
    const owner = await ownerOfNewTenant(t.db, "Related shop");
    const bot = await owner.caller.bot.create({ name: "Related bot", greeting: "Hi", instructions: "", language: "en", brandColor: "#0f766e" });
    const standard = await owner.caller.knowledge.addFaq({ botId: bot.id, question: "How long does standard shipping take?", alternatives: [], answer: "Standard parcels arrive in 5 days." });
    const express = await owner.caller.knowledge.addFaq({ botId: bot.id, question: "How long does express shipping take?", alternatives: [], answer: "Express parcels arrive in 1 day." });
    await owner.caller.knowledge.addFaq({ botId: bot.id, question: "Can I pay by card?", alternatives: [], answer: "Yes, all major cards." });
    // Answers at any confidence, so the decision here is the answer's, never the "did you mean" band's.
    await owner.caller.bot.updateModel({ id: bot.id, chatProviderId: null, chatModel: null, embeddingProviderId: null, embeddingModel: null, answerThreshold: 0.05 });
    await drainIngestion(t.db);
    const visitor = visitorCaller(t.db);
    const { visitorToken } = await visitor.chat.start({ botId: bot.publicId });
    const ask = async (text: string, clientMessageId: string) => {
      const last = (await collect(await visitor.chat.send({ botId: bot.publicId, visitorToken, text, clientMessageId }))).at(-1)!;
      if (last.type !== "bot_message") throw new Error(`expected a bot message, got ${last.type}`);
      return last.message;
    };

    // An exact match stands alone.
    const exact = await ask("How long does express shipping take?", "related-0001");
    expect(exact.citations.map((c) => c.sourceId)).toEqual([express.id]);
    expect(exact.suggestions).toEqual([]);

    // A question both shipping entries fit: one answers, the other is offered beside it, the card entry not.
    const answer = await ask("how long does shipping take", "related-0002");
    const [cited] = answer.citations.map((c) => c.sourceId);
    const other = cited === standard.id ? express : standard;
    expect([standard.id, express.id]).toContain(cited);
    expect(answer.suggestions).toEqual([{ sourceId: other.id, title: other.title }]);

    const chosen = await collect(
      await visitor.chat.chooseSuggestion({ botId: bot.publicId, visitorToken, messageId: answer.id, sourceId: other.id, clientMessageId: "related-0003" }),
    );
    const reply = chosen.at(-1)!;
    if (reply.type !== "bot_message") throw new Error(`expected a bot message, got ${reply.type}`);
    expect(reply.message.citations.map((c) => c.sourceId)).toEqual([other.id]);
    expect(reply.message.content).toBe(other.id === express.id ? "Express parcels arrive in 1 day." : "Standard parcels arrive in 5 days.");
    expect(reply.message.suggestions).toEqual([]);
  });
});
