import { type ProviderModelConfig } from "@kefu/ai";
import { type Db, type DbTx } from "@kefu/db";
import { compilePiiPatterns, notFound, storedPiiPatterns, type PiiDetectOptions, type UpdateBotModelRequest } from "@kefu/domain";
import { readApiEnv } from "../platform/env.ts";
import { bossFor, enqueueReembed, kickIngestion } from "../platform/queue/queue.ts";
import { BUILTIN_EMBEDDING_KEY, embeddingKeyOf, wantedEmbeddingModel } from "./embedding-models.ts";
import { getBot } from "./bots.ts";
import { providerEndpoint } from "./providers.ts";

/**
 * Sets a bot's chat/embedding models and answer threshold. Each provider must be one of the
 * tenant's own: another tenant's provider id is NOT_FOUND, exactly like a missing one.
 * A remote embedding model other than the active one is embedded by a background job enqueued
 * in the same transaction (knowledge/reembed.ts); retrieval keeps the active model until it has
 * finished. The built-in embedder's vectors always exist, so going back to it is immediate.
 */
export async function updateBotModel(db: Db, tenantId: string, id: string, input: Omit<UpdateBotModelRequest, "id">) {
  const wanted = embeddingKeyOf(wantedEmbeddingModel(input));
  const boss = wanted === BUILTIN_EMBEDDING_KEY ? null : await bossFor(db); // before the transaction (platform/queue/queue.ts)
  const bot = await db.$transaction(async (tx) => {
    const { activeEmbeddingKey } = await tx.bot.findFirst({ where: { id, tenantId }, select: { activeEmbeddingKey: true } }) ?? {};
    if (activeEmbeddingKey === undefined) throw notFound("bot");
    const providerIds = [...new Set([input.chatProviderId, input.embeddingProviderId].filter((p): p is string => p !== null))];
    const found = await tx.aiProvider.count({ where: { tenantId, id: { in: providerIds } } });
    if (found !== providerIds.length) throw notFound("provider");
    await tx.bot.updateMany({
      where: { id, tenantId },
      data: { ...input, ...(wanted === BUILTIN_EMBEDDING_KEY ? { activeEmbeddingKey: BUILTIN_EMBEDDING_KEY } : {}) },
    });
    // Also when re-saving the same model after a failed re-embedding: that is how it is retried.
    if (boss && wanted !== activeEmbeddingKey) await enqueueReembed(boss, tx, { tenantId, botId: id });
    return getBot(tx, tenantId, id);
  });
  if (boss) kickIngestion(db);
  return bot;
}

export interface BotAnswering {
  threshold: number;
  persona: { name: string; instructions: string };
  /** The remote chat model, or null for the built-in extractive answerer. */
  chat: (ProviderModelConfig & { providerId: string }) | null;
  /** What to redact before text reaches the remote model (Bot.redactPii, its piiPatterns), or null. */
  redaction: PiiDetectOptions | null;
}

/** The bot columns botAnsweringFrom reads. */
export const BOT_ANSWERING_FIELDS = {
  name: true,
  instructions: true,
  answerThreshold: true,
  targetPrecision: true,
  chatProviderId: true,
  chatModel: true,
  redactPii: true,
  piiPatterns: true,
} as const;
export interface BotAnsweringRow {
  name: string;
  instructions: string;
  answerThreshold: number;
  /** Answer precision aimed for: thresholds come from the knowledge base's calibration (bots/calibrated-thresholds.ts). */
  targetPrecision: number;
  chatProviderId: string | null;
  chatModel: string | null;
  redactPii: boolean;
  /** Bot.piiPatterns as stored (JSON), read through storedPiiPatterns. */
  piiPatterns: unknown;
}

/** The bot's redaction before remote models: null when it is off. */
export function redactionFor(bot: Pick<BotAnsweringRow, "redactPii" | "piiPatterns">): PiiDetectOptions | null {
  return bot.redactPii ? { patterns: compilePiiPatterns(storedPiiPatterns(bot.piiPatterns)) } : null;
}

/** What answering a visitor needs about the bot: tenant-scoped, the key decrypted server-side. */
export async function botAnswering(db: DbTx, tenantId: string, botId: string): Promise<BotAnswering> {
  const bot = await db.bot.findFirst({ where: { id: botId, tenantId }, select: BOT_ANSWERING_FIELDS });
  if (!bot) throw notFound("bot");
  return botAnsweringFrom(db, tenantId, bot);
}

/** botAnswering for a bot row the caller already read (tenant-scoped); only the provider is read here. */
export async function botAnsweringFrom(db: DbTx, tenantId: string, bot: BotAnsweringRow): Promise<BotAnswering> {
  const base = { threshold: bot.answerThreshold, persona: { name: bot.name, instructions: bot.instructions } };
  if (!bot.chatProviderId || !bot.chatModel) return { ...base, chat: null, redaction: null };
  const endpoint = await providerEndpoint(db, tenantId, bot.chatProviderId);
  const timeoutMs = readApiEnv().KEFU_AI_TIMEOUT_MS;
  return { ...base, chat: { ...endpoint, model: bot.chatModel, timeoutMs, providerId: bot.chatProviderId }, redaction: redactionFor(bot) };
}
