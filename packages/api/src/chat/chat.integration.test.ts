import { type TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { drainIngestion } from "../knowledge/index.ts";
import { collect, ownerOfNewTenant, useTestDb, visitorCaller } from "../testing/index.ts";

let publicId: string;
let adminCaller: Awaited<ReturnType<typeof ownerOfNewTenant>>["caller"];

const t = useTestDb();

beforeAll(async () => {
  const owner = await ownerOfNewTenant(t.db, "Shop");
  adminCaller = owner.caller;
  const bot = await owner.caller.bot.create({ name: "Shop bot", greeting: "Hi", instructions: "", language: "en", brandColor: "#0f766e" });
  publicId = bot.publicId;
  await owner.caller.knowledge.addFaq({
    botId: bot.id,
    question: "How long does shipping take?",
    alternatives: ["when will my order arrive", "delivery time"],
    answer: "Orders arrive within 3 to 5 business days.",
  });
  await owner.caller.knowledge.addFaq({
    botId: bot.id,
    question: "Can I return an item?",
    alternatives: ["refund policy"],
    answer: "Yes, returns are free within 30 days of delivery.",
  });
  await owner.caller.knowledge.addDocument({
    botId: bot.id,
    title: "Store hours",
    content: "# Store hours\n\nOur flagship store in Shanghai opens at 10am and closes at 9pm every day, including weekends.",
  });
  await drainIngestion(t.db); // documents are indexed in the background
});

describe("visitor chat", () => {
  it("answers from the FAQ with a citation, streaming the text", async () => {
    const visitor = visitorCaller(t.db);
    const session = await visitor.chat.start({ botId: publicId });
    expect(session).toMatchObject({ resumed: false, bot: { name: "Shop bot" }, messages: [] });
    const events = await collect(
      await visitor.chat.send({ botId: publicId, visitorToken: session.visitorToken, text: "When will my order arrive?", clientMessageId: "msg-0001" }),
    );
    expect(events[0]).toMatchObject({ type: "visitor_message", message: { role: "VISITOR", content: "When will my order arrive?" } });
    const deltas = events.filter((e) => e.type === "delta");
    expect(deltas.length).toBeGreaterThan(1);
    const final = events.at(-1)!;
    expect(final.type).toBe("bot_message");
    if (final.type !== "bot_message") return;
    expect(final.message.content).toContain("3 to 5 business days");
    expect(final.message.citations[0]).toMatchObject({ title: "How long does shipping take?" });
    expect(final.message.confidence).toBeGreaterThan(0.3);
    expect(deltas.map((d) => (d.type === "delta" ? d.text : "")).join("")).toBe(final.message.content);
    // The ranking rides on the stream event only: the cited source first, never in the stored message.
    expect(final.ranking?.[0]?.sourceId).toBe(final.message.citations[0]?.sourceId);
    expect(final.ranking?.length).toBeLessThanOrEqual(5);
    expect(final.message).not.toHaveProperty("ranking");
    const history = await visitor.chat.history({ botId: publicId, visitorToken: session.visitorToken });
    expect(history.at(-1)).not.toHaveProperty("ranking");
  });

  it("answers from a Markdown document passage", async () => {
    const visitor = visitorCaller(t.db);
    const { visitorToken } = await visitor.chat.start({ botId: publicId });
    const events = await collect(await visitor.chat.send({ botId: publicId, visitorToken, text: "what time does the store open?", clientMessageId: "msg-0002" }));
    const final = events.at(-1)!;
    expect(final.type === "bot_message" && final.message.content).toMatch(/10am/);
    expect(final.type === "bot_message" && final.message.citations[0]?.title).toBe("Store hours");
  });

  it("says it does not know instead of inventing", async () => {
    const visitor = visitorCaller(t.db);
    const { visitorToken } = await visitor.chat.start({ botId: publicId });
    const events = await collect(
      await visitor.chat.send({ botId: publicId, visitorToken, text: "What is the capital of Mongolia?", clientMessageId: "msg-0003" }),
    );
    const final = events.at(-1)!;
    expect(final.type).toBe("bot_message");
    if (final.type !== "bot_message") return;
    expect(final.message.content).toMatch(/don't know|not sure|couldn't find/i);
    expect(final.message.citations).toEqual([]);
    // Declined answers still report what retrieval found (for evaluation).
    expect(Array.isArray(final.ranking)).toBe(true);
  });

  it("resumes the conversation with the same token and replays a repeated send", async () => {
    const visitor = visitorCaller(t.db);
    const { visitorToken } = await visitor.chat.start({ botId: publicId });
    const send = { botId: publicId, visitorToken, text: "refund policy", clientMessageId: "msg-repeat" };
    const first = await collect(await visitor.chat.send(send));
    const again = await collect(await visitor.chat.send(send));
    expect(again.filter((e) => e.type === "delta")).toEqual([]);
    // The replay is the stored message; the ranking is not stored, so only a fresh answer has one.
    const [firstBot, againBot] = [first.at(-1), again.at(-1)];
    expect(againBot?.type === "bot_message" && againBot.message).toEqual(firstBot?.type === "bot_message" && firstBot.message);
    expect(firstBot?.type === "bot_message" && firstBot.ranking?.length).toBeGreaterThan(0);
    expect(againBot?.type === "bot_message" && againBot.ranking).toBeUndefined();
    const resumed = await visitor.chat.start({ botId: publicId, visitorToken });
    expect(resumed.resumed).toBe(true);
    expect(resumed.messages.map((m) => m.role)).toEqual(["VISITOR", "BOT"]);

    const list = await adminCaller.conversation.list({ limit: 50 });
    expect(list.items.length).toBeGreaterThanOrEqual(4);
  });

  it("answers a send that arrives twice at once only once", async () => {
    const visitor = visitorCaller(t.db);
    const { visitorToken } = await visitor.chat.start({ botId: publicId });
    const send = { botId: publicId, visitorToken, text: "delivery time", clientMessageId: "msg-concurrent" };
    const outcomes = await Promise.allSettled([collect(await visitor.chat.send(send)), collect(await visitor.chat.send(send))]);
    const fulfilled = outcomes.filter((o) => o.status === "fulfilled");
    expect(fulfilled.length).toBeGreaterThanOrEqual(1);
    for (const o of outcomes) if (o.status === "rejected") expect((o.reason as TRPCError).code).toBe("CONFLICT");
    const { messages } = await visitor.chat.start({ botId: publicId, visitorToken });
    expect(messages.filter((m) => m.clientMessageId === "msg-concurrent")).toHaveLength(1);
    expect(messages.filter((m) => m.role === "BOT")).toHaveLength(1);
  });

  it("refuses bad input with typed errors", async () => {
    const visitor = visitorCaller(t.db);
    const unknown = await visitor.chat.start({ botId: "bot_AAAAAAAAAAAAAAAAAAAA" }).then(() => null, (e: unknown) => e as TRPCError);
    expect(unknown?.code).toBe("NOT_FOUND");
    const malformed = await visitor.chat.start({ botId: "<script>" }).then(() => null, (e: unknown) => e as TRPCError);
    expect(malformed?.code).toBe("BAD_REQUEST");
    const { visitorToken } = await visitor.chat.start({ botId: publicId });
    const empty = await visitor.chat.send({ botId: publicId, visitorToken, text: "  ", clientMessageId: "msg-empty" }).then(() => null, (e: unknown) => e as TRPCError);
    expect(empty?.code).toBe("BAD_REQUEST");
    const forged = await visitor.chat
      .send({ botId: publicId, visitorToken: "x".repeat(43), text: "hi", clientMessageId: "msg-forged" })
      .then(() => null, (e: unknown) => e as TRPCError);
    expect(forged?.code).toBe("UNAUTHORIZED");
  });
});
