interface PostingList {
  slots: number[];
  tfs: number[];
  /** Postings whose doc is still live: the term's document frequency. */
  live: number;
}

/**
 * The BM25 statistics and postings of a changing set of documents: documents are added and
 * removed one at a time, so a knowledge-base change costs the changed sources, not a rebuild.
 * Slots are never reused; removed postings are skipped and dropped lazily from their list.
 * Several shards are scored together (`bm25Scores`) with their statistics summed, which gives
 * exactly the scores of one index over all their documents.
 */
export class LexicalShard {
  private readonly postings = new Map<string, PostingList>();
  private readonly lengths: number[] = [];
  private readonly alive: boolean[] = [];
  private live = 0;
  private length = 0;

  /** Number of live documents. */
  get docCount(): number {
    return this.live;
  }

  /** Sum of the live documents' lengths (in terms). */
  get totalLength(): number {
    return this.length;
  }

  /** Slots allocated so far, live or removed (garbage = slots − docCount). */
  get slots(): number {
    return this.lengths.length;
  }

  /** Adds a document given its terms (with repetitions); returns its slot. */
  add(terms: readonly string[]): number {
    const slot = this.lengths.length;
    this.lengths.push(terms.length);
    this.alive.push(true);
    this.live++;
    this.length += terms.length;
    for (const [term, tf] of termFrequencies(terms)) {
      let list = this.postings.get(term);
      if (!list) this.postings.set(term, (list = { slots: [], tfs: [], live: 0 }));
      list.slots.push(slot);
      list.tfs.push(tf);
      list.live++;
    }
    return slot;
  }

  /** Removes a document; `terms` must be the ones it was added with. */
  remove(slot: number, terms: readonly string[]): void {
    if (!this.alive[slot]) return;
    this.alive[slot] = false;
    this.live--;
    this.length -= this.lengths[slot] ?? 0;
    for (const term of new Set(terms)) {
      const list = this.postings.get(term);
      if (!list) continue;
      list.live--;
      if (list.live <= 0) this.postings.delete(term);
    }
  }

  isLive(slot: number): boolean {
    return this.alive[slot] === true;
  }

  docLength(slot: number): number {
    return this.lengths[slot] ?? 0;
  }

  df(term: string): number {
    return this.postings.get(term)?.live ?? 0;
  }

  /** Calls fn for every live posting of a term (and compacts the list when it is mostly dead). */
  forEachPosting(term: string, fn: (slot: number, tf: number) => void): void {
    const list = this.postings.get(term);
    if (!list) return;
    const { slots, tfs } = list;
    if (slots.length > 8 && list.live * 2 < slots.length) {
      let w = 0;
      for (let r = 0; r < slots.length; r++) {
        if (this.alive[slots[r] ?? -1]) {
          slots[w] = slots[r] ?? 0;
          tfs[w++] = tfs[r] ?? 0;
        }
      }
      slots.length = w;
      tfs.length = w;
    }
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i] ?? -1;
      if (this.alive[slot]) fn(slot, tfs[i] ?? 0);
    }
  }
}

function termFrequencies(terms: readonly string[]): Map<string, number> {
  const tf = new Map<string, number>();
  for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
  return tf;
}

export interface Bm25Options {
  k1?: number;
  b?: number;
  delta?: number;
}

/** BM25+ scores and IDF coverage by slot (dense, zero where nothing matched), and the matched slots. */
export interface ShardScores {
  scores: Float64Array;
  coverage: Float64Array;
  matched: number[];
}

/**
 * BM25+ over several shards as if they were one index: N, document frequencies and the average
 * length are summed over the shards (Robertson–Spärck Jones IDF, as `LexicalIndex`). Dense
 * arrays per shard: cheaper than maps when a common word matches most documents.
 */
export function bm25Scores(shards: readonly LexicalShard[], queryTerms: readonly string[], options: Bm25Options = {}): ShardScores[] {
  const k1 = options.k1 ?? 1.2;
  const b = options.b ?? 0.75;
  const delta = options.delta ?? 0;
  let n = 0;
  let total = 0;
  for (const s of shards) {
    n += s.docCount;
    total += s.totalLength;
  }
  const avg = n ? Math.max(total / n, 1) : 1;
  const terms = [...new Set(queryTerms)];
  const idf = terms.map((t) => {
    let df = 0;
    for (const s of shards) df += s.df(t);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  });
  const totalIdf = idf.reduce((a, x) => a + x, 0);
  return shards.map((shard) => {
    const scores = new Float64Array(shard.slots);
    const matchedIdf = new Float64Array(shard.slots);
    const matched: number[] = [];
    terms.forEach((term, qi) => {
      const w = idf[qi] ?? 0;
      shard.forEachPosting(term, (slot, tf) => {
        if (matchedIdf[slot] === 0) matched.push(slot);
        const norm = k1 * (1 - b + (b * shard.docLength(slot)) / avg);
        scores[slot] = (scores[slot] ?? 0) + w * ((tf * (k1 + 1)) / (tf + norm) + delta);
        matchedIdf[slot] = (matchedIdf[slot] ?? 0) + w;
      });
    });
    const coverage = new Float64Array(shard.slots);
    if (totalIdf > 0) for (const slot of matched) coverage[slot] = (matchedIdf[slot] ?? 0) / totalIdf;
    return { scores, coverage, matched };
  });
}
