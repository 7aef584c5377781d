import { z } from "zod";
import { ZId } from "./bot";
import { ZText } from "./text";

/** Regression test sets (api regression/): limits that keep a run within one request. */
export const REGRESSION_LIMITS = { setsPerBot: 20, casesPerSet: 200, questionLength: 1000, expectedSources: 10 } as const;

export const REGRESSION_DECISIONS = ["answer", "suggest", "decline"] as const;
export type RegressionDecision = (typeof REGRESSION_DECISIONS)[number];
export const REGRESSION_ORIGINS = ["typed", "conversation", "gap"] as const;
export type RegressionOrigin = (typeof REGRESSION_ORIGINS)[number];

/**
 * Whether the bot's decision on a case's question passes: with expected sources, it must answer
 * and cite one of them; with none ("expect no answer"), it must not answer (an "I don't know" or
 * "did you mean" passes: nothing was asserted).
 */
export function regressionCasePasses(expectedSourceIds: readonly string[], got: { decision: RegressionDecision; citedSourceId: string | null }): boolean {
  if (expectedSourceIds.length === 0) return got.decision !== "answer";
  return got.decision === "answer" && got.citedSourceId !== null && expectedSourceIds.includes(got.citedSourceId);
}

/** A new failure: the case passed in the previous finished run and fails in this one. */
export const isNewRegressionFailure = (passedBefore: boolean | undefined, passedNow: boolean): boolean => passedBefore === true && !passedNow;

const ZName = ZText.trim().min(1, "Give the set a name.").max(100);
const ZQuestion = ZText.trim().min(1, "Type a question.").max(REGRESSION_LIMITS.questionLength);
const ZExpected = z
  .array(ZId)
  .max(REGRESSION_LIMITS.expectedSources)
  .transform((ids) => [...new Set(ids)]);

export const ZRegressionSetIdRequest = z.object({ setId: ZId });
export const ZRegressionBotRequest = z.object({ botId: ZId });
export const ZCreateRegressionSetRequest = z.object({ botId: ZId, name: ZName, autoRun: z.boolean().default(false) });
export const ZUpdateRegressionSetRequest = z.object({ setId: ZId, name: ZName.optional(), autoRun: z.boolean().optional() });
export const ZAddRegressionCaseRequest = z.object({
  setId: ZId,
  question: ZQuestion,
  /** Knowledge entries or documents an answer may cite; empty: the bot should not answer. */
  expectedSourceIds: ZExpected,
  origin: z.enum(REGRESSION_ORIGINS).default("typed"),
});
export const ZUpdateRegressionCaseRequest = z.object({ caseId: ZId, question: ZQuestion, expectedSourceIds: ZExpected });
export const ZRegressionCaseIdRequest = z.object({ caseId: ZId });
/** A case from a conversation: the visitor's message, and the sources the bot cited or the agent confirmed (default: the bot's reply's citations). */
export const ZRegressionCaseFromMessageRequest = z.object({ setId: ZId, messageId: ZId, expectedSourceIds: ZExpected.optional() });
export const ZRegressionRunIdRequest = z.object({ runId: ZId });
