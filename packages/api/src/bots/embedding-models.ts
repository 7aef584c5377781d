/** The built-in embedder's key (vectors on KnowledgeChunk.embedding); others are "<providerId>:<model>". */
export const BUILTIN_EMBEDDING_KEY = "builtin";

/** A remote embedding model of one of the tenant's providers. */
export interface RemoteEmbeddingModel {
  providerId: string;
  model: string;
}

/** The key vectors of a model are stored under (ChunkEmbedding.modelKey, Bot.activeEmbeddingKey). */
export const embeddingKeyOf = (remote: RemoteEmbeddingModel | null): string =>
  remote ? `${remote.providerId}:${remote.model}` : BUILTIN_EMBEDDING_KEY;

/** The model a bot wants (Bot.embeddingProviderId / embeddingModel), or null for the built-in embedder. */
export function wantedEmbeddingModel(bot: { embeddingProviderId: string | null; embeddingModel: string | null }): RemoteEmbeddingModel | null {
  return bot.embeddingProviderId && bot.embeddingModel ? { providerId: bot.embeddingProviderId, model: bot.embeddingModel } : null;
}

/** Parses an embedding key. Provider ids are cuids (no ":"), model names may contain one ("nomic-embed-text:latest"). */
export function parseEmbeddingKey(key: string): RemoteEmbeddingModel | null {
  const colon = key.indexOf(":");
  if (key === BUILTIN_EMBEDDING_KEY || colon <= 0) return null;
  return { providerId: key.slice(0, colon), model: key.slice(colon + 1) };
}
