import { describe, expect, it } from "vitest";
import { followEvents } from "./event-feed.ts";
import { TYPING_EVENT_TTL_MS, unsafePruneTypingEvents } from "./event-retention.ts";
import { appendEvents, readEvents, type ConversationEventInput, type LoggedEvent } from "./event-log.ts";
import { numberedMessage, numberOf } from "./test-events.ts";
import { conversationOfNewTenant, useTestDb } from "../../testing/index.ts";

const t = useTestDb();

const ago = (ms: number) => new Date(Date.now() - ms);

describe("typing event retention", () => {
  it("deletes typing events older than ten minutes in batches, of every tenant, and nothing else", async () => {
    const a = await conversationOfNewTenant(t.db, "Prune A");
    const b = await conversationOfNewTenant(t.db, "Prune B");
    const typing = (c: { conversationId: string }): ConversationEventInput => ({ conversationId: c.conversationId, type: "typing", payload: { who: "visitor" } });
    const oldA = await appendEvents(t.db, a.tenantId, [typing(a), typing(a), numberedMessage(a.conversationId, 1)]);
    const oldB = await appendEvents(t.db, b.tenantId, [typing(b)]);
    const fresh = await appendEvents(t.db, a.tenantId, [typing(a)]);
    // Age every row above except the fresh one; the old message must survive regardless of age.
    await t.db.conversationEvent.updateMany({
      where: { seq: { in: [...oldA, ...oldB].map((e) => e.seq) } },
      data: { createdAt: ago(TYPING_EVENT_TTL_MS + 60_000) },
    });
    // Just inside the window: kept.
    await t.db.conversationEvent.updateMany({ where: { seq: fresh[0]!.seq }, data: { createdAt: ago(TYPING_EVENT_TTL_MS - 60_000) } });

    expect(await unsafePruneTypingEvents(t.db, { batchSize: 2 })).toBe(3);
    const left = await t.db.conversationEvent.findMany({ where: { tenantId: { in: [a.tenantId, b.tenantId] } }, orderBy: { seq: "asc" }, select: { seq: true, type: true } });
    expect(left.map((e) => e.type)).toEqual(["message", "typing"]);
    expect(left[1]!.seq).toBe(fresh[0]!.seq);
    expect(await unsafePruneTypingEvents(t.db)).toBe(0); // nothing left to do
  });

  it("replays events after a pruned typing row in order, from a cursor on or before it", async () => {
    const a = await conversationOfNewTenant(t.db, "Prune replay");
    const events = await appendEvents(t.db, a.tenantId, [
      numberedMessage(a.conversationId, 1),
      { conversationId: a.conversationId, type: "typing", payload: { who: "agent" } },
      { conversationId: a.conversationId, type: "typing", payload: { who: "agent" } },
      numberedMessage(a.conversationId, 2),
      { conversationId: a.conversationId, type: "status", payload: { status: "ASSIGNED", assigneeId: null, assigneeName: null, teamId: null } },
      numberedMessage(a.conversationId, 3),
    ]);
    const [first, typing1] = events;
    await t.db.conversationEvent.updateMany({ where: { tenantId: a.tenantId, type: "typing" }, data: { createdAt: ago(TYPING_EVENT_TTL_MS * 2) } });
    expect(await unsafePruneTypingEvents(t.db)).toBe(2);

    const expected = [
      ["message", 2],
      ["status", undefined],
      ["message", 3],
    ];
    const shape = (list: LoggedEvent[]) => list.map((e) => [e.type, numberOf(e)]);
    // The client's cursor is the deleted typing row itself, or the message before the gap.
    for (const cursor of [typing1!.seq, first!.seq]) {
      const replayed = await readEvents(t.db, { tenantId: a.tenantId, conversationIds: [a.conversationId], afterSeq: cursor, audience: "visitor" });
      expect(shape(replayed)).toEqual(expected);
    }

    // A resuming stream (replay, then follow) gets the same events, then a new one, in seq order.
    const controller = new AbortController();
    const stream = followEvents({
      db: t.db,
      afterSeq: typing1!.seq,
      signal: controller.signal,
      replay: (after) => readEvents(t.db, { tenantId: a.tenantId, conversationIds: [a.conversationId], afterSeq: after, audience: "visitor" }),
      accept: (e) => e.tenantId === a.tenantId && e.conversationId === a.conversationId,
    });
    const seen: LoggedEvent[] = [];
    const done = (async () => {
      for await (const event of stream) {
        seen.push(event);
        if (seen.length === 4) break;
      }
      controller.abort();
    })();
    await new Promise((r) => setTimeout(r, 50));
    await appendEvents(t.db, a.tenantId, [numberedMessage(a.conversationId, 4)]);
    await done;
    expect(shape(seen)).toEqual([...expected, ["message", 4]]);
    const seqs = seen.map((e) => e.seq);
    expect([...seqs].sort((x, y) => (x < y ? -1 : 1))).toEqual(seqs);
  });
});
