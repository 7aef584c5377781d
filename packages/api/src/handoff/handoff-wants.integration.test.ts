import { describe, expect, it } from "vitest";
import { collect, memberOfTenant, ownerOfNewTenant, useTestDb, visitorCaller } from "../testing/index.ts";

const t = useTestDb();

describe("the handoff summary's 'visitor wants' (offline provider)", () => {
  it("is what is still open when the visitor reaches a person, not the first question the bot already answered", async () => {
    const owner = await ownerOfNewTenant(t.db, "Wants");
    const bot = await owner.caller.bot.create({ name: "Wants", greeting: "Hi", instructions: "", language: "en", brandColor: "#2563eb" });
    await owner.caller.knowledge.addFaq({ botId: bot.id, question: "How long does shipping take?", alternatives: [], answer: "Shipping takes 3 to 5 business days." });
    const agent = await memberOfTenant(t.db, owner.tenantId, "AGENT");
    await agent.caller.member.setPresence({ presence: "ONLINE" });
    const visitor = visitorCaller(t.db);
    const { visitorToken } = await visitor.chat.start({ botId: bot.publicId });
    const say = async (text: string) => collect(await visitor.chat.send({ botId: bot.publicId, visitorToken, text, clientMessageId: `w-${crypto.randomUUID().slice(0, 8)}` }));

    expect((await say("How long does shipping take?")).some((e) => e.type === "bot_message" && e.message.citations.length > 0)).toBe(true);
    await say("The laptop screen in order 4417 arrived cracked");
    await visitor.chat.requestHuman({ botId: bot.publicId, visitorToken });

    const [item] = await agent.caller.inbox.list({ view: "mine" });
    const conversation = await agent.caller.inbox.get({ id: item!.id });
    expect(conversation.handoffSummary).toMatchObject({ by: "extractive", wants: '"The laptop screen in order 4417 arrived cracked"' });
  });
});
