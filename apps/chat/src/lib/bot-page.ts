import { cache } from "react";

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
