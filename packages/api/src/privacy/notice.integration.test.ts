import { describe, expect, it } from "vitest";
import { expectCode, useTestDb, visitorCaller } from "../testing/index.ts";
import { tenantWithBot } from "../testing/privacy-seed.ts";

// A bot's privacy notice: set in the bot's Privacy card, given to the widget with the bot.
const t = useTestDb();

describe("privacy notice", () => {
  it("is saved with the bot's privacy settings and reaches the widget; empty removes it; links must be http(s)", async () => {
    const { caller, bot } = await tenantWithBot(t.db, "Notice");
    const visitor = visitorCaller(t.db);
    expect((await visitor.chat.start({ botId: bot.publicId })).bot.privacyNotice).toBeNull();
    const settings = { id: bot.id, redactPii: true, maskStoredPii: false, piiPatterns: [] };

    const saved = await caller.bot.updatePrivacy({ ...settings, privacyNotice: "  我们会保存聊天记录 30 天。 ", privacyNoticeUrl: "https://shop.example.com/privacy" });
    expect(saved).toMatchObject({ privacyNotice: "我们会保存聊天记录 30 天。", privacyNoticeUrl: "https://shop.example.com/privacy" });
    const started = await visitor.chat.start({ botId: bot.publicId });
    expect(started.bot.privacyNotice).toEqual({ text: "我们会保存聊天记录 30 天。", url: "https://shop.example.com/privacy" });
    expect((await visitor.widget.config({ botId: bot.publicId })).privacyNotice?.text).toBe("我们会保存聊天记录 30 天。");

    // Saving the other settings alone keeps the notice.
    await caller.bot.updatePrivacy({ ...settings, redactPii: false });
    expect((await caller.bot.privacy({ id: bot.id })).privacyNotice).toBe("我们会保存聊天记录 30 天。");

    await expectCode(caller.bot.updatePrivacy({ ...settings, privacyNoticeUrl: "javascript:alert(1)" }), "BAD_REQUEST");
    await expectCode(caller.bot.updatePrivacy({ ...settings, privacyNotice: "x".repeat(1001) }), "BAD_REQUEST");

    await caller.bot.updatePrivacy({ ...settings, privacyNotice: "", privacyNoticeUrl: "" });
    expect((await visitor.chat.start({ botId: bot.publicId })).bot.privacyNotice).toBeNull();
  });
});
