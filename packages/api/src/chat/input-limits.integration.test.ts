import { ILL_FORMED_TEXT_MESSAGE } from "@kefu/domain";
import { beforeAll, describe, expect, it } from "vitest";
import { describeError } from "../platform/errors.ts";
import { collect, expectCode, ownerOfNewTenant, useTestDb, visitorCaller } from "../testing/index.ts";

// What a visitor sends, at its limits and past them: a typed field error, nothing stored, and
// the conversation goes on.
const t = useTestDb();
let publicId: string;
let tenantId: string;

beforeAll(async () => {
  const owner = await ownerOfNewTenant(t.db, "Limits");
  tenantId = owner.tenantId;
  const bot = await owner.caller.bot.create({ name: "Limits bot", greeting: "Hi", instructions: "", language: "en", brandColor: "#0f766e" });
  publicId = bot.publicId;
  await owner.caller.knowledge.addFaq({
    botId: bot.id,
    question: "How long does shipping take?",
    alternatives: ["delivery time"],
    answer: "Orders arrive within 3 to 5 business days.",
  });
});

const messagesOf = (visitorToken: string) => visitorCaller(t.db).chat.history({ botId: publicId, visitorToken });
const storedMessages = () => t.db.message.count({ where: { tenantId } });

async function newVisitor() {
  const visitor = visitorCaller(t.db);
  const { visitorToken } = await visitor.chat.start({ botId: publicId });
  const send = async (text: string, clientMessageId: string) => collect(await visitor.chat.send({ botId: publicId, visitorToken, text, clientMessageId }));
  return { visitor, visitorToken, send };
}

describe("chat.send input limits", () => {
  it("answers a message of 4000 characters and refuses 4001 with a field error, storing nothing", async () => {
    const { visitorToken, send } = await newVisitor();
    const atLimit = `${"How long does shipping take? ".repeat(137)}${"x".repeat(4000 - 29 * 137)}`;
    expect(atLimit).toHaveLength(4000);
    const events = await send(atLimit, "msg-limit-4000");
    expect(events[0]).toMatchObject({ type: "visitor_message", message: { role: "VISITOR", content: atLimit } });
    expect(events.at(-1)?.type).toBe("bot_message");

    const before = await storedMessages();
    const over = await expectCode(send(`${atLimit}y`, "msg-limit-4001"), "BAD_REQUEST");
    expect(describeError(over, "r1")).toEqual({
      message: "Messages are limited to 4000 characters.",
      data: { reason: "invalid_input", requestId: "r1", fieldErrors: { text: ["Messages are limited to 4000 characters."] } },
    });
    expect(await storedMessages()).toBe(before);
    expect((await messagesOf(visitorToken)).map((m) => m.role)).toEqual(["VISITOR", "BOT"]);
  });

  it("refuses a lone surrogate with a typed field error, stores nothing, and the conversation goes on", async () => {
    const { visitorToken, send } = await newVisitor();
    await send("delivery time", "msg-lone-0001");
    const before = await storedMessages();

    const error = await expectCode(send("hi \ud800", "msg-lone-0002"), "BAD_REQUEST");
    expect(describeError(error, "r2")).toEqual({
      message: ILL_FORMED_TEXT_MESSAGE,
      data: { reason: "invalid_input", requestId: "r2", fieldErrors: { text: [ILL_FORMED_TEXT_MESSAGE] } },
    });
    await expectCode(send("\udc00 delivery time", "msg-lone-0003"), "BAD_REQUEST");
    expect(await storedMessages()).toBe(before);
    expect((await messagesOf(visitorToken)).map((m) => m.content)).not.toContain("hi \ud800");

    // The next valid send is answered; even the refused message's client id was not used up.
    const events = await send("hi, what is the delivery time? \ud83d\ude9a", "msg-lone-0002");
    expect(events[0]).toMatchObject({ type: "visitor_message", message: { content: "hi, what is the delivery time? \ud83d\ude9a" } });
    const final = events.at(-1);
    expect(final?.type === "bot_message" && final.message.content).toContain("3 to 5 business days");
    expect((await messagesOf(visitorToken)).map((m) => m.role)).toEqual(["VISITOR", "BOT", "VISITOR", "BOT"]);
  });

  it("refuses a lone surrogate in a visitor attribute or a left message the same way", async () => {
    const visitor = visitorCaller(t.db);
    const start = await expectCode(visitor.chat.start({ botId: publicId, attributes: { plan: "pro\ud800" } }), "BAD_REQUEST");
    expect(describeError(start, "r3").data.fieldErrors).toEqual({ "attributes.plan": [ILL_FORMED_TEXT_MESSAGE] });

    const { visitorToken } = await visitor.chat.start({ botId: publicId, attributes: { plan: "pro" } });
    const left = await expectCode(visitor.chat.leaveContact({ botId: publicId, visitorToken, email: "li@example.com", message: "Call me \udc00" }), "BAD_REQUEST");
    expect(describeError(left, "r4").data.fieldErrors).toEqual({ message: [ILL_FORMED_TEXT_MESSAGE] });
  });
});
