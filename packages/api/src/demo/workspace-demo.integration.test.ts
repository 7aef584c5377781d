import { beforeAll, describe, expect, it } from "vitest";
import { memberOfTenant, ownerOfNewTenant, useTestDb } from "../testing/index.ts";
import { DEMO_BOTS } from "./index.ts";

// "Explore with demo data" in a new owner's workspace: the demo lands there and nowhere else, a
// second click adds nothing, and "Remove demo data" takes away the demo's bots and only them.
const t = useTestDb();
const scripted = DEMO_BOTS.reduce((n, b) => n + b.conversations.length, 0);

const counts = async (tenantId: string) => ({
  bots: await t.db.bot.count({ where: { tenantId } }),
  knowledgeBases: await t.db.knowledgeBase.count({ where: { tenantId } }),
  sources: await t.db.knowledgeSource.count({ where: { tenantId } }),
  conversations: await t.db.conversation.count({ where: { tenantId } }),
  messages: await t.db.message.count({ where: { tenantId } }),
});

let owner: Awaited<ReturnType<typeof ownerOfNewTenant>>;
let bystander: Awaited<ReturnType<typeof ownerOfNewTenant>>;
let ownBot: { id: string };
let seconds = 0;
let bystanderBefore: Awaited<ReturnType<typeof counts>>;

beforeAll(async () => {
  owner = await ownerOfNewTenant(t.db, "New shop");
  bystander = await ownerOfNewTenant(t.db, "Bystander");
  await bystander.caller.bot.create({ name: "Bystander bot", greeting: "Hi", instructions: "", language: "en", brandColor: "#111111" });
  expect(await owner.caller.demo.status()).toEqual({ demoBots: 0, seeding: null });
  bystanderBefore = await counts(bystander.tenantId);
  const started = Date.now();
  expect(await owner.caller.demo.seed()).toEqual({ bots: DEMO_BOTS.length, conversations: scripted });
  seconds = (Date.now() - started) / 1000;
}, 240_000);

describe("demo data in one's own workspace", () => {
  it("seeds the demo bots, knowledge and sample conversations into that workspace only", async () => {
    console.log(`demo seed into a workspace: ${seconds.toFixed(1)} s`);
    expect(await owner.caller.demo.status()).toEqual({ demoBots: DEMO_BOTS.length, seeding: null });
    expect((await owner.caller.bot.list()).map((b) => b.name).sort()).toEqual(DEMO_BOTS.map((b) => b.name).sort());
    expect(await counts(owner.tenantId)).toMatchObject({ bots: 2, conversations: scripted });
    expect(await counts(bystander.tenantId)).toEqual(bystanderBefore);
    // Audited like any mutation, and the bots it made as bot.create by the same person.
    const actions = await t.db.auditEvent.findMany({ where: { tenantId: owner.tenantId, actorId: owner.userId }, select: { action: true } });
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(["demo.seed", "bot.create"]));
  });

  it("adds nothing the second time", async () => {
    const before = await counts(owner.tenantId);
    expect(await owner.caller.demo.seed()).toEqual({ bots: DEMO_BOTS.length, conversations: 0 });
    expect(await counts(owner.tenantId)).toEqual(before);
  });

  it("is for owners and admins", async () => {
    const agent = await memberOfTenant(t.db, owner.tenantId, "AGENT", "Agent");
    await expect(agent.caller.demo.seed()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(agent.caller.demo.remove()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("removes the demo's bots with their knowledge and conversations, and leaves the workspace's own bot", async () => {
    ownBot = await owner.caller.bot.create({ name: DEMO_BOTS[0]!.name, greeting: "Our own", instructions: "", language: "en", brandColor: "#222222" });
    await owner.caller.knowledge.addFaq({ botId: ownBot.id, question: "Do you ship abroad?", alternatives: [], answer: "Yes." });
    expect(await owner.caller.demo.remove()).toEqual({ removed: DEMO_BOTS.length });
    expect((await owner.caller.bot.list()).map((b) => b.id)).toEqual([ownBot.id]);
    expect(await counts(owner.tenantId)).toMatchObject({ bots: 1, sources: 1, conversations: 0, messages: 0 });
    expect(await t.db.knowledgeBase.count({ where: { tenantId: owner.tenantId, bots: { none: {} } } })).toBe(0);
    expect(await owner.caller.demo.status()).toEqual({ demoBots: 0, seeding: null });
    expect(await owner.caller.demo.remove()).toEqual({ removed: 0 });
    expect(await counts(bystander.tenantId)).toEqual(bystanderBefore);
  });
});
