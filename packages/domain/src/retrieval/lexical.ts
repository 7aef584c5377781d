import { tokenize } from "../text";

export interface LexicalIndexOptions {
  /** Term-frequency saturation (default 1.2). */
  k1?: number;
  /** Length normalisation (default 0.75). */
  b?: number;
  /** BM25+ lower bound added for every matched term (default 0.5; 0 gives plain BM25). */
  delta?: number;
  /** How text becomes terms (default: `tokenize`). */
  tokenizer?: (text: string) => string[];
}

export interface LexicalHit<D> {
  doc: D;
  /** Position of the doc in the array the index was built from. */
  index: number;
  score: number;
  /** Share of the query's IDF mass that the doc contains, in [0, 1]. */
  coverage: number;
}

interface Posting {
  doc: number;
  tf: number;
}

/** Prepared query: its unique terms with IDF weights (unknown terms get the maximal IDF). */
export interface LexicalQuery {
  terms: string[];
  idf: number[];
  totalIdf: number;
}

/** In-memory BM25+ index over an inverted file. Build once, search many times. */
export class LexicalIndex<D extends { text: string }> {
  readonly docs: readonly D[];
  private readonly postings = new Map<string, Posting[]>();
  private readonly lengths: Float64Array;
  private readonly avgLength: number;
  private readonly k1: number;
  private readonly b: number;
  private readonly delta: number;
  private readonly tokenizer: (text: string) => string[];

  constructor(docs: readonly D[], options: LexicalIndexOptions = {}, docTerms?: readonly string[][]) {
    this.docs = docs;
    this.k1 = options.k1 ?? 1.2;
    this.b = options.b ?? 0.75;
    this.delta = options.delta ?? 0.5;
    this.tokenizer = options.tokenizer ?? ((text: string) => tokenize(text));
    this.lengths = new Float64Array(docs.length);
    let total = 0;
    docs.forEach((doc, i) => {
      const terms = docTerms?.[i] ?? this.tokenizer(doc.text);
      this.lengths[i] = terms.length;
      total += terms.length;
      const tf = new Map<string, number>();
      for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
      for (const [term, count] of tf) {
        let list = this.postings.get(term);
        if (!list) this.postings.set(term, (list = []));
        list.push({ doc: i, tf: count });
      }
    });
    this.avgLength = docs.length ? Math.max(total / docs.length, 1) : 1;
  }

  get size(): number {
    return this.docs.length;
  }

  /** Whether any document holds the term. */
  has(term: string): boolean {
    return this.postings.has(term);
  }

  /** Robertson–Spärck Jones IDF, always positive; df = 0 gives the largest value. */
  idf(term: string): number {
    const n = this.docs.length;
    const df = this.postings.get(term)?.length ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  prepare(query: string): LexicalQuery {
    const terms = [...new Set(this.tokenizer(query))];
    const idf = terms.map((t) => this.idf(t));
    return { terms, idf, totalIdf: idf.reduce((a, x) => a + x, 0) };
  }

  /**
   * Scores of every doc for a prepared query (dense arrays, zero where nothing matched).
   * Cost is proportional to the postings of the query terms, not to the corpus.
   */
  scoreAll(query: LexicalQuery): { scores: Float64Array; coverage: Float64Array; matched: number[] } {
    const n = this.docs.length;
    const scores = new Float64Array(n);
    const matchedIdf = new Float64Array(n);
    const matched: number[] = [];
    const { k1, b, delta } = this;
    query.terms.forEach((term, qi) => {
      const list = this.postings.get(term);
      if (!list) return;
      const idf = query.idf[qi] ?? 0;
      for (const { doc, tf } of list) {
        if (matchedIdf[doc] === 0) matched.push(doc);
        const norm = k1 * (1 - b + (b * (this.lengths[doc] ?? 0)) / this.avgLength);
        scores[doc] = (scores[doc] ?? 0) + idf * ((tf * (k1 + 1)) / (tf + norm) + delta);
        matchedIdf[doc] = (matchedIdf[doc] ?? 0) + idf;
      }
    });
    const coverage = new Float64Array(n);
    if (query.totalIdf > 0) for (const d of matched) coverage[d] = (matchedIdf[d] ?? 0) / query.totalIdf;
    return { scores, coverage, matched };
  }

  /** Top-k docs by BM25+ score (ties broken by position, so results are deterministic). */
  search(query: string, k = 10): LexicalHit<D>[] {
    const { scores, coverage, matched } = this.scoreAll(this.prepare(query));
    return matched
      .sort((x, y) => (scores[y] ?? 0) - (scores[x] ?? 0) || x - y)
      .slice(0, k)
      .map((i) => ({ doc: this.docs[i] as D, index: i, score: scores[i] ?? 0, coverage: coverage[i] ?? 0 }));
  }
}
