import { answerFromKnowledge, type KnowledgeAnswer } from "@kefu/ai";
import { type Suggestion } from "@kefu/domain";
import { type DbTx } from "@kefu/db";
import { queryEmbedderForBot } from "./query-embedder.ts";
import { BOT_ANSWERING_FIELDS, botAnswerStream, getBot, knowledgeBaseOfSource, thresholdsFor } from "../bots/index.ts";
import { retrieverForTurn } from "./question-rewrite.ts";
import { botKnowledgeScope } from "./retrieval-cache.ts";

export type PlaygroundDecision = "answer" | "suggest" | "below_threshold" | "no_knowledge";

/**
 * What the bot would answer a question, and why: the same retrieval and decision
 * as a visitor's chat, with the retrieved passages and their scores shown. Nothing
 * is stored.
 */
export async function playground(db: DbTx, tenantId: string, botId: string, question: string) {
  const { bot, retriever, rewriteReport, thresholds, started } = await prepareQuestion(db, { tenantId, botId, question, rewrite: true });
  // The bot's own chain (its AI model when it has one, with the fallback), its thresholds.
  let answer: KnowledgeAnswer | null = null;
  for await (const event of botAnswerStream(db, { tenantId, botId: bot.id }, { question, topic: rewriteReport.rewritten ?? undefined, docs: retriever, language: bot.language, thresholds })) {
    if (event.type === "done") answer = event.answer;
  }
  if (!answer) throw new Error("the answer chain ended without an answer");
  const decision: PlaygroundDecision =
    answer.evidence.length === 0 ? "no_knowledge" : answer.decision === "decline" ? "below_threshold" : answer.decision;
  const suggestions: Suggestion[] = answer.suggestions;
  return {
    decision,
    text: answer.text,
    /** "llm" when the bot's AI model wrote the text; "builtin" for the extractive answer. */
    provider: answer.provider ?? "builtin",
    notice: answer.notice ?? null,
    citations: answer.citations,
    confidence: answer.confidence,
    threshold: answer.threshold,
    /** The question rewrite before retrieval: outcome, the rewritten question (placeholders for personal data), time. */
    rewrite: rewriteReport,
    /** Where the "did you mean" band starts (at or above it and below `threshold`, the bot offers `suggestions`). */
    suggestThreshold: answer.thresholds.suggest,
    suggestions,
    passages: answer.evidence.map((hit) => ({
      sourceId: hit.doc.sourceId,
      title: hit.doc.title ?? "",
      passage: hit.doc.answer,
      matched: hit.doc.text,
      score: hit.score,
      lexicalScore: hit.lexicalScore,
      vectorScore: hit.vectorScore,
      /** The knowledge base's source classifier's posterior (0 without a classifier). */
      classifierScore: hit.classifierScore,
    })),
    latencyMs: Math.round((performance.now() - started) * 10) / 10,
  };
}

/**
 * Retrieval and the thresholds for one question, exactly as a visitor's chat does them
 * (chat/answering.ts): the bot's knowledge scope with its calibrations, its query embedder, and
 * its question rewrite when `rewrite` is set and the bot uses one.
 */
async function prepareQuestion(db: DbTx, input: { tenantId: string; botId: string; question: string; rewrite: boolean }) {
  const { tenantId, question } = input;
  const bot = await getBot(db, tenantId, input.botId);
  // With the knowledge bases' calibrations, as a chat reads them: the same thresholds decide.
  const scope = await botKnowledgeScope(db, tenantId, bot.id);
  // The bot's question rewrite, as in a chat (without earlier turns here): its outcome is shown.
  const answering = input.rewrite && bot.rewriteQuestions ? await db.bot.findFirst({ where: { id: bot.id, tenantId }, select: BOT_ANSWERING_FIELDS }) : null;
  const rewrite = answering ? { bot: { ...answering, id: bot.id, tenantId, rewriteQuestions: true }, language: bot.language } : null;
  const embedder = await queryEmbedderForBot(db, tenantId, bot.id);
  const { retriever, hits, rewrite: rewriteReport } = await retrieverForTurn(db, scope, question, { embedder, rewrite });
  const started = performance.now();
  const topKnowledgeBaseId = await knowledgeBaseOfSource(db, scope, hits[0]?.doc.sourceId);
  const thresholds = await thresholdsFor(db, { bot, scope, topKnowledgeBaseId });
  return { bot, retriever, rewriteReport, thresholds, started };
}

/**
 * The decision the bot would make on a question, and what it would cite: the same retrieval,
 * thresholds and decision (answerFromKnowledge) a chat makes before any AI model writes the text.
 * Without the question rewrite (a model call), so a run of many questions calls no model.
 * Regression test sets run with this.
 */
export async function decideQuestion(db: DbTx, input: { tenantId: string; botId: string; question: string }): Promise<KnowledgeAnswer> {
  const { bot, retriever, thresholds } = await prepareQuestion(db, { ...input, rewrite: false });
  return answerFromKnowledge({ question: input.question, docs: retriever, language: bot.language, thresholds });
}
