import {
  createChatModel,
  PROVIDER_FALLBACK_NOTICE,
  streamAnswer,
  streamGroundedAnswer,
  type AnswerFromKnowledgeInput,
  type AnswerLanguage,
  type AnswerStreamEvent,
} from "@kefu/ai";
import { type DbTx } from "@kefu/db";
import { DomainError, type AnswerThresholds } from "@kefu/domain";
import { botAnswering, type BotAnswering } from "./bot-model.ts";

const UNUSABLE = new Set(["secret_undecryptable", "secret_key_unknown", "secret_key_missing", "secret_key_invalid", "provider_not_found"]);

export type AnswerLog = (event: string, details: Record<string, unknown>) => void;

/** The bot's setup a caller already loaded, so the chain reads no bot row of its own. */
export interface LoadedAnswering {
  /** botAnsweringFrom's result; it rejects exactly like botAnswering would. */
  setup: Promise<BotAnswering>;
}

/**
 * The answer chain a bot is configured for: the grounded LLM chain when it has a chat
 * provider, else the extractive answerer, with the bot's thresholds (thresholdsFor). A provider
 * that cannot be used (its key no longer decrypts) degrades to the extractive answer with a notice.
 */
export async function* botAnswerStream(
  db: DbTx,
  bot: { tenantId: string; botId: string; log?: AnswerLog; loaded?: LoadedAnswering },
  input: Pick<AnswerFromKnowledgeInput, "question" | "topic" | "docs" | "decided"> & { language: AnswerLanguage; thresholds: AnswerThresholds },
): AsyncGenerator<AnswerStreamEvent> {
  const { tenantId, botId, log, loaded } = bot;
  let setup: BotAnswering;
  let unusable = false;
  try {
    setup = await (loaded ? loaded.setup : botAnswering(db, tenantId, botId));
  } catch (error) {
    // The provider is gone from this tenant or its key no longer decrypts: answer without it.
    if (!(error instanceof DomainError) || !UNUSABLE.has(error.reason)) throw error;
    log?.("answer.provider_unusable", { tenantId, botId, reason: error.reason });
    setup = { threshold: input.thresholds.answer, persona: { name: "", instructions: "" }, chat: null, redaction: null };
    unusable = true;
  }
  const base = { question: input.question, topic: input.topic, docs: input.docs, decided: input.decided, language: input.language, thresholds: input.thresholds };
  if (!setup.chat) {
    for await (const event of streamAnswer(base)) {
      // Only an actual answer carries the notice: "I don't know" did not need the model.
      if (event.type === "done" && unusable && event.answer.answered) {
        yield { type: "done", answer: { ...event.answer, notice: PROVIDER_FALLBACK_NOTICE[input.language] } };
      } else yield event;
    }
    return;
  }
  const { providerId, ...config } = setup.chat;
  yield* streamGroundedAnswer({
    ...base,
    model: createChatModel(config),
    persona: setup.persona,
    timeoutMs: config.timeoutMs,
    // Personal data is replaced before the question leaves for the model, and restored in the reply.
    redaction: setup.redaction,
    onProviderError: (error) =>
      log?.("answer.provider_failed", { tenantId, botId, providerId, reason: error.reason, status: error.status ?? null }),
  });
}
