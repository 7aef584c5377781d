import { type FrameAncestors } from "@kefu/api/http-security";

/**
 * Who may frame the widget page of a bot (`/widget/<publicId>`): the CSP `frame-ancestors` of
 * that page, from the bot's allowed websites (`Bot.allowedOrigins`; `*` when it allows any, or
 * when there is no such bot: the page then only says the chat is not available). Every other page
 * of the chat app is `'none'`. Loaded on use, so the proxy's own module needs no database; if the
 * database cannot answer, nobody may frame the page (the widget could not start anyway).
 */
export async function widgetFrameAncestors(botPublicId: string): Promise<FrameAncestors> {
  try {
    const [{ widgetFrameAncestors: ofBot }, { getDb }] = await Promise.all([import("@kefu/api/public"), import("@kefu/db")]);
    return await ofBot(getDb(), botPublicId);
  } catch {
    return "'none'";
  }
}
