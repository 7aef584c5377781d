import { beforeAll, describe, expect, it } from "vitest";
import { drainIngestion } from "../knowledge/index.ts";
import { collect, expectCode, ownerOfNewTenant, useTestDb, visitorCaller } from "../testing/index.ts";

const t = useTestDb();

let owner: Awaited<ReturnType<typeof ownerOfNewTenant>>;
let bot: { id: string; publicId: string };
let seq = 0;

/** One visitor's conversation: each text sent in turn; the stored messages of it. */
async function converse(...texts: string[]) {
  const visitor = visitorCaller(t.db);
  const session = await visitor.chat.start({ botId: bot.publicId });
  for (const text of texts) await collect(await visitor.chat.send({ botId: bot.publicId, visitorToken: session.visitorToken, text, clientMessageId: `gap-msg-${seq++}` }));
  return { visitor, session, conversation: await newestConversation() };
}

async function lastBotReply(conversationId: string) {
  return t.db.message.findFirstOrThrow({ where: { tenantId: owner.tenantId, conversationId, role: "BOT" }, orderBy: { seq: "desc" } });
}

/** Every `converse` starts a new visitor, so the newest conversation is the last one's. */
async function newestConversation() {
  return t.db.conversation.findFirstOrThrow({ where: { tenantId: owner.tenantId, botId: bot.id }, orderBy: { createdAt: "desc" } });
}

const gapOf = <G extends { label: string; examples: { text: string }[] }>(gaps: G[], text: string) => gaps.find((g) => g.label === text || g.examples.some((e) => e.text === text));

beforeAll(async () => {
  owner = await ownerOfNewTenant(t.db, "Gap shop");
  bot = await owner.caller.bot.create({ name: "Gap bot", greeting: "Hi", instructions: "", language: "en", brandColor: "#2563eb" });
  await owner.caller.knowledge.addFaq({ botId: bot.id, question: "How long does shipping take?", alternatives: ["when will my order arrive"], answer: "Orders arrive within 3 to 5 business days." });
  await owner.caller.knowledge.addFaq({ botId: bot.id, question: "Can I return an item?", alternatives: ["return policy"], answer: "Yes, returns are free within 30 days." });
  await drainIngestion(t.db);
});

