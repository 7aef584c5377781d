import { z } from "zod";
import { CONVERSATION_STATUSES, ZEscalationReason, ZNotifyAction, type ConversationStatus } from "../escalation/model";
import { ZCitations, ZMessageSuggestions } from "./chat";
import { ZAnswerFeedbackView, ZRating } from "./feedback";
import { IMAGE_TYPES } from "./images";

// The conversation event log (packages/api platform/events): what each event type carries. Writers
// are typed by this union, readers parse stored rows with it, and clients narrow on `type`.

import { MESSAGE_ROLES } from "./message-basics";

export { isVisitorVisible, MESSAGE_ROLES, type MessageRole, type VisitorMessageRole } from "./message-basics";

/**
 * An image sent with a message (visitor or agent): what clients need to show it; the bytes are
 * served by the apps' attachment routes to the conversation's visitor and the tenant's staff only.
 */
export const ZMessageAttachment = z.object({
  id: z.string(),
  contentType: z.enum(IMAGE_TYPES),
  size: z.number().int(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
});
export type MessageAttachment = z.infer<typeof ZMessageAttachment>;

/**
 * A chat message as the event log stores it and streams send it: JSON, so createdAt is an ISO
 * string. This is the one declaration of a message's shape (ZChatMessage below adds the Date).
 * Everything but id, role, content and createdAt has a default, so rows logged before a field
 * existed (author names came later) still read.
 */
export const ZLoggedMessage = z.object({
  id: z.string(),
  role: z.enum(MESSAGE_ROLES),
  content: z.string(),
  citations: ZCitations.default([]),
  /** The entries a bot reply offered when it was not sure ("did you mean"); empty otherwise. */
  suggestions: ZMessageSuggestions.default([]),
  confidence: z.number().nullable().default(null),
  /** Shown under a bot answer that took an unusual path (e.g. the AI model failed). */
  notice: z.string().nullable().default(null),
  clientMessageId: z.string().nullable().default(null),
  /** The agent who wrote an AGENT message or NOTE, and their display name (never their e-mail). */
  authorId: z.string().nullable().default(null),
  authorName: z.string().nullable().default(null),
  /**
   * Visitors' copies only: the agent's opaque key (api conversations/agent-keys.ts), which tells
   * two agents of the same name apart; visitors get it in place of authorId, which is null there.
   */
  authorKey: z.string().nullable().optional(),
  /** Images sent with the message (its text may then be empty). */
  attachments: z.array(ZMessageAttachment).default([]),
  createdAt: z.iso.datetime(),
});
export type LoggedMessage = z.infer<typeof ZLoggedMessage>;

/** A message as queries return it (superjson keeps the Date); parses a logged one too. */
export const ZChatMessage = ZLoggedMessage.extend({ createdAt: z.coerce.date() });
export type ChatMessage = z.infer<typeof ZChatMessage>;

const upper = <S extends string>(s: S) => s.toUpperCase() as Uppercase<S>;
/** A conversation's status as the database spells it (the state machine's, in capitals). */
export const ZStoredConversationStatus = z.enum(CONVERSATION_STATUSES.map(upper));
export type StoredConversationStatus = Uppercase<ConversationStatus>;

const ZNoPayload = z.object({});

export const ZConversationLogEvent = z.discriminatedUnion("type", [
  z.object({ type: z.literal("message"), payload: ZLoggedMessage }),
  /** Who has the conversation now; sent after every handoff transition. */
  z.object({
    type: z.literal("status"),
    payload: z.object({
      status: ZStoredConversationStatus,
      assigneeId: z.string().nullable(),
      assigneeName: z.string().nullable(),
      teamId: z.string().nullable(),
    }),
  }),
  z.object({ type: z.literal("typing"), payload: z.object({ who: z.enum(["visitor", "agent"]) }) }),
  /** The visitor rated their resolved conversation, with optional words (agents only). */
  z.object({ type: z.literal("rating"), payload: z.object({ rating: ZRating, comment: z.string().nullable().default(null) }) }),
  /** The visitor voted on a bot answer, or changed their vote (agents only). */
  z.object({ type: z.literal("answer_feedback"), payload: ZAnswerFeedbackView }),
  /** The conversation went to the team: why, and the rule that sent it (agents only; analytics). */
  z.object({ type: z.literal("escalation"), payload: z.object({ reason: ZEscalationReason, ruleId: z.string().nullable() }) }),
  /** A rule's notify action, with the rule and the reason it matched for (agents only). */
  z.object({
    type: z.literal("notify"),
    payload: ZNotifyAction.extend({ ruleId: z.string().nullable(), reason: ZEscalationReason.nullable() }),
  }),
  /** Nobody is online: the widget asks for an e-mail address ("leave a message"). */
  z.object({ type: z.literal("collect_contact"), payload: ZNoPayload }),
  /** The conversation was resolved: the widget asks for a rating. */
  z.object({ type: z.literal("request_rating"), payload: ZNoPayload }),
]);
/** One event of the log: narrow on `type` to get its payload. */
export type ConversationLogEvent = z.infer<typeof ZConversationLogEvent>;
export type ConversationLogEventType = ConversationLogEvent["type"];
