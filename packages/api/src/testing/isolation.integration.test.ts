import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { collect, ownerOfNewTenant, useTestDb, visitorCaller } from "./index.ts";

// Tenant B tries every admin procedure on tenant A's ids; a visitor of one bot
// tries to use its session on another. Nothing crosses.
const t = useTestDb();

const botInput = { name: "A bot", greeting: "Hi", instructions: "", language: "en" as const, brandColor: "#112233" };

async function expectRefused(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  expect(["NOT_FOUND", "FORBIDDEN"]).toContain((error as TRPCError).code);
}

describe("tenant isolation", () => {
  it("tenant B cannot read or change tenant A's bots, knowledge or conversations", async () => {
    const a = await ownerOfNewTenant(t.db, "Tenant A");
    const b = await ownerOfNewTenant(t.db, "Tenant B");
    const aBot = await a.caller.bot.create(botInput);
    const aFaq = await a.caller.knowledge.addFaq({ botId: aBot.id, question: "Refund policy?", alternatives: [], answer: "30 days." });
    const visitor = visitorCaller(t.db);
    const session = await visitor.chat.start({ botId: aBot.publicId });
    await collect(await visitor.chat.send({ botId: aBot.publicId, visitorToken: session.visitorToken, text: "Refund policy?", clientMessageId: "client-msg-1" }));
    const aConversation = (await a.caller.conversation.list({ limit: 10 })).items[0]!;

    // Reads
    await expectRefused(b.caller.bot.get({ id: aBot.id }));
    await expectRefused(b.caller.knowledge.list({ id: aBot.id }));
    await expectRefused(b.caller.knowledge.getDocument({ id: aFaq.id }));
    await expectRefused(b.caller.knowledge.playground({ botId: aBot.id, question: "Refund policy?" }));
    await expectRefused(b.caller.conversation.get({ id: aConversation.id }));
    expect(await b.caller.bot.list()).toEqual([]);
    expect((await b.caller.conversation.list({ limit: 10 })).items).toEqual([]);
    expect((await b.caller.conversation.list({ limit: 10, botId: aBot.id })).items).toEqual([]);
    // Writes
    await expectRefused(b.caller.bot.update({ id: aBot.id, ...botInput, name: "Hijacked" }));
    await expectRefused(b.caller.bot.delete({ id: aBot.id }));
    await expectRefused(b.caller.bot.updateAllowedOrigins({ id: aBot.id, allowedOrigins: ["https://evil.example"] }));
    await expectRefused(b.caller.knowledge.addFaq({ botId: aBot.id, question: "Injected", alternatives: [], answer: "x" }));
    await expectRefused(b.caller.knowledge.addDocument({ botId: aBot.id, title: "Injected", content: "x" }));
    await expectRefused(b.caller.knowledge.delete({ id: aFaq.id }));
    await expectRefused(b.caller.knowledge.addPdf({ botId: aBot.id, filename: "x.pdf", dataBase64: "" }));
    await expectRefused(b.caller.knowledge.importFaqCsv({ botId: aBot.id, csv: "question,answer\nInjected,x" }));
    await expectRefused(b.caller.knowledge.updateFaq({ id: aFaq.id, question: "Hijacked", alternatives: [], answer: "x" }));
    await expectRefused(b.caller.knowledge.updateDocument({ id: aFaq.id, title: "Hijacked", content: "x" }));
    await expectRefused(b.caller.knowledge.importUrl({ botId: aBot.id, url: "https://example.com/" }));

    // A's data is untouched.
    expect(await a.caller.bot.get({ id: aBot.id })).toMatchObject({ name: "A bot", allowedOrigins: [] });
    expect((await a.caller.knowledge.list({ id: aBot.id })).map((s) => s.title)).toEqual(["Refund policy?"]);
    expect((await a.caller.conversation.get({ id: aConversation.id })).messages).toHaveLength(2);
  });

  it("a visitor session of one bot is refused by another bot", async () => {
    const a = await ownerOfNewTenant(t.db, "Visitor A");
    const b = await ownerOfNewTenant(t.db, "Visitor B");
    const aBot = await a.caller.bot.create(botInput);
    const bBot = await b.caller.bot.create(botInput);
    const visitor = visitorCaller(t.db);
    const session = await visitor.chat.start({ botId: aBot.publicId });
    const error = await visitor.chat
      .history({ botId: bBot.publicId, visitorToken: session.visitorToken })
      .then(() => null, (e: unknown) => e as TRPCError);
    expect(error?.code).toBe("UNAUTHORIZED");
    // Starting with a foreign token mints a fresh visitor instead of resuming A's.
    const other = await visitor.chat.start({ botId: bBot.publicId, visitorToken: session.visitorToken });
    expect(other.resumed).toBe(false);
    expect(other.visitorToken).not.toBe(session.visitorToken);
  });
});