describe("knowledge gaps", () => {
  let storeKey = "";

  it("finds declined, escalated, low-confidence and thumbs-down questions, clusters paraphrases and ranks them", async () => {
    // Declined, three times in two phrasings and one language each, one with an e-mail address.
    await converse("Do you sell gift cards?");
    await converse("Can I buy a gift card?");
    await converse("do you sell gift cards? my email is jane.doe@example.com");
    await converse("你们有礼品卡吗");
    await converse("礼品卡在哪里买");
    // Declined, then the visitor asks for a person; an agent answers.
    await converse("Do you have a store in Berlin?", "I want to talk to a human");
    const conversation = await newestConversation();
    expect(conversation.escalationReason).toBe("visitor_asked");
    await owner.caller.inbox.claim({ id: conversation.id });
    await owner.caller.inbox.reply({ id: conversation.id, text: "Hello!", clientMessageId: "agent-msg-1" });
    await owner.caller.inbox.reply({ id: conversation.id, text: "Yes: our Berlin store is at Torstraße 1, open 10:00 to 19:00 Monday to Saturday.", clientMessageId: "agent-msg-2" });
    // Answered, then a thumbs-down; answered with a confidence just above the threshold.
    await converse("Can I return an item?");
    const returned = await lastBotReply((await newestConversation()).id);
    expect((returned.citations as unknown[]).length).toBeGreaterThan(0);
    const visitorId = (await newestConversation()).visitorId;
    await t.db.answerFeedback.create({
      data: { tenantId: owner.tenantId, botId: bot.id, conversationId: returned.conversationId, messageId: returned.id, visitorId, helpful: false, reason: "incomplete" },
    });
    await converse("How long does shipping take?");
    const shipped = await lastBotReply((await newestConversation()).id);
    await t.db.message.update({ where: { id: shipped.id }, data: { confidence: 0.33 } }); // threshold 0.3 + margin 0.1
    // Asked again and answered well: counted as answered in its gap.
    await converse("How long does shipping take?");

    const list = await owner.caller.gap.list({ botId: bot.id });
    const open = list.gaps.filter((g) => g.status === "open");
    // Gift cards: asked three times (declined), ranked first; PII masked.
    // (The built-in answerer finds a weak match for one phrasing: answered with low confidence.)
    expect(open[0]).toMatchObject({ missed: 3, status: "open", reasons: { thumbs_down: 0, escalated: 0 } });
    expect(open[0]!.reasons.declined + open[0]!.reasons.low_confidence).toBe(3);
    expect(open[0]!.examples.map((e) => e.text)).toContain("do you sell gift cards? my email is [EMAIL]");
    expect(JSON.stringify(list)).not.toContain("jane.doe@example.com");
    // Chinese paraphrases together, apart from the English ones.
    const zh = gapOf(open, "你们有礼品卡吗")!;
    expect(zh.examples.map((e) => e.text).sort()).toEqual(["你们有礼品卡吗", "礼品卡在哪里买"].sort());
    // The store question: declined and escalated (the request for a person is not a gap itself).
    const store = gapOf(open, "Do you have a store in Berlin?")!;
    expect(store).toMatchObject({ missed: 1, hasAgentReply: true, reasons: { declined: 1, escalated: 1 } });
    expect(gapOf(open, "I want to talk to a human")).toBeUndefined();
    storeKey = store.key;
    // Thumbs-down and low confidence, each once; the well-answered shipping paraphrase is counted as answered.
    expect(gapOf(open, "Can I return an item?")).toMatchObject({ missed: 1, reasons: { thumbs_down: 1 } });
    expect(gapOf(open, "How long does shipping take?")).toMatchObject({ missed: 1, answered: 1, reasons: { low_confidence: 1 } });
    expect(list.scanned).toBe(9); // ten messages, the request for a person not a question
    expect(list.truncated).toBe(false);
  });

  it("prefills the FAQ form with the question, the other phrasings and the agent's reply", async () => {
    const prefill = await owner.caller.gap.prefill({ botId: bot.id, key: storeKey });
    expect(prefill).toMatchObject({
      question: "Do you have a store in Berlin?",
      alternatives: [],
      answer: "Yes: our Berlin store is at Torstraße 1, open 10:00 to 19:00 Monday to Saturday.",
      answerFromAgent: true,
    });
    const gifts = (await owner.caller.gap.list({ botId: bot.id })).gaps[0]!;
    const giftPrefill = await owner.caller.gap.prefill({ botId: bot.id, key: gifts.key });
    expect([giftPrefill.question, ...giftPrefill.alternatives].sort()).toEqual(["Can I buy a gift card?", "Do you sell gift cards?", "do you sell gift cards? my email is [EMAIL]"].sort());
    expect(giftPrefill).toMatchObject({ answer: "", answerFromAgent: false });
    await expectCode(owner.caller.gap.prefill({ botId: bot.id, key: "qnope" }), "NOT_FOUND");
  });

  it("covers a gap with a new FAQ entry, then counts its later questions as answered or missed", async () => {
    const gifts = (await owner.caller.gap.list({ botId: bot.id })).gaps[0]!;
    const { source } = await owner.caller.gap.cover({
      botId: bot.id,
      key: gifts.key,
      question: "Do you sell gift cards?",
      alternatives: ["Can I buy a gift card?"],
      answer: "Yes, gift cards from 10 to 200 euros, in the shop and online.",
    });
    // Through the knowledge service: in the bot's knowledge, and audited.
    const sources = await owner.caller.knowledge.list({ id: bot.id });
    expect(JSON.stringify(sources)).toContain(source.id);
    const audit = await t.db.auditEvent.findFirst({ where: { tenantId: owner.tenantId, action: "gap.cover" } });
    expect(audit?.outcome).toBe("success");
    await drainIngestion(t.db);

    let covered = (await owner.caller.gap.list({ botId: bot.id })).gaps.find((g) => g.decision?.sourceId === source.id)!;
    expect(covered).toMatchObject({ status: "covered", missed: 3, since: { answered: 0, missed: 0 }, decision: { sourceTitle: "Do you sell gift cards?" } });
    expect(covered.label).toBe("Do you sell gift cards?");

    // The bot now answers it; a paraphrase it still misses is counted too.
    await converse("do you sell gift cards");
    const answered = await lastBotReply((await newestConversation()).id);
    expect((answered.citations as { sourceId: string }[])[0]?.sourceId).toBe(source.id);
    await converse("gift cards for christmas?");
    const missed = await lastBotReply((await newestConversation()).id);
    await t.db.message.update({ where: { id: missed.id }, data: { citations: [], confidence: 0.1 } });
    covered = (await owner.caller.gap.list({ botId: bot.id })).gaps.find((g) => g.decision?.sourceId === source.id)!;
    expect(covered).toMatchObject({ status: "covered", since: { answered: 1, missed: 1 } });
    // Covered gaps come after the open ones.
    const list = (await owner.caller.gap.list({ botId: bot.id })).gaps;
    expect(list.findIndex((g) => g.status === "covered")).toBeGreaterThan(list.findIndex((g) => g.status === "open"));
  });

  it("dismisses and reopens a gap; another tenant cannot see or act on it", async () => {
    await owner.caller.gap.dismiss({ botId: bot.id, key: storeKey });
    let store = gapOf((await owner.caller.gap.list({ botId: bot.id })).gaps, "Do you have a store in Berlin?")!;
    expect(store.status).toBe("dismissed");
    await owner.caller.gap.reopen({ botId: bot.id, key: store.key });
    store = gapOf((await owner.caller.gap.list({ botId: bot.id })).gaps, "Do you have a store in Berlin?")!;
    expect(store).toMatchObject({ status: "open", decision: null });

    const other = await ownerOfNewTenant(t.db, "Other gap shop");
    await expectCode(other.caller.gap.list({ botId: bot.id }), "NOT_FOUND");
    await expectCode(other.caller.gap.dismiss({ botId: bot.id, key: storeKey }), "NOT_FOUND");
    const otherBot = await other.caller.bot.create({ name: "Other", greeting: "Hi", instructions: "", language: "en", brandColor: "#2563eb" });
    expect((await other.caller.gap.list({ botId: otherBot.id })).gaps).toEqual([]);
  });
  it("a 'did you mean' choice is no question of its own: it settles the question it answered", async () => {
    const other = await ownerOfNewTenant(t.db, "Choosing shop");
    const unsure = await other.caller.bot.create({ name: "Unsure bot", greeting: "Hi", instructions: "", language: "en", brandColor: "#2563eb" });
    // Threshold 1: a paraphrase near an entry gets "did you mean" choices.
    await other.caller.bot.updateModel({ id: unsure.id, chatProviderId: null, chatModel: null, embeddingProviderId: null, embeddingModel: null, answerThreshold: 1 });
    await other.caller.knowledge.addFaq({ botId: unsure.id, question: "How long does shipping take?", alternatives: ["delivery time"], answer: "Orders arrive within 3 to 5 business days." });
    await other.caller.knowledge.addFaq({ botId: unsure.id, question: "Do you ship abroad?", alternatives: ["international delivery"], answer: "We ship to 40 countries." });
    await drainIngestion(t.db);

    const visitor = visitorCaller(t.db);
    const { visitorToken } = await visitor.chat.start({ botId: unsure.publicId });
    const asked = await collect(await visitor.chat.send({ botId: unsure.publicId, visitorToken, text: "shipping time to my house?", clientMessageId: "gap-choice-1" }));
    const offer = asked.at(-1)!;
    if (offer.type !== "bot_message") throw new Error("expected a bot message");
    const shipping = offer.message.suggestions.find((s) => s.title === "How long does shipping take?")!;
    expect(shipping).toBeDefined();
    // Before the choice: offered choices, not answered — a gap.
    expect(gapOf((await other.caller.gap.list({ botId: unsure.id })).gaps, "shipping time to my house?")).toMatchObject({ missed: 1 });

    await collect(await visitor.chat.chooseSuggestion({ botId: unsure.publicId, visitorToken, messageId: offer.message.id, sourceId: shipping.sourceId, clientMessageId: "gap-choice-2" }));
    const list = await other.caller.gap.list({ botId: unsure.id });
    // The choice's text (the entry's title) is not listed as a question, and the question is answered.
    expect(gapOf(list.gaps, "How long does shipping take?")).toBeUndefined();
    expect(gapOf(list.gaps.filter((g) => g.missed > 0), "shipping time to my house?")).toBeUndefined();
    expect(list.scanned).toBe(1);
  });
});
