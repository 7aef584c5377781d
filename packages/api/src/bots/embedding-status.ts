import { type DbTx } from "@kefu/db";
import { notFound } from "@kefu/domain";
import { REEMBED_QUEUE } from "../platform/queue/queue.ts";
import { knowledgeBaseIdsForBot } from "./bots.ts";
import { BUILTIN_EMBEDDING_KEY, embeddingKeyOf, wantedEmbeddingModel } from "./embedding-models.ts";

const BOT_MODEL = { embeddingProviderId: true, embeddingModel: true, activeEmbeddingKey: true } as const;

export type EmbeddingState = "ready" | "embedding" | "failed";

/**
 * A bot's embeddings: the model retrieval uses (`active`), the one chosen (`wanted`), how many of
 * its knowledge's passages have vectors of the wanted model, and the re-embedding job's state
 * with the provider's failure reason (from the latest job's pg-boss record).
 */
export async function embeddingStatus(db: DbTx, tenantId: string, botId: string) {
  const bot = await db.bot.findFirst({ where: { id: botId, tenantId }, select: BOT_MODEL });
  if (!bot) throw notFound("bot");
  const wanted = embeddingKeyOf(wantedEmbeddingModel(bot));
  const knowledgeBaseIds = await knowledgeBaseIdsForBot(db, tenantId, botId);
  const [counts] = await db.$queryRaw<{ total: number; embedded: number }[]>`
    SELECT COUNT(*)::int AS "total", COUNT(e."chunkId")::int AS "embedded"
    FROM "KnowledgeChunk" c
    LEFT JOIN "ChunkEmbedding" e ON e."chunkId" = c."id" AND e."modelKey" = ${wanted} AND e."tenantId" = c."tenantId"
    WHERE c."tenantId" = ${tenantId} AND c."knowledgeBaseId" = ANY(${knowledgeBaseIds}::text[])`;
  const total = counts?.total ?? 0;
  // Built-in vectors are written with the chunks themselves.
  const embedded = wanted === BUILTIN_EMBEDDING_KEY ? total : (counts?.embedded ?? 0);
  let state: EmbeddingState = "ready";
  let error: string | null = null;
  if (wanted !== bot.activeEmbeddingKey) {
    const job = await latestJob(db, tenantId, botId);
    state = job?.state === "failed" || job?.state === "retry" ? "failed" : "embedding";
    if (state === "failed") error = job?.message ?? "Re-embedding failed.";
  }
  return { active: bot.activeEmbeddingKey, wanted, embedded, total, state, error };
}

/** The bot's newest re-embedding job (pg-boss's table; filtered by tenant through the job's data). */
async function latestJob(db: DbTx, tenantId: string, botId: string) {
  const [row] = await db.$queryRaw<{ state: string; message: string | null }[]>`
    SELECT "state"::text AS "state", "output"->>'message' AS "message" FROM pgboss.job
    WHERE "name" = ${REEMBED_QUEUE} AND "data"->>'tenantId' = ${tenantId} AND "data"->>'botId' = ${botId}
    ORDER BY "created_on" DESC LIMIT 1`.catch(() => []); // no queue yet: nothing was ever enqueued
  return row ?? null;
}
