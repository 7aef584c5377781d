import { describe, expect, it } from "vitest";
import { collect, memberOfTenant, ownerOfNewTenant, useTestDb, visitorCaller } from "../testing/index.ts";

// The onboarding checklist ticks each step from what the workspace has really done.
const t = useTestDb();

describe("the onboarding checklist", () => {
  it("ticks each step from the workspace's data, for every member, and is dismissed per member", async () => {
    const owner = await ownerOfNewTenant(t.db, "Checklist shop");
    expect(await owner.caller.onboarding.status()).toEqual({
      dismissed: false,
      botId: null,
      steps: { bot: false, knowledge: false, tried: false, snippet: false, invited: false },
    });

    const bot = await owner.caller.bot.create({ name: "Desk", greeting: "Hi", instructions: "", language: "en", brandColor: "#2563eb" });
    expect(await owner.caller.onboarding.status()).toMatchObject({ botId: bot.id, steps: { bot: true, knowledge: false } });

    await owner.caller.knowledge.addFaq({ botId: bot.id, question: "Do you ship abroad?", alternatives: [], answer: "Yes, to 30 countries." });
    expect((await owner.caller.onboarding.status()).steps.knowledge).toBe(true);

    // Tried: a visitor's message to one of the bots (the hosted page or the widget).
    const visitor = visitorCaller(t.db);
    const session = await visitor.chat.start({ botId: bot.publicId });
    expect((await owner.caller.onboarding.status()).steps.tried).toBe(false);
    await collect(await visitor.chat.send({ botId: bot.publicId, visitorToken: session.visitorToken, text: "do you ship abroad?", clientMessageId: "onboarding-1" }));
    expect((await owner.caller.onboarding.status()).steps.tried).toBe(true);

    await owner.caller.onboarding.snippetCopied();
    await owner.caller.onboarding.snippetCopied(); // the first copy is kept
    expect((await owner.caller.onboarding.status()).steps.snippet).toBe(true);

    await owner.caller.member.invite({ role: "AGENT" });
    expect((await owner.caller.onboarding.status()).steps).toEqual({ bot: true, knowledge: true, tried: true, snippet: true, invited: true });

    // Dismissing hides it for this member only; an agent sees the same ticks on theirs.
    const agent = await memberOfTenant(t.db, owner.tenantId, "AGENT");
    await owner.caller.onboarding.dismiss();
    expect((await owner.caller.onboarding.status()).dismissed).toBe(true);
    expect(await agent.caller.onboarding.status()).toMatchObject({ dismissed: false, steps: { invited: true, snippet: true } });
  });

  it("reads only the caller's workspace", async () => {
    const busy = await ownerOfNewTenant(t.db, "Busy shop");
    const bot = await busy.caller.bot.create({ name: "Busy", greeting: "Hi", instructions: "", language: "en", brandColor: "#2563eb" });
    await busy.caller.knowledge.addFaq({ botId: bot.id, question: "Hours?", alternatives: [], answer: "9 to 5." });
    await busy.caller.onboarding.snippetCopied();
    await busy.caller.member.invite({ role: "AGENT" });

    const fresh = await ownerOfNewTenant(t.db, "Fresh shop");
    expect(await fresh.caller.onboarding.status()).toEqual({
      dismissed: false,
      botId: null,
      steps: { bot: false, knowledge: false, tried: false, snippet: false, invited: false },
    });
  });
});
