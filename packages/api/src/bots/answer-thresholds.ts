import { type DbTx } from "@kefu/db";
import { DEFAULT_SUGGEST_THRESHOLD, type AnswerThresholds } from "@kefu/domain";

/** What deciding a question's thresholds may look at. */
export interface ThresholdContext {
  tenantId: string;
  botId: string;
  /** Bot.answerThreshold: the confidence an answer needs, as the admin set it. */
  answerThreshold: number;
  /** The knowledge bases the bot answers from. */
  knowledgeBaseIds: readonly string[];
  /** The knowledge base of this question's best-ranked entry (knowledgeBaseOfSource), or null without one. */
  topKnowledgeBaseId: string | null;
}

/**
 * The one place a bot's answer thresholds come from (chat, playground): at or above `answer` the
 * bot answers, from `suggest` up to it it offers "did you mean" choices, below it says it does not
 * know. For now the bot's own answer threshold and a fixed band under it (DEFAULT_SUGGEST_THRESHOLD,
 * never above the answer threshold); per-knowledge-base calibration takes its place here, which is
 * why it is asynchronous and is told the knowledge bases.
 */
export async function thresholdsFor(_db: DbTx, context: ThresholdContext): Promise<AnswerThresholds> {
  const answer = context.answerThreshold;
  return { answer, suggest: Math.min(DEFAULT_SUGGEST_THRESHOLD, answer) };
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
