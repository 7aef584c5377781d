import { describe, expect, it } from "vitest";
import { createApiContext } from "../platform/context.ts";
import { memberOfTenant, ownerOfNewTenant, useTestDb, visitorCaller } from "../testing/index.ts";
import { agentPictureResponse } from "./agent-pictures.ts";

const t = useTestDb();
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 1, 2, 3]).toString("base64");

describe("the agent's picture, as visitors get it", () => {
  it("names the agent with a picture URL and nothing else; the URL serves the picture to that bot's visitors only", async () => {
    const owner = await ownerOfNewTenant(t.db, "Pictures");
    const bot = await owner.caller.bot.create({ name: "Pictures", greeting: "Hi", instructions: "", language: "en", brandColor: "#2563eb" });
    const agent = await memberOfTenant(t.db, owner.tenantId, "AGENT", "Zhang Wei");
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
    expect(agents).toEqual([{ name: "Zhang Wei", pictureUrl: expect.stringMatching(new RegExp(`^/api/widget/${bot.publicId}/agents/[0-9a-f]{32}$`)) }]);
    const raw = JSON.stringify(agents);
    expect(raw).not.toContain(email);
    expect(raw).not.toContain(agent.userId);
    expect(raw).not.toContain("base64");

    const { log } = createApiContext({ db: t.db });
    const key = agents[0]!.pictureUrl!.split("/").pop()!;
    const served = await agentPictureResponse(t.db, { publicId: bot.publicId, key, log });
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(served.headers.get("x-content-type-options")).toBe("nosniff");
    expect(Buffer.from(await served.arrayBuffer()).toString("base64")).toBe(PNG);

    // Another tenant's bot does not serve it, nor does a guessed or malformed key.
    const other = await ownerOfNewTenant(t.db, "Elsewhere");
    const otherBot = await other.caller.bot.create({ name: "Elsewhere", greeting: "Hi", instructions: "", language: "en", brandColor: "#2563eb" });
    expect((await agentPictureResponse(t.db, { publicId: otherBot.publicId, key, log })).status).toBe(404);
    expect((await agentPictureResponse(t.db, { publicId: bot.publicId, key: "0".repeat(32), log })).status).toBe(404);
    expect((await agentPictureResponse(t.db, { publicId: bot.publicId, key: "../../etc", log })).status).toBe(404);

    // A new picture: a new URL, and the old one no longer serves.
    await agent.caller.account.uploadAvatar({ dataBase64: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2]).toString("base64") });
    const after = (await visitor.chat.agents(ask)).agents[0]!;
    expect(after.pictureUrl).not.toBe(agents[0]!.pictureUrl);
    expect((await agentPictureResponse(t.db, { publicId: bot.publicId, key, log })).status).toBe(404);
  });

  it("gives an agent without an uploaded picture no URL (their initial is shown), and another visitor no agents", async () => {
    const owner = await ownerOfNewTenant(t.db, "Initials");
    const bot = await owner.caller.bot.create({ name: "Initials", greeting: "Hi", instructions: "", language: "en", brandColor: "#2563eb" });
    const agent = await memberOfTenant(t.db, owner.tenantId, "AGENT", "李娜");
    await agent.caller.member.setPresence({ presence: "ONLINE" });
    const visitor = visitorCaller(t.db);
    const session = await visitor.chat.start({ botId: bot.publicId });
    await visitor.chat.requestHuman({ botId: bot.publicId, visitorToken: session.visitorToken });
    expect(await visitor.chat.agents({ botId: bot.publicId, visitorToken: session.visitorToken })).toEqual({ agents: [{ name: "李娜", pictureUrl: null }] });

    const stranger = visitorCaller(t.db);
    const theirs = await stranger.chat.start({ botId: bot.publicId });
    expect(await stranger.chat.agents({ botId: bot.publicId, visitorToken: theirs.visitorToken })).toEqual({ agents: [] });
  });
});
