import { createChatModel, ProviderError, rewriteQuestion, toProviderError, type RewriteTurn } from "@kefu/ai";
import { type DbTx } from "@kefu/db";
import { DomainError, PrefetchedRetriever, type RetrievalHit } from "@kefu/domain";
import { botAnsweringFrom, type BotAnsweringRow } from "../bots/index.ts";
import { readApiEnv } from "../platform/env.ts";
import { retrieveWithFamiliarity, type RetrieveOptions } from "./retrieval-cache.ts";
import { type KnowledgeScope } from "./vector-search.ts";

/**
 * The optional question rewrite before retrieval (Bot.rewriteQuestions, off by default): the bot's
 * chat model turns the visitor's question, with the last turns for context ("and for Canada?"),
 * into a standalone, normalised one. Personal data is replaced before it leaves, as for answers.
 * Both questions are searched and the hits fused (per source, the better score). The rewrite has
 * KEFU_REWRITE_TIMEOUT_MS; on timeout or any failure the original question is searched alone.
 */

export type RewriteOutcome =
  /** The bot does not rewrite questions. */
  | "off"
  /** It would, but has no chat model (or its provider cannot be used). */
  | "no_model"
  /** Rewritten, and both questions searched. */
  | "rewritten"
  /** The model returned the question as it was. */
  | "unchanged"
  /** The model failed or was too slow: the original question alone was searched. */
  | "failed";

export interface QuestionRewriteReport {
  outcome: RewriteOutcome;
  /** The rewritten question as the model saw and wrote it (personal data as placeholders). */
  rewritten: string | null;
  /** Which question found the best hit. */
  bestFrom: "original" | "rewrite";
  /** Why it failed ("timeout", "unauthorized"…), for the playground and the logs. */
  reason: string | null;
  /** Time spent on the rewrite. */
  ms: number;
}

export interface RewriteSetup {
  /** The bot's answering columns and its switch. */
  bot: BotAnsweringRow & { id: string; tenantId: string; rewriteQuestions: boolean };
  language: "en" | "zh";
  /** The turns before this question, oldest first (read only when the rewrite runs). */
  history?: () => Promise<RewriteTurn[]>;
  log?: (event: string, details: Record<string, unknown>) => void;
}

const same = (a: string, b: string) => a.normalize("NFKC").toLowerCase().replace(/[\s\p{P}]+/gu, "") === b.normalize("NFKC").toLowerCase().replace(/[\s\p{P}]+/gu, "");

/** Per source the better-scoring hit of the two searches, best first. */
export function fuseHits(original: readonly RetrievalHit[], rewrite: readonly RetrievalHit[], k: number): RetrievalHit[] {
  const best = new Map<string, RetrievalHit>();
  for (const hit of [...original, ...rewrite]) {
    const kept = best.get(hit.doc.sourceId);
    if (!kept || hit.score > kept.score) best.set(hit.doc.sourceId, hit);
  }
  return [...best.values()].sort((a, b) => b.score - a.score).slice(0, k);
}

/**
 * `retrieverForQuestion` with the bot's question rewrite: the same result shape, plus the report.
 * Without a rewrite (off, no model, failed) exactly the original question's retrieval.
 */
export async function retrieverForTurn(db: DbTx, scope: KnowledgeScope, question: string, options: RetrieveOptions & { rewrite?: RewriteSetup | null } = {}) {
  const { rewrite: setup, ...retrieve } = options;
  const search = { k: 5, ...retrieve };
  const report: QuestionRewriteReport = { outcome: "off", rewritten: null, bestFrom: "original", reason: null, ms: 0 };
  if (!setup?.bot.rewriteQuestions) {
    const { hits, familiar } = await retrieveWithFamiliarity(db, scope, question, search);
    return { retriever: new PrefetchedRetriever(question, hits, new Map([[question, familiar]])), hits, rewrite: report };
  }
  const started = performance.now();
  // The original question is searched meanwhile: the rewrite adds at most its own wait.
  const [searched, rewritten] = await Promise.all([retrieveWithFamiliarity(db, scope, question, search), rewriteOf(db, setup, question)]);
  const original = searched.hits;
  const familiar = new Map([[question, searched.familiar]]);
  report.ms = Math.round(performance.now() - started);
  Object.assign(report, rewritten.report);
  let hits = original;
  if (rewritten.text !== null && !same(rewritten.text, question)) {
    const other = await retrieveWithFamiliarity(db, scope, rewritten.text, search);
    familiar.set(rewritten.text, other.familiar);
    hits = fuseHits(original, other.hits, search.k);
    report.outcome = "rewritten";
    report.bestFrom = hits[0] && !original.includes(hits[0]) ? "rewrite" : "original";
  } else if (rewritten.text !== null) report.outcome = "unchanged";
  // Logs carry no message text (docs/security.md): the rewrite's length, not its words; the
  // playground shows the words.
  setup.log?.("answer.question_rewrite", {
    tenantId: setup.bot.tenantId,
    botId: setup.bot.id,
    outcome: report.outcome,
    rewrittenChars: report.rewritten?.length ?? null,
    bestFrom: report.bestFrom,
    reason: report.reason,
    ms: report.ms,
  });
  return { retriever: new PrefetchedRetriever(question, hits, familiar), hits, rewrite: report };
}

async function rewriteOf(db: DbTx, setup: RewriteSetup, question: string): Promise<{ text: string | null; report: Partial<QuestionRewriteReport> }> {
  // The budget counts from here: the provider's read and the history's come out of it.
  const started = performance.now();
  let answering;
  try {
    answering = await botAnsweringFrom(db, setup.bot.tenantId, setup.bot);
  } catch (error) {
    if (error instanceof DomainError) return { text: null, report: { outcome: "no_model", reason: error.reason } };
    throw error;
  }
  if (!answering.chat) return { text: null, report: { outcome: "no_model" } };
  const timeoutMs = readApiEnv().KEFU_REWRITE_TIMEOUT_MS;
  try {
    const history = (await setup.history?.()) ?? [];
    const result = await rewriteQuestion({
      model: createChatModel({ ...answering.chat, timeoutMs }),
      question,
      history,
      language: setup.language,
      // Whatever the history read cost, the model gets only what is left of the budget.
      timeoutMs: Math.max(1, timeoutMs - (performance.now() - started)),
      // The bot's redaction, as for its answers: placeholders leave, the originals stay here.
      redaction: answering.redaction,
    });
    return { text: result.text, report: { rewritten: result.redacted } };
  } catch (error) {
    const failure = error instanceof ProviderError ? error : toProviderError(error);
    return { text: null, report: { outcome: "failed", reason: failure.reason } };
  }
}
