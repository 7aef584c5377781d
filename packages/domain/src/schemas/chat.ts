import { z } from "zod";
import { ZText } from "./text";
import { canonicalOrigin } from "../origins/allowed-origins";
import { ZBotPublicId } from "./bot";

/** Visitor tokens are random bearer secrets minted by the server (base64url, 32 bytes). */
export const ZVisitorToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "Invalid visitor session.");

/**
 * Attributes the host site passes about its visitor (plan, lifetime value…), read by handoff
 * rules. They come from the visitor's browser: hints, unless they arrive with a valid signed
 * identity (userId + userHash), whose host backend vouches for them (docs/security.md).
 */
export const ZVisitorAttributes = z
  .record(
    z.string().trim().min(1).max(64).regex(/^[\w.-]+$/, "Attribute names use letters, digits, _ . and -."),
    z.union([ZText.max(500), z.number().finite(), z.boolean()]),
  )
  .refine((attributes) => Object.keys(attributes).length <= 50, { message: "At most 50 visitor attributes." });
export type VisitorAttributeValues = z.infer<typeof ZVisitorAttributes>;

/** Stored attributes read back (Visitor.attributes, JSON): the object, or none when it is not one. */
export function storedVisitorAttributes(value: unknown): Record<string, unknown> {
  return value && typeof value === "object" ? (value as Record<string, unknown>) : {};
}

/** An http(s) origin such as `https://shop.example.com`, in canonical form. */
export const ZHostOrigin = z
  .string()
  .max(300)
  .transform((value, ctx) => {
    const origin = canonicalOrigin(value);
    if (origin !== null) return origin;
    ctx.addIssue({ code: "custom", message: "Invalid host page origin." });
    return z.NEVER;
  });

/**
 * The host site's id of its signed-in user (its own account id, not an e-mail address ideally):
 * printable, no surrounding spaces, as signed by the host's backend (docs/security.md).
 */
export const ZVisitorUserId = z
  .string()
  .min(1)
  .max(200, "User ids are limited to 200 characters.")
  .regex(/^[^\s\p{Cc}](?:[^\p{Cc}]*[^\s\p{Cc}])?$/u, "Invalid user id.");

/** HMAC-SHA256(identity secret, userId) in hex, computed by the host site's backend. */
export const ZVisitorUserHash = z.string().regex(/^[0-9a-fA-F]{64}$/, "Invalid user hash.");

export const ZStartSessionRequest = z.object({
  botId: ZBotPublicId,
  visitorToken: ZVisitorToken.optional(),
  attributes: ZVisitorAttributes.optional(),
  /**
   * The widget's host page (the loader passes its origin): checked against the bot's allowed
   * websites, and the only origin the widget then talks to.
   */
  hostOrigin: ZHostOrigin.optional(),
  /**
   * Who the host site says the visitor is, and its proof: `userHash` = HMAC-SHA256(the bot's
   * identity secret, userId). Without a valid hash the id is kept as claimed only.
   */
  userId: ZVisitorUserId.optional(),
  userHash: ZVisitorUserHash.optional(),
});
export type StartSessionRequest = z.infer<typeof ZStartSessionRequest>;

export const ZVisitorRequest = z.object({
  botId: ZBotPublicId,
  visitorToken: ZVisitorToken,
});

import { MAX_MESSAGE_CHARS } from "./message-basics";

export { MAX_MESSAGE_CHARS };

export const ZSendMessageRequest = ZVisitorRequest.extend({
  text: ZText.trim().min(1, "Type a message first.").max(MAX_MESSAGE_CHARS, `Messages are limited to ${MAX_MESSAGE_CHARS} characters.`),
  clientMessageId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "Invalid client message id."),
});

export const ZCitation = z.object({ sourceId: z.string(), title: z.string(), snippet: z.string() });
export type Citation = z.infer<typeof ZCitation>;
export const ZCitations = z.array(ZCitation);

/** A "did you mean" choice stored with the bot reply that offered it. */
export const ZMessageSuggestion = z.object({ sourceId: z.string(), title: z.string() });
export type MessageSuggestion = z.infer<typeof ZMessageSuggestion>;
export const ZMessageSuggestions = z.array(ZMessageSuggestion);

/**
 * The visitor chose one of a bot reply's "did you mean" entries: only an entry that reply offered
 * is answered. `clientMessageId` makes the choice idempotent, as for a sent message.
 */
export const ZChooseSuggestionRequest = ZVisitorRequest.extend({
  messageId: z.string().min(1).max(64),
  sourceId: z.string().min(1).max(64),
  clientMessageId: ZSendMessageRequest.shape.clientMessageId,
});

/**
 * The people in a visitor's conversations (who wrote to them, who has it now), as the visitor may
 * see them: the opaque key their messages carry (authorKey), a display name (null: none set, never
 * taken from the e-mail: see visitorAgentName), a picture URL (null:
 * no uploaded picture, initials instead) and whether they have the visitor's open conversation now.
 * Nothing else about a staff member: no user id, no e-mail.
 */
export const ZVisitorAgentsResponse = z.object({
  agents: z.array(z.object({ key: z.string(), name: z.string().nullable(), pictureUrl: z.string().nullable(), assigned: z.boolean() })),
});
export type VisitorAgentsResponse = z.infer<typeof ZVisitorAgentsResponse>;
