import { describe, expect, it } from "vitest";
import { rootLogger } from "../platform/logger.ts";
import { widgetConfigResponse } from "../chat/index.ts";
import { expectCode, memberOfTenant, ownerOfNewTenant, useTestDb, visitorCaller } from "../testing/index.ts";

// The Widget tab's appearance: saved by those who may change bot settings, for their own bots
// only, checked by the domain's schema; the loader and the widget read what was saved.
const t = useTestDb();
const log = rootLogger();
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]).toString("base64");
const GIF = Buffer.from("GIF89a\x01\x00\x01\x00").toString("base64");
const botInput = { greeting: "Hi", instructions: "", language: "en" as const, brandColor: "#2563eb" };
const looks = {
  position: "left" as const,
  sideOffset: 32,
  bottomOffset: 48,
  launcherColor: "#111827",
  launcherIcon: "headset" as const,
  launcherLabel: "Chat with us",
  displayName: "Tea helper",
  suggestedQuestions: ["How long does shipping take?", "Can I get a refund?"],
};

describe("bot appearance", () => {
  it("saves colours, launcher, display name, questions and avatar; the loader and a new chat read them", async () => {
    const owner = await ownerOfNewTenant(t.db, "Looks");
    const bot = await owner.caller.bot.create({ name: "Shop bot", ...botInput });
    expect(await owner.caller.bot.appearance({ id: bot.id })).toMatchObject({ name: "Shop bot", brandColor: "#2563eb", avatarUrl: null, appearance: { position: "right", suggestedQuestions: [] } });

    const saved = await owner.caller.bot.updateAppearance({ id: bot.id, brandColor: "#0f766e", greeting: " Hello! ", appearance: looks, avatar: { dataBase64: PNG } });
    expect(saved).toMatchObject({ brandColor: "#0f766e", greeting: "Hello!", appearance: looks, avatarUrl: `data:image/png;base64,${PNG}` });
    // The bot form's fields are the same columns: the overview shows the new colour and greeting.
    expect(await owner.caller.bot.get({ id: bot.id })).toMatchObject({ brandColor: "#0f766e", greeting: "Hello!" });

    // Leaving the avatar out keeps it; null removes it.
    expect((await owner.caller.bot.updateAppearance({ id: bot.id, brandColor: "#0f766e", greeting: "Hello!", appearance: looks })).avatarUrl).toContain("data:image/png");

    const config = await (await widgetConfigResponse(t.db, { publicId: bot.publicId, origin: null, foreign: null, log })).json();
    expect(config).toMatchObject({
      displayName: "Tea helper",
      suggestedQuestions: looks.suggestedQuestions,
      launcher: { position: "left", sideOffset: 32, bottomOffset: 48, color: "#111827", icon: "headset", label: "Chat with us" },
    });
    // The loader draws the launcher only: no avatar bytes in its configuration.
    expect(config).not.toHaveProperty("avatarUrl");

    const session = await visitorCaller(t.db).chat.start({ botId: bot.publicId });
    expect(session.bot).toMatchObject({ name: "Shop bot", displayName: "Tea helper", greeting: "Hello!", brandColor: "#0f766e", avatarUrl: `data:image/png;base64,${PNG}`, suggestedQuestions: looks.suggestedQuestions });

    expect((await owner.caller.bot.updateAppearance({ id: bot.id, brandColor: "#0f766e", greeting: "Hello!", appearance: {}, avatar: null })).avatarUrl).toBeNull();
    // Back to the defaults: the header shows the bot's name, the launcher sits bottom right in the brand colour.
    const reset = await visitorCaller(t.db).chat.start({ botId: bot.publicId });
    expect(reset.bot).toMatchObject({ displayName: "Shop bot", avatarUrl: null, suggestedQuestions: [], launcher: { position: "right", color: "#0f766e", icon: "chat", label: "" } });
  });

  it("refuses what the schema refuses and images that are not PNG, JPEG or WebP by their bytes, writing nothing", async () => {
    const owner = await ownerOfNewTenant(t.db, "Looks checked");
    const bot = await owner.caller.bot.create({ name: "Checked", ...botInput });
    const save = (fields: Record<string, unknown>) =>
      owner.caller.bot.updateAppearance({ id: bot.id, brandColor: "#0f766e", greeting: "Hi", appearance: {}, ...fields } as Parameters<typeof owner.caller.bot.updateAppearance>[0]);
    await expectCode(save({ appearance: { sideOffset: 500 } }), "BAD_REQUEST");
    await expectCode(save({ appearance: { launcherLabel: "x".repeat(31) } }), "BAD_REQUEST");
    await expectCode(save({ appearance: { suggestedQuestions: ["a", "b", "c", "d", "e"] } }), "BAD_REQUEST");
    await expectCode(save({ appearance: { launcherIcon: "rocket" } }), "BAD_REQUEST");
    await expectCode(save({ brandColor: "teal" }), "BAD_REQUEST");
    expect((await expectCode(save({ avatar: { dataBase64: GIF } }), "BAD_REQUEST")).message).toMatch(/PNG, JPEG or WebP/);
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>').toString("base64");
    await expectCode(save({ avatar: { dataBase64: svg } }), "BAD_REQUEST");
    await expectCode(save({ avatar: { dataBase64: Buffer.alloc(70 * 1024, 1).toString("base64") } }), "BAD_REQUEST");
    expect(await owner.caller.bot.appearance({ id: bot.id })).toMatchObject({ brandColor: "#2563eb", avatarUrl: null, appearance: { position: "right" } });
  });

  it("needs bot.update to save (agents read it), and another tenant's bot is not found; the audit log records the save", async () => {
    const owner = await ownerOfNewTenant(t.db, "Looks owner");
    const bot = await owner.caller.bot.create({ name: "Mine", ...botInput });
    const agent = await memberOfTenant(t.db, owner.tenantId, "AGENT");
    const admin = await memberOfTenant(t.db, owner.tenantId, "ADMIN");
    const input = { id: bot.id, brandColor: "#0f766e", greeting: "Hi", appearance: looks };
    expect((await agent.caller.bot.appearance({ id: bot.id })).name).toBe("Mine");
    await expectCode(agent.caller.bot.updateAppearance(input), "FORBIDDEN");
    expect((await admin.caller.bot.updateAppearance(input)).appearance.position).toBe("left");

    const other = await ownerOfNewTenant(t.db, "Looks other");
    await expectCode(other.caller.bot.appearance({ id: bot.id }), "NOT_FOUND");
    await expectCode(other.caller.bot.updateAppearance({ ...input, appearance: { ...looks, displayName: "Hijacked" } }), "NOT_FOUND");
    expect((await owner.caller.bot.appearance({ id: bot.id })).appearance.displayName).toBe("Tea helper");

    const { events } = await owner.caller.audit.list({ filter: { action: "bot.updateAppearance" } });
    expect(events.map((e) => [e.actorId, e.outcome, e.errorCode])).toEqual([
      [admin.userId, "success", null],
      [agent.userId, "failure", "FORBIDDEN"],
    ]);
    expect(events[0]!.details).toMatchObject({ input: { id: bot.id, appearance: { position: "left", displayName: "Tea helper" } } });
  });
});
