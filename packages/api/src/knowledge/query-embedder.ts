import { createEmbeddings, toProviderError } from "@kefu/ai";
import { type DbTx } from "@kefu/db";
import { hashedNgramEmbedding, notFound, redact, type PiiDetectOptions } from "@kefu/domain";
import { readApiEnv } from "../platform/env.ts";
import { rootLogger } from "../platform/logger.ts";
import { BUILTIN_EMBEDDING_KEY, parseEmbeddingKey, providerEndpoint, type RemoteEmbeddingModel } from "../bots/index.ts";
import { BUILTIN_EMBEDDER, type QueryEmbedder } from "./retrieval-cache.ts";

/** LangChain's Embeddings (embedDocuments / embedQuery); @langchain/core is @kefu/ai's dependency, not ours. */
type Embeddings = ReturnType<typeof createEmbeddings>;

/** A LangChain client for the model, the provider's key decrypted server-side (NOT_FOUND for another tenant's provider). */
export async function remoteEmbeddings(db: DbTx, tenantId: string, remote: RemoteEmbeddingModel): Promise<Embeddings> {
  const endpoint = await providerEndpoint(db, tenantId, remote.providerId);
  return createEmbeddings({ ...endpoint, model: remote.model, timeoutMs: readApiEnv().KEFU_AI_TIMEOUT_MS });
}

/**
 * The embedder for a bot's questions: the model its knowledge is fully embedded with
 * (Bot.activeEmbeddingKey). A remote model that cannot be reached, or whose provider is gone,
 * falls back to the built-in embedder for this question (logged): an answer never fails for it.
 */
export async function queryEmbedderForBot(db: DbTx, tenantId: string, botId: string): Promise<QueryEmbedder> {
  const bot = await db.bot.findFirst({ where: { id: botId, tenantId }, select: { id: true, activeEmbeddingKey: true } });
  if (!bot) throw notFound("bot");
  return queryEmbedderFor(db, tenantId, bot);
}

/** queryEmbedderForBot for a bot row the caller already read (tenant-scoped). */
export async function queryEmbedderFor(
  db: DbTx,
  tenantId: string,
  bot: { id: string; activeEmbeddingKey: string; redaction?: PiiDetectOptions | null },
): Promise<QueryEmbedder> {
  const botId = bot.id;
  const remote = parseEmbeddingKey(bot.activeEmbeddingKey);
  if (!remote) return BUILTIN_EMBEDDER;
  let embeddings: Embeddings;
  try {
    embeddings = await remoteEmbeddings(db, tenantId, remote);
  } catch (error) {
    rootLogger().warn({ err: error, tenantId, botId, model: bot.activeEmbeddingKey, fallback: "builtin" }, "embeddings.model_unavailable");
    return BUILTIN_EMBEDDER;
  }
  // One embedder per question. retrieveKnowledge reads `key` after `embedQuery`, so a failed
  // remote call switches this question to the built-in vectors (KnowledgeChunk.embedding).
  let key = bot.activeEmbeddingKey;
  return {
    get key() {
      return key;
    },
    async embedQuery(text) {
      try {
        // A remote embedding model is a remote model too: personal data is replaced first.
        return await embeddings.embedQuery(bot.redaction ? redact(text, bot.redaction).text : text);
      } catch (error) {
        rootLogger().warn({ tenantId, botId, model: key, reason: toProviderError(error).message, fallback: "builtin" }, "embeddings.query_failed");
        key = BUILTIN_EMBEDDING_KEY;
        return hashedNgramEmbedding(text);
      }
    },
  };
}
