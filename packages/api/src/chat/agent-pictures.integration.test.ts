import { type Db } from "@kefu/db";
import { describe, expect, it } from "vitest";
import { readApiEnv } from "../platform/env.ts";
import { rootLogger } from "../platform/logger.ts";
import { RateLimits } from "../platform/rate-limits.ts";
import { memberOfTenant, ownerOfNewTenant, useTestDb, visitorCaller } from "../testing/index.ts";
import { agentPictureResponse } from "./agent-pictures.ts";

const t = useTestDb();
const png = (...tail: number[]) => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, ...tail]).toString("base64");
const PNG = png(1, 2, 3);
const log = rootLogger();

let ip = 0;
/** A request from an address of its own (the peer address the apps stamp), so limits of other tests do not count. */
function pictureRequest(address = `198.51.100.${++ip}`) {
  return new Request("http://chat.test/api/widget/bot/agents/picture", { headers: { "x-kefu-peer-address": address } });
}
const limits = () => new RateLimits(t.db, readApiEnv({ KEFU_RATE_AGENT_PICTURE_IP: "1000/60" }));
const picture = (db: Db, publicId: string, url: string, req = pictureRequest()) =>
  agentPictureResponse(db, { req, publicId, picture: url.split("/").pop()!, log, limits: limits() });

/** The database as the route sees it, with each query it makes written down (model, operation, arguments). */
function countingDb() {
  const queries: string[] = [];
  const db = t.db.$extends({
    query: {
      $allOperations({ model, operation, args, query }) {
        queries.push(`${model}.${operation} ${JSON.stringify(args)}`);
        return query(args);
      },
    },
  }) as unknown as Db;
  return { db, queries };
}

async function botWithAgent(name: string, agentName: string) {
  const owner = await ownerOfNewTenant(t.db, name);
  const bot = await owner.caller.bot.create({ name, greeting: "Hi", instructions: "", language: "en", brandColor: "#2563eb" });
  const agent = await memberOfTenant(t.db, owner.tenantId, "AGENT", agentName);
  return { owner, bot, agent };
}

