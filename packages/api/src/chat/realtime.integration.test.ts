import { createServer } from "node:http";
import { createDb, type Db } from "@kefu/db";
import { startEmbeddedDatabase } from "@kefu/db/embedded";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { createApiContext } from "../platform/context.ts";
import { publicRouter } from "../public.ts";
import { EventFeed, followEvents } from "../platform/events/event-feed.ts";
import { appendEvents, readEvents, type LoggedEvent } from "../platform/events/event-log.ts";
import { numberedMessage, numberOf } from "../platform/events/test-events.ts";
import { conversationOfNewTenant, memberOfTenant, ownerOfNewTenant, readTrackedEvents, useTestDb, visitorCaller, type StreamedEvent } from "../testing/index.ts";

const t = useTestDb();

/** Takes `count` events from a stream, then stops it. */
async function take(stream: AsyncGenerator<LoggedEvent>, count: number, controller: AbortController) {
  const seen: LoggedEvent[] = [];
  for await (const event of stream) {
    seen.push(event);
    if (seen.length === count) break;
  }
  controller.abort();
  return seen;
}

function follow(db: Db, tenantId: string, conversationId: string, afterSeq: bigint, audience: "visitor" | "agent", signal: AbortSignal) {
  return followEvents({
    db,
    afterSeq,
    signal,
    replay: (after) => readEvents(db, { tenantId, conversationIds: [conversationId], afterSeq: after, audience }),
    accept: (e) => e.tenantId === tenantId && e.conversationId === conversationId && (audience === "agent" || e.audience === "ALL"),
  });
}

describe("conversation event log", () => {
  it("replays from a cursor, then follows live events, in order, without duplicates", async () => {
    const a = await conversationOfNewTenant(t.db, "Replay");
    const [first, second] = await appendEvents(t.db, a.tenantId, [
      numberedMessage(a.conversationId, 1),
      numberedMessage(a.conversationId, 2),
    ]);
    const controller = new AbortController();
    const seen = take(follow(t.db, a.tenantId, a.conversationId, first!.seq, "visitor", controller.signal), 3, controller);
    await new Promise((r) => setTimeout(r, 50));
    await appendEvents(t.db, a.tenantId, [numberedMessage(a.conversationId, 3)]);
    await appendEvents(t.db, a.tenantId, [numberedMessage(a.conversationId, 4)]);
    const events = await seen;
    expect(events.map(numberOf)).toEqual([2, 3, 4]);
    expect(events[0]!.seq).toBe(second!.seq);
  });

  it("never shows a visitor agent-only events or another tenant's events", async () => {
    const a = await conversationOfNewTenant(t.db, "Audience A");
    const b = await conversationOfNewTenant(t.db, "Audience B");
    const controller = new AbortController();
    const seen = take(follow(t.db, a.tenantId, a.conversationId, 0n, "visitor", controller.signal), 2, controller);
    await appendEvents(t.db, a.tenantId, [{ ...numberedMessage(a.conversationId, 0, "NOTE"), audience: "AGENTS" }]);
    await appendEvents(t.db, b.tenantId, [numberedMessage(b.conversationId, 0)]);
    await appendEvents(t.db, a.tenantId, [
      numberedMessage(a.conversationId, 1),
      numberedMessage(a.conversationId, 2),
    ]);
    const events = await seen;
    expect(events.map((e) => e.type)).toEqual(["message", "message"]);
    expect(events.every((e) => e.tenantId === a.tenantId && e.audience === "ALL")).toBe(true);
    // The replay path is tenant-scoped in SQL too.
    expect(await readEvents(t.db, { tenantId: b.tenantId, conversationIds: [a.conversationId], afterSeq: 0n, audience: "agent" })).toEqual([]);
  });

  it("a live follower misses nothing while many appends commit concurrently", async () => {
    const a = await conversationOfNewTenant(t.db, "Concurrent");
    const controller = new AbortController();
    const seen = take(follow(t.db, a.tenantId, a.conversationId, 0n, "agent", controller.signal), 40, controller);
    await new Promise((r) => setTimeout(r, 50));
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => appendEvents(t.db, a.tenantId, [numberedMessage(a.conversationId, i)])),
    );
    const events = await seen;
    expect(new Set(events.map(numberOf)).size).toBe(40);
    const seqs = events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => (x < y ? -1 : 1)));
  });
});

