import { HybridRetriever } from "./hybrid";
import { type RetrievalHit } from "./types";

/**
 * The hits of one question, already retrieved (asynchronously, e.g. with vectors searched in
 * the database), behind the synchronous `HybridRetriever` interface that answerers accept.
 * Asking it anything but that question is a programming error.
 */
export class PrefetchedRetriever extends HybridRetriever {
  /** @param familiar `familiarShare` of the texts the answer may be decided on (the question, its rewrite). */
  constructor(
    readonly question: string,
    readonly hits: readonly RetrievalHit[],
    private readonly familiar: ReadonlyMap<string, number> = new Map(),
  ) {
    super([]);
  }

  override familiarShare(question: string): number {
    return this.familiar.get(question) ?? 0;
  }

  override get size(): number {
    return this.hits.length;
  }

  override retrieve(query: string, k = 5): RetrievalHit[] {
    if (query !== this.question) throw new Error("PrefetchedRetriever was prepared for another question");
    return this.hits.slice(0, k);
  }
}
