import { describe, expect, it } from "vitest";
import { rootLogger } from "../platform/logger.ts";
import { ownerOfNewTenant, useTestDb } from "../testing/index.ts";
import { botPageInfo } from "./visitor-session.ts";
import { widgetConfigResponse } from "./widget-http.ts";

const t = useTestDb();
const log = rootLogger();

describe("what the chat pages and the loader show before the chat starts", () => {
  it("the bot's name and language for the page title and <html lang>; nothing for an unknown bot", async () => {
    const owner = await ownerOfNewTenant(t.db, "Pages");
    const bot = await owner.caller.bot.create({ name: "小助手", greeting: "你好", instructions: "", language: "zh", brandColor: "#0f766e" });
    expect(await botPageInfo(t.db, bot.publicId)).toEqual({ name: "小助手", language: "zh" });
    expect(await botPageInfo(t.db, "bot_AAAAAAAAAAAAAAAAAAAA")).toBeNull();
    expect(await botPageInfo(t.db, "not an id")).toBeNull();
  });

  it("the loader's labels come with its configuration, in the bot's language", async () => {
    const owner = await ownerOfNewTenant(t.db, "Loader labels");
    const bot = await owner.caller.bot.create({ name: "Shop", greeting: "你好", instructions: "", language: "zh", brandColor: "#0f766e" });
    const labels = (language: "en" | "zh") => ({ open: language === "zh" ? "打开聊天" : "Open chat" });
    const response = await widgetConfigResponse(t.db, { publicId: bot.publicId, origin: null, foreign: null, log, labels });
    expect(await response.json()).toMatchObject({ name: "Shop", language: "zh", labels: { open: "打开聊天" } });
  });
});
