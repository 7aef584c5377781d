import { z } from "zod";
import { ZText } from "./text";
import { PRIORITIES } from "../escalation/model";
import { ZId } from "./bot";
import { MAX_MESSAGE_CHARS, ZVisitorRequest } from "./chat";

export const INBOX_VIEWS = ["unassigned", "mine", "all", "resolved"] as const;
export type InboxView = (typeof INBOX_VIEWS)[number];

export const ZInboxListRequest = z.object({
  view: z.enum(INBOX_VIEWS).default("all"),
  botId: ZId.optional(),
  priority: z.enum(PRIORITIES).optional(),
  tag: ZText.trim().min(1).max(40).optional(),
  limit: z.number().int().min(1).max(100).default(50),
});
export const ZInboxCountsRequest = ZInboxListRequest.pick({ botId: true, priority: true, tag: true });

export const ZConversationIdRequest = z.object({ id: ZId });

const ZClientMessageId = ZText.min(8).max(64);
export const ZAgentMessageRequest = z.object({
  id: ZId,
  text: ZText.trim().min(1, "Write a message first.").max(4000, "Messages are at most 4000 characters."),
  clientMessageId: ZClientMessageId,
});
/**
 * An agent's image to the visitor, base64 as the dashboard's other uploads. The bound here is the
 * largest image setting allows (100 MB); the service checks the configured limit and sniffs the bytes.
 */
export const ZAgentImageRequest = z.object({
  id: ZId,
  dataBase64: z.string().min(1, "Choose an image first.").max(Math.ceil((100 * 1024 * 1024) / 3) * 4, "The image is too large."),
  clientMessageId: ZClientMessageId,
});

export const ZTransferRequest = z
  .object({ id: ZId, agentId: ZId.optional(), teamId: ZId.optional() })
  .refine((v) => Boolean(v.agentId) !== Boolean(v.teamId), { message: "Choose an agent or a team.", path: ["agentId"] });

/** Streams resume from the last event id they saw (tRPC tracked events). */
export const ZInboxEventsRequest = z.object({ conversationId: ZId.optional(), lastEventId: z.string().regex(/^\d+$/).nullish() });

export const ZCannedReplyInput = z.object({
  title: ZText.trim().min(1, "Title is required.").max(80, "Title must be at most 80 characters."),
  content: ZText.trim().min(1, "Text is required.").max(2000, "Text must be at most 2000 characters."),
});

// Visitor side
export const ZVisitorEventsRequest = ZVisitorRequest.extend({ lastEventId: z.string().regex(/^\d+$/).nullish() });
export const ZLeaveContactRequest = ZVisitorRequest.extend({
  email: z.string().trim().toLowerCase().max(254).pipe(z.email("Enter a valid e-mail address.")),
  message: ZText.trim().min(1, "Write a message for the team.").max(MAX_MESSAGE_CHARS, `Messages are at most ${MAX_MESSAGE_CHARS} characters.`),
});
