import { createServer } from "node:http";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { createApiContext } from "../platform/context.ts";
import { publicRouter } from "../public.ts";
import { readEvents } from "../platform/events/event-log.ts";
import { memberOfTenant, ownerOfNewTenant, readTrackedEvents, useTestDb, visitorCaller } from "../testing/index.ts";

const t = useTestDb();

/** Reads a visitor's SSE stream until the first "message" event; returns its raw data line too. */
async function firstMessageEvent(url: string) {
  const events = await readTrackedEvents(url, (seen) => seen.some((e) => e.type === "message"));
  const message = events.find((e) => e.type === "message");
  if (!message) throw new Error("stream ended before a message event");
  return { raw: message.raw, payload: message.payload };
}

describe("agent names on agent messages", () => {
  it("tells the visitor the agent's name on each agent message, never their e-mail", async () => {
    const owner = await ownerOfNewTenant(t.db, "Names");
    const bot = await owner.caller.bot.create({ name: "Names", greeting: "Hi", instructions: "", language: "en", brandColor: "#2563eb" });
    const agent = await memberOfTenant(t.db, owner.tenantId, "AGENT", "Zhang Wei");
    const { email } = await t.db.user.findUniqueOrThrow({ where: { id: agent.userId }, select: { email: true } });
    await agent.caller.member.setPresence({ presence: "ONLINE" });
    const visitor = visitorCaller(t.db);
    const session = await visitor.chat.start({ botId: bot.publicId });
    await visitor.chat.requestHuman({ botId: bot.publicId, visitorToken: session.visitorToken });
    const [conversation] = await agent.caller.inbox.list({ view: "mine" });

    const server = createServer(createHTTPHandler({ router: publicRouter, createContext: () => createApiContext({ db: t.db }) }));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const { lastEventId } = await visitor.chat.start({ botId: bot.publicId, visitorToken: session.visitorToken });
      const url = `${base}/chat.events?input=${encodeURIComponent(JSON.stringify(superjson.serialize({ botId: bot.publicId, visitorToken: session.visitorToken, lastEventId })))}`;
      const received = firstMessageEvent(url);
      await new Promise((r) => setTimeout(r, 100));
      await agent.caller.inbox.note({ id: conversation!.id, text: "internal only", clientMessageId: "note-names-1" });
      await agent.caller.inbox.reply({ id: conversation!.id, text: "Hello, Zhang here.", clientMessageId: "reply-names-1" });
      const event = await received;
      expect(event.payload).toMatchObject({ role: "AGENT", content: "Hello, Zhang here.", authorName: "Zhang Wei" });
      expect(event.raw).not.toContain(email);
      expect(event.raw.toLowerCase()).not.toContain("@example.com");
    } finally {
      server.close();
    }

    // The history a reloading widget gets carries the name too, and nothing of the e-mail.
    const history = await visitor.chat.history({ botId: bot.publicId, visitorToken: session.visitorToken });
    expect(history.filter((m) => m.role === "AGENT")).toEqual([expect.objectContaining({ content: "Hello, Zhang here.", authorName: "Zhang Wei" })]);
    expect(JSON.stringify(history)).not.toContain(email);
    const visitorEvents = await readEvents(t.db, { tenantId: owner.tenantId, conversationIds: [conversation!.id], afterSeq: 0n, audience: "visitor" });
    expect(JSON.stringify(visitorEvents.map((e) => e.payload))).not.toContain(email);

    // The agent's view names the authors of replies and notes.
    const view = await owner.caller.inbox.get({ id: conversation!.id });
    expect(view.messages.filter((m) => m.role === "AGENT" || m.role === "NOTE").map((m) => [m.role, m.authorId, m.authorName])).toEqual([
      ["NOTE", agent.userId, "Zhang Wei"],
      ["AGENT", agent.userId, "Zhang Wei"],
    ]);
  });

  it("names an agent without a display name of their own by no part of their e-mail", async () => {
    // Signing up without a name (as ownerOfNewTenant does) used to make the e-mail's local part the name.
    const owner = await ownerOfNewTenant(t.db, "No name");
    const { email, name } = await t.db.user.findUniqueOrThrow({ where: { id: owner.userId }, select: { email: true, name: true } });
    const localPart = email.split("@")[0]!;
    expect(name).toBe(localPart);
    const bot = await owner.caller.bot.create({ name: "No name", greeting: "Hi", instructions: "", language: "en", brandColor: "#2563eb" });
    await owner.caller.member.setPresence({ presence: "ONLINE" });
    const visitor = visitorCaller(t.db);
    const session = await visitor.chat.start({ botId: bot.publicId });
    const ask = { botId: bot.publicId, visitorToken: session.visitorToken };
    await visitor.chat.requestHuman(ask);
    const [conversation] = await owner.caller.inbox.list({ view: "mine" });
    await owner.caller.inbox.reply({ id: conversation!.id, text: "Hello, how can I help?", clientMessageId: "reply-no-name-1" });

    // Everything a visitor gets: the history, the agents they see, and the events their stream sends.
    const history = await visitor.chat.history(ask);
    expect(history.filter((m) => m.role === "AGENT")).toEqual([expect.objectContaining({ content: "Hello, how can I help?", authorName: null })]);
    const { agents } = await visitor.chat.agents(ask);
    expect(agents).toEqual([expect.objectContaining({ name: null, assigned: true })]);
    const visitorEvents = await readEvents(t.db, { tenantId: owner.tenantId, conversationIds: [conversation!.id], afterSeq: 0n, audience: "visitor" });
    expect(visitorEvents.some((e) => e.type === "status")).toBe(true);
    for (const seen of [history, agents, visitorEvents.map((e) => e.payload)]) {
      const text = JSON.stringify(seen).toLowerCase();
      expect(text).not.toContain(localPart);
      expect(text).not.toContain("@example.com");
    }

    // Once they set a display name, visitors see it.
    await owner.caller.account.updateProfile({ name: "Chen Jing", removeAvatar: false });
    expect((await visitor.chat.history(ask)).find((m) => m.role === "AGENT")).toMatchObject({ authorName: "Chen Jing" });
    expect((await visitor.chat.agents(ask)).agents).toEqual([expect.objectContaining({ name: "Chen Jing" })]);
  });

  it("does not name an author who is no longer a member of the tenant", async () => {
    const owner = await ownerOfNewTenant(t.db, "Former");
    const bot = await owner.caller.bot.create({ name: "Former", greeting: "Hi", instructions: "", language: "en", brandColor: "#2563eb" });
    const other = await ownerOfNewTenant(t.db, "Elsewhere");
    const visitor = await t.db.visitor.create({ data: { tenantId: owner.tenantId, botId: bot.id, tokenHash: crypto.randomUUID() } });
    const conversation = await t.db.conversation.create({ data: { tenantId: owner.tenantId, botId: bot.id, visitorId: visitor.id } });
    // An authorId of a user of another tenant (or one removed since) resolves to no name.
    await t.db.message.create({ data: { tenantId: owner.tenantId, conversationId: conversation.id, role: "AGENT", content: "hi", authorId: other.userId } });
    const view = await owner.caller.inbox.get({ id: conversation.id });
    expect(view.messages[0]).toMatchObject({ role: "AGENT", authorName: null });
  });
});
