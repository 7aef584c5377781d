import { z } from "zod";
import { ZBotPublicId } from "./bot";

/** Visitor tokens are random bearer secrets minted by the server (base64url, 32 bytes). */
export const ZVisitorToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "Invalid visitor session.");

export const ZStartSessionRequest = z.object({
  botId: ZBotPublicId,
  visitorToken: ZVisitorToken.optional(),
});

export const ZVisitorRequest = z.object({
  botId: ZBotPublicId,
  visitorToken: ZVisitorToken,
});

export const ZSendMessageRequest = ZVisitorRequest.extend({
  text: z.string().trim().min(1, "Type a message first.").max(4000, "Messages are limited to 4000 characters."),
  clientMessageId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "Invalid client message id."),
});

export const ZCitation = z.object({ sourceId: z.string(), title: z.string(), snippet: z.string() });
export type Citation = z.infer<typeof ZCitation>;
export const ZCitations = z.array(ZCitation);
