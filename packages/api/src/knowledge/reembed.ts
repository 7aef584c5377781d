import { ProviderError, toProviderError } from "@kefu/ai";
import { type Db, type DbTx } from "@kefu/db";
import type PgBoss from "pg-boss";
import { bossFor, enqueueReembed, kickIngestion, type ReembedJobData } from "../platform/queue/queue.ts";
import { embeddingKeyOf, knowledgeBaseIdsForBot, wantedEmbeddingModel, type RemoteEmbeddingModel } from "../bots/index.ts";
import { remoteEmbeddings } from "./query-embedder.ts";
import { type KnowledgeScope } from "./vector-search.ts";

/**
 * Re-embedding a bot's knowledge with its wanted remote model (a background job, see
 * knowledge/ingestion-worker.ts). Chunks lacking a ChunkEmbedding row for the model's key are embedded
 * in batches; Bot.activeEmbeddingKey moves to the key only in a transaction that finds none
 * missing, so retrieval never uses a half-embedded model. The job is idempotent (it embeds what
 * is missing), so it is also enqueued when a document of one of the bot's knowledge bases
 * becomes READY. A provider failure throws: the job fails (pg-boss retries it) and the active
 * key stays as it was; `embeddingStatus` shows the reason.
 */

export const REEMBED_BATCH = 64;

const BOT_MODEL = { embeddingProviderId: true, embeddingModel: true, activeEmbeddingKey: true } as const;

type MissingChunk = { id: string; text: string };

/** Chunks of these knowledge bases (of this tenant) without a vector under `key`. */
function missingChunks(db: DbTx, { tenantId, knowledgeBaseIds }: KnowledgeScope, { key, limit }: { key: string; limit: number }) {
  return db.$queryRaw<MissingChunk[]>`
    SELECT c."id", c."text" FROM "KnowledgeChunk" c
    WHERE c."tenantId" = ${tenantId} AND c."knowledgeBaseId" = ANY(${knowledgeBaseIds}::text[])
      AND NOT EXISTS (
        SELECT 1 FROM "ChunkEmbedding" e WHERE e."chunkId" = c."id" AND e."modelKey" = ${key} AND e."tenantId" = ${tenantId}
      )
    ORDER BY c."id" LIMIT ${limit}`;
}

const vectorLiteral = (v: readonly number[]) => `[${v.map((x) => (Number.isFinite(x) ? x : 0)).join(",")}]`;

/** Stores vectors; chunks deleted meanwhile are skipped (the join), ones embedded by a concurrent job kept. */
async function storeVectors(db: Db, { tenantId, key }: { tenantId: string; key: string }, chunks: MissingChunk[], vectors: number[][]) {
  await db.$executeRaw`
    INSERT INTO "ChunkEmbedding" ("chunkId", "modelKey", "tenantId", "knowledgeBaseId", "embedding")
    SELECT c."id", ${key}, c."tenantId", c."knowledgeBaseId", v."vec"::vector
    FROM unnest(${chunks.map((c) => c.id)}::text[], ${vectors.map(vectorLiteral)}::text[]) AS v("id", "vec")
    JOIN "KnowledgeChunk" c ON c."id" = v."id" AND c."tenantId" = ${tenantId}
    ON CONFLICT ("chunkId", "modelKey") DO NOTHING`;
}

async function stillWanted(db: DbTx, job: ReembedJobData, remote: RemoteEmbeddingModel) {
  const count = await db.bot.count({
    where: { id: job.botId, tenantId: job.tenantId, embeddingProviderId: remote.providerId, embeddingModel: remote.model },
  });
  return count === 1;
}

export type ReembedOutcome = { outcome: "active" | "skipped"; embedded: number };

/** Runs one re-embedding job. Throws a ProviderError when the model cannot embed (the job fails; nothing switches). */
export async function reembedBot(db: Db, job: ReembedJobData, log?: (line: string) => void): Promise<ReembedOutcome> {
  const bot = await db.bot.findFirst({ where: { id: job.botId, tenantId: job.tenantId }, select: BOT_MODEL });
  const remote = bot && wantedEmbeddingModel(bot);
  if (!remote) return { outcome: "skipped", embedded: 0 }; // deleted, or back on the built-in embedder
  const key = embeddingKeyOf(remote);
  const embeddings = await remoteEmbeddings(db, job.tenantId, remote);
  const knowledgeBaseIds = await knowledgeBaseIdsForBot(db, job.tenantId, job.botId);
  let embedded = 0;
  for (;;) {
    const batch = await missingChunks(db, { tenantId: job.tenantId, knowledgeBaseIds }, { key, limit: REEMBED_BATCH });
    if (batch.length === 0) {
      // The switch, only if nothing is missing now (a document may have become READY meanwhile)
      // and the bot still wants this model.
      const switched = await db.$transaction(async (tx) => {
        if ((await missingChunks(tx, { tenantId: job.tenantId, knowledgeBaseIds }, { key, limit: 1 })).length > 0) return null;
        const { count } = await tx.bot.updateMany({
          where: { id: job.botId, tenantId: job.tenantId, embeddingProviderId: remote.providerId, embeddingModel: remote.model },
          data: { activeEmbeddingKey: key },
        });
        return count === 1;
      });
      if (switched === null) continue;
      log?.(`bot ${job.botId}: ${switched ? `embeddings ${key} active` : "model changed meanwhile"}, ${embedded} passages embedded`);
      return { outcome: switched ? "active" : "skipped", embedded };
    }
    let vectors: number[][];
    try {
      vectors = await embeddings.embedDocuments(batch.map((c) => c.text));
    } catch (error) {
      throw toProviderError(error);
    }
    if (vectors.length !== batch.length || vectors.some((v) => v.length === 0)) {
      throw new ProviderError("bad_response", "The provider returned no vector for some passages.");
    }
    await storeVectors(db, { tenantId: job.tenantId, key }, batch, vectors);
    embedded += batch.length;
    if (!(await stillWanted(db, job, remote))) return { outcome: "skipped", embedded };
    await new Promise((resolve) => setImmediate(resolve)); // let requests in between batches
  }
}

/**
 * After a document of a knowledge base became READY, in the same transaction: re-embedding jobs
 * for the bots using that knowledge base with a remote model (they only embed the new chunks).
 */
export async function enqueueReembedForKnowledgeBase(boss: PgBoss, tx: DbTx, tenantId: string, knowledgeBaseId: string): Promise<number> {
  const bots = await tx.bot.findMany({
    where: { tenantId, embeddingProviderId: { not: null }, embeddingModel: { not: null }, knowledgeBases: { some: { knowledgeBaseId, tenantId } } },
    select: { id: true },
  });
  for (const bot of bots) await enqueueReembed(boss, tx, { tenantId, botId: bot.id });
  return bots.length;
}

/**
 * After FAQ entries change (added, edited, imported: they are indexed at once, not by a job),
 * queues a re-embed for the bots that search this knowledge base with a remote model, so the new
 * passages get their vectors too. Until it runs they are found by words only.
 */
export async function reembedAfterFaqChange(db: Db, tenantId: string, knowledgeBaseId: string): Promise<void> {
  const remote = await db.bot.count({
    where: { tenantId, embeddingProviderId: { not: null }, embeddingModel: { not: null }, knowledgeBases: { some: { knowledgeBaseId, tenantId } } },
  });
  if (remote === 0) return;
  const boss = await bossFor(db);
  await db.$transaction((tx) => enqueueReembedForKnowledgeBase(boss, tx, tenantId, knowledgeBaseId));
  kickIngestion(db);
}
