import { type DbTx } from "@kefu/db";
import { HybridRetriever, type RetrievalDoc } from "@kefu/domain";

interface CachedIndex {
  version: string;
  retriever: HybridRetriever;
}

// Per-process cache of built indexes, keyed by the knowledge bases served and
// validated by their updatedAt stamps (every ingest or delete bumps one).
const MAX_ENTRIES = 200;
const cache = new Map<string, CachedIndex>();

export async function retrieverForKnowledgeBases(db: DbTx, tenantId: string, knowledgeBaseIds: string[]) {
  const kbs = await db.knowledgeBase.findMany({
    where: { tenantId, id: { in: knowledgeBaseIds } },
    select: { id: true, updatedAt: true },
    orderBy: { id: "asc" },
  });
  const key = `${tenantId}:${kbs.map((kb) => kb.id).join(",")}`;
  const version = kbs.map((kb) => kb.updatedAt.getTime()).join(",");
  const hit = cache.get(key);
  if (hit && hit.version === version) return hit;

  const ids = kbs.map((kb) => kb.id);
  const [chunks, sources] = await Promise.all([
    db.$queryRaw<{ id: string; sourceId: string; text: string; answer: string; headingPath: string[]; embedding: string }[]>`
      SELECT "id", "sourceId", "text", "answer", "headingPath", "embedding"::text AS "embedding"
      FROM "KnowledgeChunk"
      WHERE "tenantId" = ${tenantId} AND "knowledgeBaseId" = ANY(${ids}::text[])
      ORDER BY "sourceId", "ordinal"`,
    db.knowledgeSource.findMany({
      where: { tenantId, knowledgeBaseId: { in: ids }, status: "READY" },
      select: { id: true, title: true },
    }),
  ]);
  const titles = new Map(sources.map((s) => [s.id, s.title]));
  const docs: RetrievalDoc[] = chunks
    .filter((c) => titles.has(c.sourceId))
    .map((c) => ({
      id: c.id,
      sourceId: c.sourceId,
      text: c.text,
      answer: c.answer,
      // Citations show the source's title (FAQ question or document title).
      title: titles.get(c.sourceId),
      headingPath: c.headingPath,
      embedding: c.embedding ? (JSON.parse(c.embedding) as number[]) : undefined,
    }));
  const entry = { version, retriever: new HybridRetriever(docs) };
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(key, entry);
  return entry;
}
