import { type Db } from "@kefu/db";
import { localToday } from "@kefu/domain";
import { beforeAll, describe, expect, it } from "vitest";
import { collect, ownerOfNewTenant, useTestDb, visitorCaller } from "../testing/index.ts";
import { foldConversations, foldTenant, foldTenantOnce } from "./rollup.ts";

// Conversations changed without a logged event (the demo moves its conversations into the past
// after playing them) are recomputed by naming them: their counts move to where they are now,
// nothing else of the rollup moves, and a fold that read them before the change cannot write
// their old counts back.
const t = useTestDb();
const DAY = 86_400_000;

let owner: Awaited<ReturnType<typeof ownerOfNewTenant>>;
let bot: { id: string; publicId: string };

async function chat(text: string): Promise<string> {
  const visitor = visitorCaller(t.db);
  const { visitorToken } = await visitor.chat.start({ botId: bot.publicId });
  const events = await collect(await visitor.chat.send({ botId: bot.publicId, visitorToken, text, clientMessageId: crypto.randomUUID().replace(/-/g, "") }));
  const message = events.find((e) => "message" in e) as { message: { id: string } } | undefined;
  const row = await t.db.message.findFirstOrThrow({ where: { tenantId: owner.tenantId, id: message!.message.id }, select: { conversationId: true } });
  return row.conversationId;
}

/** Moves a conversation's timestamps back by `days`, logging nothing (as demo/clock.ts does). */
async function moveBack(conversationId: string, days: number) {
  const by = `${days} days`;
  await t.db.$executeRaw`UPDATE "Conversation" SET "createdAt" = "createdAt" - ${by}::interval, "lastMessageAt" = "lastMessageAt" - ${by}::interval WHERE "id" = ${conversationId}`;
  await t.db.$executeRaw`UPDATE "Message" SET "createdAt" = "createdAt" - ${by}::interval WHERE "conversationId" = ${conversationId}`;
  await t.db.$executeRaw`UPDATE "ConversationEvent" SET "createdAt" = "createdAt" - ${by}::interval WHERE "conversationId" = ${conversationId}`;
}

const conversationsByDay = async () => {
  const rows = await t.db.analyticsDaily.findMany({ where: { tenantId: owner.tenantId, metric: "conversations", value: { not: 0 } }, orderBy: { day: "asc" } });
  return Object.fromEntries(rows.map((r) => [r.day.toISOString().slice(0, 10), r.value]));
};
const day = (daysAgo: number) => localToday("UTC", new Date(Date.now() - daysAgo * DAY));

beforeAll(async () => {
  owner = await ownerOfNewTenant(t.db, "Moved shop");
  bot = await owner.caller.bot.create({ name: "Moved bot", greeting: "Hi", instructions: "", language: "en", brandColor: "#0f766e" });
});

describe("folding named conversations", () => {
  it("moves a moved conversation's counts to its new day and leaves the others", async () => {
    const moved = await chat("first question");
    await chat("second question");
    expect(await foldTenant(t.db, owner.tenantId)).toBe(true);
    expect(await conversationsByDay()).toEqual({ [day(0)]: 2 });

    await moveBack(moved, 10);
    // The log says nothing changed: a fold leaves it on today.
    expect(await foldTenant(t.db, owner.tenantId)).toBe(true);
    expect(await conversationsByDay()).toEqual({ [day(0)]: 2 });
    const cursor = await t.db.analyticsCursor.findUniqueOrThrow({ where: { tenantId: owner.tenantId } });

    await foldConversations(t.db, owner.tenantId, [moved]);
    expect(await conversationsByDay()).toEqual({ [day(10)]: 1, [day(0)]: 1 });
    // No rebuild: the cursor stayed where it was (nothing was pending).
    expect(await t.db.analyticsCursor.findUniqueOrThrow({ where: { tenantId: owner.tenantId } })).toMatchObject({ lastSeq: cursor.lastSeq, rebuilding: false });
    // Again: nothing moves (shares are recomputed, not added).
    await foldConversations(t.db, owner.tenantId, [moved]);
    expect(await conversationsByDay()).toEqual({ [day(10)]: 1, [day(0)]: 1 });
  });

  it("a fold that read a conversation before it was moved drops its work", async () => {
    const moved = await chat("third question");
    // A fold that has read the new conversation's events and facts, held before it applies.
    let reached!: () => void;
    const atApply = new Promise<void>((resolve) => (reached = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const held = new Proxy(t.db, {
      get(target, prop) {
        if (prop === "$transaction") {
          return async (...args: Parameters<Db["$transaction"]>) => {
            reached();
            await gate;
            return (target.$transaction as (...a: unknown[]) => unknown)(...args);
          };
        }
        const value = Reflect.get(target, prop, target) as unknown;
        return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const stale = foldTenantOnce(held, owner.tenantId);
    await atApply;

    await moveBack(moved, 20);
    await foldConversations(t.db, owner.tenantId, [moved]);
    release();
    expect(await stale).toMatchObject({ applied: false });
    expect(await foldTenant(t.db, owner.tenantId)).toBe(true);
    expect(await conversationsByDay()).toEqual({ [day(20)]: 1, [day(10)]: 1, [day(0)]: 1 });
  });
});