describe("the agent's picture, as visitors get it", () => {
  it("names the agent by key, name and picture URL and nothing else; the URL serves the picture to that bot's visitors only", async () => {
    const { owner, bot, agent } = await botWithAgent("Pictures", "Zhang Wei");
    const { email } = await t.db.user.findUniqueOrThrow({ where: { id: agent.userId }, select: { email: true } });
    await agent.caller.account.uploadAvatar({ dataBase64: PNG });
    await agent.caller.member.setPresence({ presence: "ONLINE" });

    const visitor = visitorCaller(t.db);
    const session = await visitor.chat.start({ botId: bot.publicId });
    const ask = { botId: bot.publicId, visitorToken: session.visitorToken };
    expect(await visitor.chat.agents(ask)).toEqual({ agents: [] });
    await visitor.chat.requestHuman(ask);
    const [conversation] = await agent.caller.inbox.list({ view: "mine" });
    await agent.caller.inbox.reply({ id: conversation!.id, text: "Hello, Zhang here.", clientMessageId: "reply-picture-1" });

    const { agents } = await visitor.chat.agents(ask);
    expect(agents).toEqual([
      {
        key: expect.stringMatching(/^[0-9a-f]{32}$/),
        name: "Zhang Wei",
        pictureUrl: expect.stringMatching(new RegExp(`^/api/widget/${bot.publicId}/agents/[0-9a-f]{32}-[0-9a-f]{16}$`)),
        assigned: true,
      },
    ]);
    expect(agents[0]!.pictureUrl).toContain(agents[0]!.key);
    const raw = JSON.stringify(agents);
    expect(raw).not.toContain(email);
    expect(raw).not.toContain(agent.userId);
    expect(raw).not.toContain("base64");
    // The agent's message carries the same key, not the user id.
    const history = await visitor.chat.history(ask);
    expect(history.filter((m) => m.role === "AGENT")).toEqual([expect.objectContaining({ authorName: "Zhang Wei", authorKey: agents[0]!.key, authorId: null })]);
    expect(JSON.stringify(history)).not.toContain(agent.userId);

    const served = await picture(t.db, bot.publicId, agents[0]!.pictureUrl!);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(served.headers.get("x-content-type-options")).toBe("nosniff");
    expect(served.headers.get("cache-control")).toContain("immutable");
    expect(Buffer.from(await served.arrayBuffer()).toString("base64")).toBe(PNG);

    // Another tenant's bot does not serve it, nor does a guessed or malformed key.
    const other = await ownerOfNewTenant(t.db, "Elsewhere");
    const otherBot = await other.caller.bot.create({ name: "Elsewhere", greeting: "Hi", instructions: "", language: "en", brandColor: "#2563eb" });
    expect((await picture(t.db, otherBot.publicId, agents[0]!.pictureUrl!)).status).toBe(404);
    expect((await picture(t.db, bot.publicId, `${"0".repeat(32)}-${"0".repeat(16)}`)).status).toBe(404);
    expect((await picture(t.db, bot.publicId, "../../etc")).status).toBe(404);

    // A new picture: a new URL (same key), and the old one no longer serves.
    await agent.caller.account.uploadAvatar({ dataBase64: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2]).toString("base64") });
    const after = (await visitor.chat.agents(ask)).agents[0]!;
    expect(after.key).toBe(agents[0]!.key);
    expect(after.pictureUrl).not.toBe(agents[0]!.pictureUrl);
    expect((await picture(t.db, bot.publicId, agents[0]!.pictureUrl!)).status).toBe(404);
    expect((await picture(t.db, bot.publicId, after.pictureUrl!)).status).toBe(200);

    // A member removed since: their picture is no longer served.
    await t.db.membership.deleteMany({ where: { tenantId: owner.tenantId, userId: agent.userId } });
    expect((await picture(t.db, bot.publicId, after.pictureUrl!)).status).toBe(404);
  });

  it("gives two agents of the same name their own key and picture, on their messages too", async () => {
    const { owner, bot, agent: first } = await botWithAgent("Namesakes", "Li Na");
    const second = await memberOfTenant(t.db, owner.tenantId, "AGENT", "Li Na");
    const pictures = new Map([
      [first.userId, png(1, 1, 1)],
      [second.userId, png(2, 2, 2)],
    ]);
    for (const agent of [first, second]) {
      await agent.caller.account.uploadAvatar({ dataBase64: pictures.get(agent.userId)! });
      await agent.caller.member.setPresence({ presence: "ONLINE" });
    }
    const visitor = visitorCaller(t.db);
    const session = await visitor.chat.start({ botId: bot.publicId });
    const ask = { botId: bot.publicId, visitorToken: session.visitorToken };
    await visitor.chat.requestHuman(ask);
    // Whoever got it answers, then hands it to the other, who answers too.
    const [holder, next] = (await first.caller.inbox.list({ view: "mine" })).length > 0 ? [first, second] : [second, first];
    const [conversation] = await holder.caller.inbox.list({ view: "mine" });
    await holder.caller.inbox.reply({ id: conversation!.id, text: "First Li Na here.", clientMessageId: "reply-namesake-1" });
    await holder.caller.inbox.transfer({ id: conversation!.id, agentId: next.userId });
    await next.caller.inbox.reply({ id: conversation!.id, text: "Second Li Na here.", clientMessageId: "reply-namesake-2" });

    const { agents } = await visitor.chat.agents(ask);
    expect(agents).toHaveLength(2);
    expect(agents.map((a) => a.name)).toEqual(["Li Na", "Li Na"]);
    expect(new Set(agents.map((a) => a.key)).size).toBe(2);
    expect(new Set(agents.map((a) => a.pictureUrl)).size).toBe(2);
    const history = (await visitor.chat.history(ask)).filter((m) => m.role === "AGENT");
    expect(history.map((m) => m.content)).toEqual(["First Li Na here.", "Second Li Na here."]);
    // Each message's key finds its own author's picture; the one who has the conversation now is marked.
    const byKey = new Map(agents.map((a) => [a.key, a]));
    for (const [message, author] of [
      [history[0]!, holder],
      [history[1]!, next],
    ] as const) {
      const agent = byKey.get(message.authorKey!)!;
      expect(agent.assigned).toBe(author === next);
      const served = await picture(t.db, bot.publicId, agent.pictureUrl!);
      expect(Buffer.from(await served.arrayBuffer()).toString("base64")).toBe(pictures.get(author.userId));
    }
  });

  it("answers a made-up key 404 without reading any picture, and reads only the one member's picture for a real one", async () => {
    const { owner, bot, agent } = await botWithAgent("Guesses", "Wang Fang");
    const members = [agent, await memberOfTenant(t.db, owner.tenantId, "AGENT", "Chen Jie"), await memberOfTenant(t.db, owner.tenantId, "ADMIN", "Liu Yang")];
    for (const [i, member] of members.entries()) await member.caller.account.uploadAvatar({ dataBase64: png(i, 7) });
    const { db, queries } = countingDb();
    for (let i = 0; i < 20; i++) {
      const guess = `${i.toString(16).padStart(32, "a")}-${"b".repeat(16)}`;
      expect((await picture(db, bot.publicId, guess)).status).toBe(404);
    }
    expect(queries.filter((q) => q.includes("avatarUrl"))).toEqual([]);
    // The tenant's member ids, read once for all twenty guesses (and the bot's tenant, once per process).
    expect(queries.filter((q) => q.startsWith("Membership."))).toHaveLength(1);
    expect(queries.length).toBeLessThanOrEqual(2);

    await agent.caller.member.setPresence({ presence: "ONLINE" });
    const visitor = visitorCaller(t.db);
    const session = await visitor.chat.start({ botId: bot.publicId });
    await visitor.chat.requestHuman({ botId: bot.publicId, visitorToken: session.visitorToken });
    const { agents } = await visitor.chat.agents({ botId: bot.publicId, visitorToken: session.visitorToken });
    queries.length = 0;
    expect((await picture(db, bot.publicId, agents[0]!.pictureUrl!)).status).toBe(200);
    expect(queries.filter((q) => q.includes("avatarUrl"))).toHaveLength(1);
  });

  it("refuses a client past its picture budget with 429 and the seconds to wait; other addresses go on", async () => {
    const { bot } = await botWithAgent("Budget", "Zhao Lei");
    const tight = new RateLimits(t.db, readApiEnv({ KEFU_RATE_AGENT_PICTURE_IP: "3/60" }));
    const ask = (address: string) => agentPictureResponse(t.db, { req: pictureRequest(address), publicId: bot.publicId, picture: `${"c".repeat(32)}-${"d".repeat(16)}`, log, limits: tight });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await ask("203.0.113.77")).status);
    expect(statuses).toEqual([404, 404, 404, 429, 429]);
    const refused = await ask("203.0.113.77");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(await refused.json()).toMatchObject({ error: "agent_pictures" });
    expect((await ask("203.0.113.78")).status).toBe(404);
  });

  it("gives an agent without an uploaded picture no URL (their initial is shown), and another visitor no agents", async () => {
    const { bot, agent } = await botWithAgent("Initials", "李娜");
    await agent.caller.member.setPresence({ presence: "ONLINE" });
    const visitor = visitorCaller(t.db);
    const session = await visitor.chat.start({ botId: bot.publicId });
    await visitor.chat.requestHuman({ botId: bot.publicId, visitorToken: session.visitorToken });
    expect(await visitor.chat.agents({ botId: bot.publicId, visitorToken: session.visitorToken })).toEqual({
      agents: [{ key: expect.stringMatching(/^[0-9a-f]{32}$/), name: "李娜", pictureUrl: null, assigned: true }],
    });

    const stranger = visitorCaller(t.db);
    const theirs = await stranger.chat.start({ botId: bot.publicId });
    expect(await stranger.chat.agents({ botId: bot.publicId, visitorToken: theirs.visitorToken })).toEqual({ agents: [] });
  });
});
