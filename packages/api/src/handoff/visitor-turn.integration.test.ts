import { describe, expect, it } from "vitest";
import { collect, ownerOfNewTenant, useTestDb, visitorCaller } from "../testing/index.ts";
import { MACHINE_STATE_FIELDS } from "./handoff.ts";
import { countVisitorTurn } from "./visitor-turn.ts";

const t = useTestDb();

/** A conversation the bot owns, after one visitor message. */
async function botConversation(name: string) {
  const owner = await ownerOfNewTenant(t.db, name);
  const bot = await owner.caller.bot.create({ name, greeting: "Hi", instructions: "", language: "en", brandColor: "#2563eb" });
  const visitor = visitorCaller(t.db);
  const { visitorToken } = await visitor.chat.start({ botId: bot.publicId });
  await collect(await visitor.chat.send({ botId: bot.publicId, visitorToken, text: "hello there", clientMessageId: "turn-000001" }));
  const conversation = await t.db.conversation.findFirstOrThrow({ where: { tenantId: owner.tenantId }, select: { id: true, ...MACHINE_STATE_FIELDS } });
  return { tenantId: owner.tenantId, conversation };
}

const stateOf = (tenantId: string, id: string) => t.db.conversation.findFirstOrThrow({ where: { id, tenantId }, select: MACHINE_STATE_FIELDS });

describe("counting a visitor's turn through the state machine", () => {
  it("moves the unanswered streak and ticks the hand-back cooldown down, clearing it at zero", async () => {
    const { tenantId, conversation } = await botConversation("TurnCount");
    const cooldown = { ruleId: "rule-1", reason: "keyword", turnsLeft: 2 };
    await t.db.conversation.updateMany({ where: { id: conversation.id, tenantId }, data: { unansweredStreak: 0, escalationCooldown: cooldown } });

    await countVisitorTurn(t.db, { tenantId, conversationId: conversation.id, answered: false, row: await stateOf(tenantId, conversation.id) });
    expect(await stateOf(tenantId, conversation.id)).toMatchObject({ unansweredStreak: 1, escalationCooldown: { ...cooldown, turnsLeft: 1 } });

    await countVisitorTurn(t.db, { tenantId, conversationId: conversation.id, answered: true, row: await stateOf(tenantId, conversation.id) });
    expect(await stateOf(tenantId, conversation.id)).toMatchObject({ unansweredStreak: 0, escalationCooldown: null });
  });

  it("never overwrites a turn counted meanwhile: a stale row is read again and counted on top", async () => {
    const { tenantId, conversation } = await botConversation("TurnRace");
    await t.db.conversation.updateMany({ where: { id: conversation.id, tenantId }, data: { unansweredStreak: 0 } });
    const stale = await stateOf(tenantId, conversation.id);
    // Two unanswered turns of the same conversation, counted from the same row read before either.
    await Promise.all([
      countVisitorTurn(t.db, { tenantId, conversationId: conversation.id, answered: false, row: stale }),
      countVisitorTurn(t.db, { tenantId, conversationId: conversation.id, answered: false, row: stale }),
    ]);
    expect((await stateOf(tenantId, conversation.id)).unansweredStreak).toBe(2);
  });

  it("counts nothing once the team has the conversation", async () => {
    const { tenantId, conversation } = await botConversation("TurnQueued");
    const row = await stateOf(tenantId, conversation.id);
    await t.db.conversation.updateMany({ where: { id: conversation.id, tenantId }, data: { status: "QUEUED", unansweredStreak: 0 } });
    await countVisitorTurn(t.db, { tenantId, conversationId: conversation.id, answered: false, row });
    expect(await stateOf(tenantId, conversation.id)).toMatchObject({ status: "QUEUED", unansweredStreak: 0 });
  });
});
