import { cosineSimilarity, EMBEDDING_DIMS, hashedNgramEmbedding } from "./embedding";
import { indexText } from "./knowledge-index";
import { type VectorBackend, type VectorEvidence } from "./search";
import { type RetrievalDoc } from "./types";

/**
 * Exact in-memory `VectorBackend` over chunks with embeddings (computed with the built-in
 * embedder when absent): for tests and small, storage-free uses. Same maths as the database.
 */
export class MemoryVectors {
  private readonly vectors = new Map<string, { doc: RetrievalDoc; vector: readonly number[] }>();
  private readonly bySource = new Map<string, { doc: RetrievalDoc; vector: readonly number[] }[]>();

  constructor(docs: readonly RetrievalDoc[]) {
    for (const doc of docs) {
      const vector = doc.embedding?.length === EMBEDDING_DIMS ? doc.embedding : hashedNgramEmbedding(indexText(doc));
      this.vectors.set(doc.id, { doc, vector });
      const list = this.bySource.get(doc.sourceId) ?? [];
      list.push({ doc, vector });
      this.bySource.set(doc.sourceId, list);
    }
  }

  forQuery(queryVector: readonly number[]): VectorBackend {
    return {
      search: (k: number, sourceIds: readonly string[]): Promise<VectorEvidence> => {
        const nearest = [...this.vectors.values()]
          .map(({ doc, vector }) => ({ chunkId: doc.id, cosine: cosineSimilarity(queryVector, vector) }))
          .sort((a, b) => b.cosine - a.cosine)
          .slice(0, k);
        const wanted = new Set(sourceIds);
        for (const c of nearest) wanted.add(this.vectors.get(c.chunkId)?.doc.sourceId ?? "");
        const chunks = new Map<string, number>();
        const centroids = new Map<string, number>();
        for (const id of wanted) {
          const list = this.bySource.get(id);
          if (!list) continue;
          const sum = new Array<number>(list[0]?.vector.length ?? 0).fill(0);
          for (const { doc, vector } of list) {
            chunks.set(doc.id, cosineSimilarity(queryVector, vector));
            vector.forEach((x, j) => (sum[j] = (sum[j] ?? 0) + x));
          }
          centroids.set(id, cosineSimilarity(queryVector, sum));
        }
        return Promise.resolve({ nearest, chunks, centroids });
      },
    };
  }
}