describe("event feed across processes", () => {
  it("delivers an event appended through one database client to a stream on another", async () => {
    // Two clients over the wire protocol stand in for the admin and chat processes.
    const port = 59000 + Math.floor(Math.random() * 900);
    const server = await startEmbeddedDatabase({ port });
    const writer = createDb(server.url);
    const reader = createDb(server.url);
    try {
      const a = await conversationOfNewTenant(writer, "Wire");
      const controller = new AbortController();
      const seen = take(follow(reader, a.tenantId, a.conversationId, 0n, "visitor", controller.signal), 2, controller);
      await new Promise((r) => setTimeout(r, 100));
      await appendEvents(writer, a.tenantId, [numberedMessage(a.conversationId, 1)]);
      await appendEvents(writer, a.tenantId, [numberedMessage(a.conversationId, 2)]);
      const events = await seen;
      expect(events.map(numberOf)).toEqual([1, 2]);
    } finally {
      await writer.$disconnect();
      await reader.$disconnect();
      await server.stop();
    }
  });

  it("stops polling when its last subscriber leaves", async () => {
    const feed = new EventFeed(t.db, 10);
    const stop = await feed.subscribe(() => {});
    stop();
    // @ts-expect-error reading private state to prove the timer is gone
    expect(feed.timer).toBeUndefined();
  });
});

describe("visitor stream over HTTP", () => {
  /** Reads a tRPC SSE stream until `count` message events arrived; returns their ids and texts. */
  async function readMessages(url: string, count: number) {
    const messages = (events: StreamedEvent[]) => events.filter((e) => e.type === "message");
    const events = await readTrackedEvents(url, (seen) => messages(seen).length >= count);
    return messages(events).map((e) => ({ id: e.id, text: typeof e.payload.content === "string" ? e.payload.content : "" }));
  }

  it("resumes after the last event id it saw: nothing lost, nothing twice", async () => {
    const owner = await ownerOfNewTenant(t.db, "Http stream");
    const bot = await owner.caller.bot.create({ name: "Stream", greeting: "Hi", instructions: "", language: "en", brandColor: "#2563eb" });
    const visitor = visitorCaller(t.db);
    const session = await visitor.chat.start({ botId: bot.publicId });
    const agent = await memberOfTenant(t.db, owner.tenantId, "AGENT");
    await agent.caller.member.setPresence({ presence: "ONLINE" });
    await visitor.chat.requestHuman({ botId: bot.publicId, visitorToken: session.visitorToken });
    const [conversation] = await agent.caller.inbox.list({ view: "mine" });

    const server = createServer(createHTTPHandler({ router: publicRouter, createContext: () => createApiContext({ db: t.db }) }));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const streamUrl = (lastEventId: string | null) =>
      `${base}/chat.events?input=${encodeURIComponent(JSON.stringify(superjson.serialize({ botId: bot.publicId, visitorToken: session.visitorToken, lastEventId })))}`;
    try {
      const { lastEventId } = await visitor.chat.start({ botId: bot.publicId, visitorToken: session.visitorToken });
      const first = readMessages(streamUrl(lastEventId), 1);
      await new Promise((r) => setTimeout(r, 100));
      await agent.caller.inbox.reply({ id: conversation!.id, text: "one", clientMessageId: "http-00001" });
      const [one] = await first;
      expect(one?.text).toBe("one");

      // Disconnected: two replies happen meanwhile; the reconnect gets exactly those two.
      await agent.caller.inbox.reply({ id: conversation!.id, text: "two", clientMessageId: "http-00002" });
      await agent.caller.inbox.reply({ id: conversation!.id, text: "three", clientMessageId: "http-00003" });
      const resumed = await readMessages(streamUrl(one!.id), 2);
      expect(resumed.map((m) => m.text)).toEqual(["two", "three"]);
    } finally {
      server.close();
    }
  });
});
