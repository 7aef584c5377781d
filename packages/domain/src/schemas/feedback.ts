import { z } from "zod";
import { ZVisitorRequest } from "./chat";
import { ZText } from "./text";

// Visitor feedback: a thumbs up/down on one bot answer (one per answer, changeable) and the CSAT
// rating of a finished conversation, each with optional words.

/** Why an answer did not help; stored as the FeedbackReason enum. */
export const FEEDBACK_REASONS = ["wrong", "incomplete", "not_understood", "other"] as const;
export type FeedbackReason = (typeof FEEDBACK_REASONS)[number];
export const ZFeedbackReason = z.enum(FEEDBACK_REASONS);

export const FEEDBACK_COMMENT_MAX = 1000;
/** Optional free text: blank is the same as none. */
const ZFeedbackComment = ZText.trim()
  .max(FEEDBACK_COMMENT_MAX, `Comments are at most ${FEEDBACK_COMMENT_MAX} characters.`)
  .transform((s) => (s === "" ? undefined : s))
  .optional();

export const ZAnswerFeedbackRequest = ZVisitorRequest.extend({
  messageId: z.string().min(1).max(64),
  helpful: z.boolean(),
  /** Only with a thumbs down. */
  reason: ZFeedbackReason.optional(),
  comment: ZFeedbackComment,
}).refine((v) => !(v.helpful && v.reason), { message: "A reason goes with a thumbs down only.", path: ["reason"] });
export type AnswerFeedbackRequest = z.infer<typeof ZAnswerFeedbackRequest>;

export const ZRating = z.number().int().min(1).max(5);
export const ZRateRequest = ZVisitorRequest.extend({ rating: ZRating, comment: ZFeedbackComment });

/** The visitor ends their open conversation (then asked for a rating). */
export const ZEndConversationRequest = ZVisitorRequest;

/**
 * Which bot messages take a thumbs up/down: answers from the knowledge (they cite it; a chosen
 * "did you mean" entry is answered with its citation). Declines, "did you mean" offers and
 * notices cite nothing and are not answers to judge.
 */
export function isFeedbackTarget(message: { role: string; citations: unknown }): boolean {
  return message.role === "BOT" && Array.isArray(message.citations) && message.citations.length > 0;
}

/** A stored vote as the visitor's widget and the agent's transcript read it. */
export const ZAnswerFeedbackView = z.object({
  messageId: z.string(),
  helpful: z.boolean(),
  reason: ZFeedbackReason.nullable(),
  comment: z.string().nullable(),
});
export type AnswerFeedbackView = z.infer<typeof ZAnswerFeedbackView>;
