import { type DbTx } from "@kefu/db";
import { type AnswerThresholds } from "@kefu/domain";
import { calibratedThresholds, DEFAULT_TARGET_PRECISION } from "./calibrated-thresholds.ts";

/** What deciding a question's thresholds may look at. */
export interface ThresholdContext {
  /** The bot's own settings: answerThreshold, the confidence an answer needs as the admin set it; targetPrecision, the answer precision aimed for from the knowledge base's calibration (default 0.9). */
  bot: { answerThreshold: number; targetPrecision?: number };
  /**
   * The bot's knowledge scope (knowledge botKnowledgeScope): its tenant, and when each knowledge
   * base was last calibrated, the calibration cache's key. Without calibrations, the bot's own threshold serves.
   */
  scope: { tenantId: string; calibrations?: ReadonlyMap<string, number> };
  /** The knowledge base of this question's best-ranked entry (knowledgeBaseOfSource), or null without one. */
  topKnowledgeBaseId: string | null;
}

/**
 * The one place a bot's answer thresholds come from (chat, a chosen suggestion, playground, gaps): at or above `answer` the
 * bot answers, from `suggest` up to it it offers "did you mean" choices, below it says it does not
 * know. They come from the calibration of the knowledge base the best entry is in, at the bot's
 * target precision (bots/calibrated-thresholds.ts); until it has one (or when it holds too little
 * to calibrate), the bot's own answer threshold and a fixed band under it (DEFAULT_SUGGEST_THRESHOLD,
 * never above the answer threshold).
 */
export async function thresholdsFor(db: DbTx, context: ThresholdContext): Promise<AnswerThresholds> {
  const { bot, scope, topKnowledgeBaseId: knowledgeBaseId } = context;
  return calibratedThresholds(db, {
    tenantId: scope.tenantId,
    knowledgeBaseId,
    calibratedAt: knowledgeBaseId ? scope.calibrations?.get(knowledgeBaseId) : undefined,
    targetPrecision: bot.targetPrecision ?? DEFAULT_TARGET_PRECISION,
    answerThreshold: bot.answerThreshold,
  });
}

/**
 * Which of the bot's knowledge bases holds an entry: free for a bot with one knowledge base
 * (most), else one indexed read, tenant-scoped. Null without an entry or when it is not in them.
 */
export async function knowledgeBaseOfSource(db: DbTx, scope: { tenantId: string; knowledgeBaseIds: readonly string[] }, sourceId: string | null | undefined): Promise<string | null> {
  if (!sourceId) return null;
  if (scope.knowledgeBaseIds.length === 1) return scope.knowledgeBaseIds[0]!;
  const source = await db.knowledgeSource.findFirst({
    where: { id: sourceId, tenantId: scope.tenantId, knowledgeBaseId: { in: [...scope.knowledgeBaseIds] } },
    select: { knowledgeBaseId: true },
  });
  return source?.knowledgeBaseId ?? null;
}
