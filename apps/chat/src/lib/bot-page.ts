import { translator } from "@kefu/ui/i18n";
import { type Metadata } from "next";
import { cache } from "react";

export { BOT_PAGE_HEADER } from "./bot-page-header";

/**
 * The bot a chat page is about (name and language), once per request. Loaded on use like
 * widget-framing.ts; null when there is no such bot or the database cannot answer (the page then
 * says the chat is not available).
 */
export const botPageInfo = cache(async (publicId: string): Promise<{ name: string; language: "en" | "zh" } | null> => {
  try {
    const [{ botPageInfo: ofBot }, { getDb }] = await Promise.all([import("@kefu/api/public"), import("@kefu/db")]);
    return await ofBot(getDb(), publicId);
  } catch {
    return null;
  }
});

/** "<bot name> · Customer support" in the bot's language, for the tab of the hosted page and the widget frame. */
export async function botPageMetadata(params: Promise<{ botId: string }>): Promise<Metadata> {
  const bot = await botPageInfo(decodeURIComponent((await params).botId));
  const t = translator(bot?.language ?? "en");
  return { title: bot ? `${bot.name} · ${t("chat.pageTitle")}` : t("chat.pageTitle") };
}
