import { type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { drainIngestion } from "../knowledge/index.ts";
import { createApiContext, foreignOrigin } from "../platform/context.ts";
import { readApiEnv } from "../platform/env.ts";
import { RateLimits } from "../platform/rate-limits.ts";
import { PUBLIC_MAX_BODY_BYTES, serveTrpc } from "../platform/trpc-http.ts";
import { publicRouter } from "../public.ts";
import { chatThrottle } from "../chat/index.ts";
import { purgeTenantData } from "../privacy/index.ts";
import { rowsMentioning } from "../testing/privacy-seed.ts";
import { collect, expectCode, ownerOfNewTenant, serveHandlerOverHttp, useTestDb, visitorCaller } from "../testing/index.ts";

// Visitor feedback through the public API on a real database: one vote per answer (changeable),
// refused on anything that is not the visitor's own bot answer, CSAT with a comment after an
// agent resolves or the visitor ends the chat, shown to agents, exported and deleted with the visitor.
const t = useTestDb();

type Owner = Awaited<ReturnType<typeof ownerOfNewTenant>>;
let shop: { owner: Owner; bot: { id: string; publicId: string } };
let other: { owner: Owner; bot: { id: string; publicId: string } };

async function botWithFaq(name: string) {
  const owner = await ownerOfNewTenant(t.db, name);
  const bot = await owner.caller.bot.create({ name: `${name} bot`, greeting: "Hi", instructions: "", language: "en", brandColor: "#0f766e" });
  await owner.caller.knowledge.addFaq({ botId: bot.id, question: "How long does shipping take?", alternatives: ["delivery time"], answer: "Orders arrive within 3 to 5 business days." });
  return { owner, bot };
}

beforeAll(async () => {
  shop = await botWithFaq("Feedback shop");
  other = await botWithFaq("Other feedback shop");
  await drainIngestion(t.db);
});

/** A visitor who asked `text` and got the bot's reply. */
async function visitorAsked(publicId: string, text: string) {
  const visitor = visitorCaller(t.db);
  const { visitorToken } = await visitor.chat.start({ botId: publicId });
  const events = await collect(await visitor.chat.send({ botId: publicId, visitorToken, text, clientMessageId: crypto.randomUUID().replace(/-/g, "") }));
  const reply = events.at(-1)!;
  const asked = events.find((e) => e.type === "visitor_message");
  if (reply.type !== "bot_message" || asked?.type !== "visitor_message") throw new Error(`expected an exchange, got ${reply.type}`);
  return { visitor, auth: { botId: publicId, visitorToken }, answer: reply.message, question: asked.message };
}

describe("answer feedback", () => {
  it("one vote per answer that the visitor can change; agents see it live and in the transcript; it comes back on reload", async () => {
    const { visitor, auth, answer } = await visitorAsked(shop.bot.publicId, "How long does shipping take?");
    expect(answer.citations.length).toBeGreaterThan(0);

    expect(await visitor.chat.giveFeedback({ ...auth, messageId: answer.id, helpful: true })).toEqual({ messageId: answer.id, helpful: true, reason: null, comment: null });
    const changed = await visitor.chat.giveFeedback({ ...auth, messageId: answer.id, helpful: false, reason: "incomplete", comment: "  What about islands?  " });
    expect(changed).toEqual({ messageId: answer.id, helpful: false, reason: "incomplete", comment: "What about islands?" });
    const rows = await t.db.answerFeedback.findMany({ where: { messageId: answer.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ tenantId: shop.owner.tenantId, botId: shop.bot.id, helpful: false, reason: "incomplete" });

    // Agents only: the vote events are not on the visitor's stream.
    const events = await t.db.conversationEvent.findMany({ where: { conversationId: rows[0]!.conversationId, type: "answer_feedback" }, orderBy: { seq: "asc" } });
    expect(events.map((e) => [e.audience, (e.payload as { helpful: boolean }).helpful])).toEqual([
      ["AGENTS", true],
      ["AGENTS", false],
    ]);
    const inbox = await shop.owner.caller.inbox.get({ id: rows[0]!.conversationId });
    expect(inbox.feedback).toEqual([{ messageId: answer.id, helpful: false, reason: "incomplete", comment: "What about islands?" }]);
    expect((await shop.owner.caller.conversation.get({ id: rows[0]!.conversationId })).feedback).toEqual(inbox.feedback);

    // Back to a thumbs up: the reason goes.
    await visitor.chat.giveFeedback({ ...auth, messageId: answer.id, helpful: true });
    expect(await t.db.answerFeedback.findUniqueOrThrow({ where: { messageId: answer.id } })).toMatchObject({ helpful: true, reason: null });
    const again = await visitor.chat.start({ botId: shop.bot.publicId, visitorToken: auth.visitorToken });
    expect(again.feedback).toEqual([{ messageId: answer.id, helpful: true, reason: null, comment: null }]);
  });

  it("refuses another visitor's answer, the visitor's own message, a decline, another tenant's answer and bad input", async () => {
    const mine = await visitorAsked(shop.bot.publicId, "How long does shipping take?");
    const theirs = await visitorAsked(shop.bot.publicId, "delivery time");
    const foreign = await visitorAsked(other.bot.publicId, "How long does shipping take?");
    const declined = await visitorAsked(shop.bot.publicId, "Do you sell garden gnomes?");
    expect(declined.answer.citations).toEqual([]);

    const vote = (messageId: string) => mine.visitor.chat.giveFeedback({ ...mine.auth, messageId, helpful: false });
    await expectCode(vote(theirs.answer.id), "NOT_FOUND");
    await expectCode(vote(mine.question.id), "NOT_FOUND");
    await expectCode(vote(foreign.answer.id), "NOT_FOUND");
    await expectCode(declined.visitor.chat.giveFeedback({ ...declined.auth, messageId: declined.answer.id, helpful: false }), "NOT_FOUND");
    // Another tenant's visitor, through their own bot, cannot reach this tenant's answer either.
    await expectCode(foreign.visitor.chat.giveFeedback({ ...foreign.auth, messageId: mine.answer.id, helpful: true }), "NOT_FOUND");
    await expectCode(mine.visitor.chat.giveFeedback({ ...mine.auth, messageId: mine.answer.id, helpful: true, reason: "wrong" }), "BAD_REQUEST");
    await expectCode(mine.visitor.chat.giveFeedback({ ...mine.auth, messageId: mine.answer.id, helpful: false, comment: "x".repeat(1001) }), "BAD_REQUEST");
    await expectCode(mine.visitor.chat.giveFeedback({ botId: shop.bot.publicId, visitorToken: "a".repeat(43), messageId: mine.answer.id, helpful: true }), "UNAUTHORIZED");
    expect(await t.db.answerFeedback.count({ where: { messageId: { in: [theirs.answer.id, mine.question.id, foreign.answer.id, declined.answer.id, mine.answer.id] } } })).toBe(0);
  });
});

describe("CSAT", () => {
  it("after an agent resolves: rating with a comment, shown to agents; rating again replaces it", async () => {
    const { visitor, auth } = await visitorAsked(shop.bot.publicId, "How long does shipping take?");
    await expectCode(visitor.chat.rate({ ...auth, rating: 5 }), "BAD_REQUEST");
    await visitor.chat.requestHuman(auth);
    const conversation = await t.db.conversation.findFirstOrThrow({ where: { tenantId: shop.owner.tenantId, visitor: { bot: { publicId: shop.bot.publicId } } }, orderBy: { createdAt: "desc" } });
    await shop.owner.caller.inbox.resolve({ id: conversation.id });
    expect(await visitor.chat.rate({ ...auth, rating: 4, comment: "Helpful, a bit slow" })).toEqual({ ok: true });
    const inbox = await shop.owner.caller.inbox.get({ id: conversation.id });
    expect(inbox).toMatchObject({ rating: 4, ratingComment: "Helpful, a bit slow" });
    expect(inbox.ratedAt).toBeInstanceOf(Date);
    expect(await shop.owner.caller.conversation.get({ id: conversation.id })).toMatchObject({ rating: 4, ratingComment: "Helpful, a bit slow" });
    const rating = await t.db.conversationEvent.findFirstOrThrow({ where: { conversationId: conversation.id, type: "rating" } });
    expect(rating).toMatchObject({ audience: "AGENTS", payload: { rating: 4, comment: "Helpful, a bit slow" } });
    await visitor.chat.rate({ ...auth, rating: 5 });
    expect(await t.db.conversation.findUniqueOrThrow({ where: { id: conversation.id } })).toMatchObject({ rating: 5, ratingComment: null });
    await expectCode(visitor.chat.rate({ ...auth, rating: 6 }), "BAD_REQUEST");
  });

  it("the visitor ends the chat: resolved, asked for a rating, and rates it", async () => {
    const { visitor, auth, answer } = await visitorAsked(shop.bot.publicId, "How long does shipping take?");
    const { conversationId } = await t.db.message.findUniqueOrThrow({ where: { id: answer.id } });
    expect(await visitor.chat.endConversation(auth)).toEqual({ status: "RESOLVED" });
    const events = await t.db.conversationEvent.findMany({ where: { conversationId }, select: { type: true, audience: true } });
    expect(events).toEqual(expect.arrayContaining([{ type: "request_rating", audience: "ALL" }]));
    // Ending again (nothing open) is not an error.
    expect(await visitor.chat.endConversation(auth)).toEqual({ status: "RESOLVED" });
    await visitor.chat.rate({ ...auth, rating: 2, comment: "没有回答我的问题" });
    expect(await t.db.conversation.findUniqueOrThrow({ where: { id: conversationId } })).toMatchObject({ status: "RESOLVED", rating: 2, ratingComment: "没有回答我的问题" });
    // A vote on an answer of the finished conversation still counts.
    await visitor.chat.giveFeedback({ ...auth, messageId: answer.id, helpful: false, reason: "wrong" });
    expect(await t.db.answerFeedback.count({ where: { conversationId } })).toBe(1);
  });
});

describe("feedback and the visitor's data", () => {
  it("the export lists the votes and the rating comment; deletion removes them", async () => {
    const { visitor, auth, answer } = await visitorAsked(shop.bot.publicId, "How long does shipping take?");
    await visitor.chat.giveFeedback({ ...auth, messageId: answer.id, helpful: false, reason: "other", comment: "vote words 9191" });
    await visitor.chat.endConversation(auth);
    await visitor.chat.rate({ ...auth, rating: 3, comment: "csat words 9292" });
    const { conversationId } = await t.db.message.findUniqueOrThrow({ where: { id: answer.id } });
    const { visitorId } = await t.db.conversation.findUniqueOrThrow({ where: { id: conversationId } });

    const exported = JSON.parse(JSON.stringify(await shop.owner.caller.privacy.exportVisitor({ visitorId })));
    expect(exported.answerFeedback).toEqual([expect.objectContaining({ messageId: answer.id, helpful: false, reason: "other", comment: "vote words 9191" })]);
    expect(exported.conversations[0]).toMatchObject({ rating: 3, ratingComment: "csat words 9292" });
    expect(exported.related).not.toHaveProperty("AnswerFeedback");

    await shop.owner.caller.privacy.deleteVisitor({ visitorId });
    expect(await t.db.answerFeedback.count({ where: { visitorId } })).toBe(0);
    expect(await rowsMentioning(t.db, ["vote words 9191", "csat words 9292", visitorId], { except: ["AuditEvent"] })).toEqual({});
  });
});

describe("feedback and retention", () => {
  it("the retention purge removes the votes with the old conversation", async () => {
    const { visitor, auth, answer } = await visitorAsked(other.bot.publicId, "How long does shipping take?");
    await visitor.chat.giveFeedback({ ...auth, messageId: answer.id, helpful: false, reason: "wrong", comment: "old vote 9393" });
    const { conversationId } = await t.db.message.findUniqueOrThrow({ where: { id: answer.id } });
    const longAgo = new Date(Date.now() - 40 * 24 * 60 * 60_000);
    const conversation = await t.db.conversation.update({ where: { id: conversationId }, data: { lastMessageAt: longAgo } });
    await t.db.visitor.update({ where: { id: conversation.visitorId }, data: { lastSeenAt: longAgo } });
    await purgeTenantData(t.db, { tenantId: other.owner.tenantId, days: 30 });
    expect(await t.db.answerFeedback.count({ where: { conversationId } })).toBe(0);
    expect(await rowsMentioning(t.db, ["old vote 9393"])).toEqual({});
  });
});

describe("feedback rate limit", () => {
  let server: Server | undefined;
  afterAll(() => server?.close());

  it("has a counter of its own per visitor: past it, 429; the visitor's messages are not used up", async () => {
    const env = readApiEnv({ KEFU_TRUST_PROXY: "1", KEFU_RATE_VISITOR_FEEDBACK: "2/60" });
    const throttle = chatThrottle(t.db, new RateLimits(t.db, env));
    const served = await serveHandlerOverHttp((req) =>
      serveTrpc(req, publicRouter, (requestId) => createApiContext({ db: t.db, requestId, origin: foreignOrigin(req.headers) }), { maxBodyBytes: PUBLIC_MAX_BODY_BYTES, throttle }),
    );
    server = served.server;
    const call = (path: string, input: unknown) =>
      fetch(`${served.url}/api/trpc/${path}`, { method: "POST", headers: { "content-type": "application/json", "x-forwarded-for": "198.51.100.77" }, body: JSON.stringify({ json: input }) });
    const { auth } = await visitorAsked(shop.bot.publicId, "How long does shipping take?");
    expect((await call("chat.rate", { ...auth, rating: 5 })).status).toBe(400); // nothing finished to rate yet, but counted
    expect((await call("chat.endConversation", auth)).status).toBe(200);
    const refused = await call("chat.rate", { ...auth, rating: 5 });
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: { json: { data: { reason: string } } } }).error.json.data.reason).toBe("visitor_feedback");
    expect((await call("chat.typing", auth)).status).toBe(200);
  });
});
