import { z } from "zod";
import { ZAllowedOrigins } from "../origins/allowed-origins";
import { ZText } from "./text";

export const BOT_LANGUAGES = ["en", "zh"] as const;
export type BotLanguage = (typeof BOT_LANGUAGES)[number];

/** Public bot ids are unguessable: "bot_" + 20 base62 characters. */
export const ZBotPublicId = z.string().regex(/^bot_[A-Za-z0-9]{20}$/, "This is not a valid bot id.");
export const ZId = ZText.min(1).max(64);

export const ZBotInput = z.object({
  name: ZText.trim().min(1, "Name is required.").max(80, "Name must be at most 80 characters."),
  greeting: ZText.trim().min(1, "Greeting is required.").max(500, "Greeting must be at most 500 characters."),
  instructions: ZText.trim().max(4000, "Instructions must be at most 4000 characters.").default(""),
  language: z.enum(BOT_LANGUAGES),
  brandColor: z
    .string()
    .trim()
    .regex(/^#[0-9a-fA-F]{6}$/, "Brand colour must look like #2563eb."),
});
export type BotInput = z.infer<typeof ZBotInput>;

export const ZCreateBotRequest = ZBotInput;
export const ZUpdateBotRequest = ZBotInput.extend({ id: ZId });
export const ZBotIdRequest = z.object({ id: ZId });
export const ZUpdateHandoffSettingsRequest = z.object({
  id: ZId,
  allowHandoff: z.boolean(),
  // null: an assigned conversation stays with its agent until they resolve or hand it back.
  agentIdleMinutes: z.number().int().min(1, "At least 1 minute.").max(1440, "At most 1440 minutes (a day).").nullable(),
});

/** The websites that may embed the bot (origins and `https://*.example.com` patterns); empty = any website. */
export const ZUpdateAllowedOriginsRequest = z.object({ id: ZId, allowedOrigins: ZAllowedOrigins });
export type UpdateAllowedOriginsRequest = z.infer<typeof ZUpdateAllowedOriginsRequest>;

/** Visitor identity verification: refuse chats whose user id or attributes the website did not sign. */
export const ZUpdateBotIdentityRequest = z.object({ id: ZId, requireVerifiedIdentity: z.boolean() });
export type UpdateBotIdentityRequest = z.infer<typeof ZUpdateBotIdentityRequest>;

const BASE62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** Builds a public id from 20 random bytes (the caller supplies randomness: domain does no I/O). */
export function publicIdFromBytes(bytes: Uint8Array): string {
  if (bytes.length < 20) throw new Error("publicIdFromBytes needs 20 random bytes");
  let id = "bot_";
  for (let i = 0; i < 20; i++) id += BASE62[bytes[i]! % 62];
  return id;
}

export function embedSnippet(chatOrigin: string, publicId: string): string {
  return `<script src="${chatOrigin}/widget.js" data-bot-id="${publicId}" async></script>`;
}
