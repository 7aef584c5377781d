import { z } from "zod";
import { ZId } from "./bot";
import { ZAddFaqRequest } from "./knowledge";

// Knowledge gaps: what visitors asked that the bot could not answer well, grouped by question.

/** Why a visitor question counts as a miss. */
export const GAP_REASONS = ["declined", "low_confidence", "thumbs_down", "escalated"] as const;
export type GapReason = (typeof GAP_REASONS)[number];

/** The windows a gap list covers, in days: bounded, so the list stays fast as history grows. */
export const GAP_WINDOWS = [7, 30, 90] as const;
export const ZGapWindow = z.union([z.literal(7), z.literal(30), z.literal(90)]);

/** A cluster's key (domain clusterQuestions). */
export const ZGapKey = z.string().trim().min(1).max(64);

export const ZGapListRequest = z.object({ botId: ZId, days: ZGapWindow.default(30) });
export const ZGapRequest = z.object({ botId: ZId, key: ZGapKey, days: ZGapWindow.default(30) });
/** The FAQ entry the gap becomes: the knowledge service's own request, plus the gap. */
export const ZCoverGapRequest = ZAddFaqRequest.extend({ key: ZGapKey, days: ZGapWindow.default(30) });
/** Dismiss a gap, or reopen it (undo covering or dismissing). */
export const ZGapDecisionRequest = ZGapRequest;

export type GapListRequest = z.infer<typeof ZGapListRequest>;
export type CoverGapRequest = z.infer<typeof ZCoverGapRequest>;
