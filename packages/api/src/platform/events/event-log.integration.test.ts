import { afterEach, describe, expect, it, vi } from "vitest";
import { followEvents } from "./event-feed.ts";
import { appendEvents, readEvents, type LoggedEvent } from "./event-log.ts";
import { numberedMessage, numberOf } from "./test-events.ts";
import * as logger from "../logger.ts";
import { conversationOfNewTenant, useTestDb } from "../../testing/index.ts";

const t = useTestDb();

afterEach(() => vi.restoreAllMocks());

describe("reading typed events", () => {
  it("skips a stored row that is not a valid event, and still fills a page", async () => {
    const lines: Record<string, unknown>[] = [];
    const captured = logger.createLogger({ level: "warn", destination: { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) } });
    vi.spyOn(logger, "rootLogger").mockReturnValue(captured);
    const a = await conversationOfNewTenant(t.db, "Bad rows");
    await appendEvents(t.db, a.tenantId, [numberedMessage(a.conversationId, 1)]);
    // Rows no writer can produce any more (appends are typed), as a hand edit might leave them.
    const bad = { tenantId: a.tenantId, conversationId: a.conversationId };
    await t.db.conversationEvent.create({ data: { ...bad, type: "message", payload: { n: 2 } } });
    await t.db.conversationEvent.create({ data: { ...bad, type: "note", payload: {} } });
    await appendEvents(t.db, a.tenantId, [numberedMessage(a.conversationId, 3), numberedMessage(a.conversationId, 4)]);

    const read = (take?: number) => readEvents(t.db, { tenantId: a.tenantId, conversationIds: [a.conversationId], afterSeq: 0n, audience: "agent", take });
    expect((await read()).map(numberOf)).toEqual([1, 3, 4]);
    // A short page means the end of the log to a replaying stream, so skipped rows are made up for.
    expect((await read(2)).map(numberOf)).toEqual([1, 3]);
    expect(lines).toContainEqual(expect.objectContaining({ level: "warn", component: "event-log", type: "note", msg: "event_log.invalid_event_skipped" }));
  });

  it("a live stream skips an invalid row and keeps going", async () => {
    const a = await conversationOfNewTenant(t.db, "Bad live row");
    const controller = new AbortController();
    const stream = followEvents({
      db: t.db,
      afterSeq: 0n,
      signal: controller.signal,
      replay: (after) => readEvents(t.db, { tenantId: a.tenantId, conversationIds: [a.conversationId], afterSeq: after, audience: "agent" }),
      accept: (e) => e.tenantId === a.tenantId && e.conversationId === a.conversationId,
    });
    const seen: LoggedEvent[] = [];
    const done = (async () => {
      for await (const event of stream) {
        seen.push(event);
        if (seen.length === 2) break;
      }
      controller.abort();
    })();
    await new Promise((r) => setTimeout(r, 50));
    await appendEvents(t.db, a.tenantId, [numberedMessage(a.conversationId, 1)]);
    await t.db.conversationEvent.create({ data: { tenantId: a.tenantId, conversationId: a.conversationId, type: "status", payload: { status: "LOST" } } });
    await appendEvents(t.db, a.tenantId, [numberedMessage(a.conversationId, 2)]);
    await done;
    expect(seen.map(numberOf)).toEqual([1, 2]);
  });
});
