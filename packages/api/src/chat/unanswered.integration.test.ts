import { type Db } from "@kefu/db";
import { describe, expect, it } from "vitest";
import { collect, ownerOfNewTenant, useTestDb, visitorCaller } from "../testing/index.ts";
import { answerClaimMs, RELEASED_CLAIM } from "./answering.ts";
import { answerUnansweredMessages } from "./unanswered.ts";

// No visitor message is left unanswered: a failed answer gives its claim back at once (the
// widget's resend answers it), an abandoned one too, and what is left is answered by the sweep.
const t = useTestDb();
const REFUND = "Yes, returns are free within 30 days of delivery.";
let seq = 0;
const clientId = () => `unanswered-${++seq}-${crypto.randomUUID().slice(0, 8)}`;

async function shop(name: string) {
  const owner = await ownerOfNewTenant(t.db, name);
  const bot = await owner.caller.bot.create({ name, greeting: "Hi", instructions: "", language: "en", brandColor: "#0f766e" });
  await owner.caller.knowledge.addFaq({ botId: bot.id, question: "Can I return an item?", alternatives: ["refund policy"], answer: REFUND });
  const { visitorToken } = await visitorCaller(t.db).chat.start({ botId: bot.publicId });
  const send = (db: Db, text: string, clientMessageId: string) =>
    visitorCaller(db).chat.send({ botId: bot.publicId, visitorToken, text, clientMessageId });
  const history = () => visitorCaller(t.db).chat.history({ botId: bot.publicId, visitorToken });
  return { owner, bot, send, history };
}

/** A client whose next write of a bot message fails, as a database error mid-answer would. */
function failingOnce(db: Db): Db {
  let failed = false;
  return db.$extends({
    query: {
      // Messages are stored by one raw statement (conversations/append-message.ts).
      async $allOperations({ operation, args, query }) {
        const sql = JSON.stringify(args);
        if (!failed && operation === "$queryRaw" && sql.includes('INSERT INTO \\"Message\\"') && sql.includes('"BOT"')) {
          failed = true;
          throw new Error("injected: the database went away");
        }
        return query(args);
      },
    },
  }) as unknown as Db;
}

const claimOf = (tenantId: string, clientMessageId: string) =>
  t.db.message.findFirstOrThrow({ where: { tenantId, clientMessageId }, select: { answerClaimedAt: true } });

describe("no visitor message is left unanswered", () => {
  it("gives a failed answer's claim back at once, so the resend answers it", async () => {
    const { owner, send, history } = await shop("ClaimRelease");
    const id = clientId();
    await expect(collect(await send(failingOnce(t.db), "What is your refund policy?", id))).rejects.toThrow();
    expect((await claimOf(owner.tenantId, id)).answerClaimedAt).toEqual(RELEASED_CLAIM);

    // The widget resends with the same client id: answered now, not "already being answered".
    const events = await collect(await send(t.db, "What is your refund policy?", id));
    expect(events.at(-1)).toMatchObject({ type: "bot_message", message: { content: REFUND } });
    expect((await history()).map((m) => m.role)).toEqual(["VISITOR", "BOT"]);
  });

  it("gives an abandoned answer's claim back, and the sweep answers it", async () => {
    const { owner, send, history } = await shop("ClaimAbandoned");
    const id = clientId();
    const stream = (await send(t.db, "What is your refund policy?", id))[Symbol.asyncIterator]();
    expect((await stream.next()).value).toMatchObject({ type: "visitor_message" });
    await stream.return?.(undefined); // the visitor closed the page mid-answer
    expect((await claimOf(owner.tenantId, id)).answerClaimedAt).toEqual(RELEASED_CLAIM);

    expect(await answerUnansweredMessages(t.db, { now: new Date(Date.now() + 20_000) })).toBeGreaterThanOrEqual(1);
    const messages = await history();
    expect(messages.map((m) => m.role)).toEqual(["VISITOR", "BOT"]);
    expect(messages[1]?.content).toBe(REFUND);
  });

  it("takes over a claim whose process died once its lease ran out, and leaves live claims alone", async () => {
    const { owner, send, history } = await shop("ClaimLease");
    const dead = clientId();
    await collect(await send(failingOnce(t.db), "What is your refund policy?", dead)).catch(() => undefined);
    // As if the answering process had been killed: the claim stays set, nothing answers it.
    const claimedAt = new Date();
    await t.db.message.updateMany({ where: { tenantId: owner.tenantId, clientMessageId: dead }, data: { answerClaimedAt: claimedAt } });

    const later = new Date(claimedAt.getTime() + 20_000);
    expect(await answerUnansweredMessages(t.db, { now: later })).toBe(0); // still within its lease
    expect((await history()).map((m) => m.role)).toEqual(["VISITOR"]);

    const afterLease = new Date(claimedAt.getTime() + answerClaimMs() + 1000);
    expect(await answerUnansweredMessages(t.db, { now: afterLease })).toBe(1);
    expect((await history()).map((m) => m.role)).toEqual(["VISITOR", "BOT"]);
    // Answered once: a second sweep finds nothing.
    expect(await answerUnansweredMessages(t.db, { now: afterLease })).toBe(0);
  });

  it("leaves what the team had alone after a hand-back: those messages were never the bot's to answer", async () => {
    const { owner, send, history } = await shop("ClaimTeam");
    await collect(await send(t.db, "What is your refund policy?", clientId()));
    await t.db.conversation.updateMany({ where: { tenantId: owner.tenantId }, data: { status: "ASSIGNED" } });
    const events = await collect(await send(t.db, "Where is my parcel?", clientId()));
    expect(events.at(-1)).toEqual({ type: "handoff", status: "ASSIGNED" });
    await t.db.conversation.updateMany({ where: { tenantId: owner.tenantId }, data: { status: "BOT" } });
    expect(await answerUnansweredMessages(t.db, { now: new Date(Date.now() + 20_000) })).toBe(0);
    expect((await history()).map((m) => m.role)).toEqual(["VISITOR", "BOT", "VISITOR"]);
  });

  it("leaves conversations the team has to the team, and other tenants' messages to their own answers", async () => {
    const { owner, send, history } = await shop("ClaimQueued");
    const id = clientId();
    await collect(await send(failingOnce(t.db), "What is your refund policy?", id)).catch(() => undefined);
    await t.db.conversation.updateMany({ where: { tenantId: owner.tenantId }, data: { status: "QUEUED" } });
    expect(await answerUnansweredMessages(t.db, { now: new Date(Date.now() + 20_000) })).toBe(0);
    expect((await history()).map((m) => m.role)).toEqual(["VISITOR"]);
  });
});
