export interface VectorHit<D> {
  doc: D;
  index: number;
  /** Cosine similarity in [-1, 1]. */
  score: number;
}

/** Brute-force cosine search over in-memory vectors, stored unit-normalised in one Float32Array. */
export class VectorIndex<D> {
  readonly docs: readonly D[];
  readonly dims: number;
  private readonly matrix: Float32Array;

  constructor(docs: readonly D[], vectors: readonly (readonly number[])[], dims: number) {
    if (vectors.length !== docs.length) throw new RangeError("one vector per doc is required");
    this.docs = docs;
    this.dims = dims;
    this.matrix = new Float32Array(docs.length * dims);
    vectors.forEach((v, i) => {
      if (v.length !== dims) throw new RangeError(`vector ${i} has ${v.length} dims, expected ${dims}`);
      let norm = 0;
      for (const x of v) norm += x * x;
      norm = Math.sqrt(norm);
      if (norm > 0) for (let j = 0; j < dims; j++) this.matrix[i * dims + j] = (v[j] ?? 0) / norm;
    });
  }

  /** Cosine of the query against every doc. */
  scoreAll(query: readonly number[]): Float64Array {
    const { dims, matrix } = this;
    const n = this.docs.length;
    const q = new Float64Array(dims);
    let norm = 0;
    for (let j = 0; j < dims; j++) norm += (query[j] ?? 0) ** 2;
    norm = Math.sqrt(norm);
    const out = new Float64Array(n);
    if (norm === 0) return out;
    for (let j = 0; j < dims; j++) q[j] = (query[j] ?? 0) / norm;
    for (let i = 0; i < n; i++) {
      let dot = 0;
      const base = i * dims;
      for (let j = 0; j < dims; j++) dot += (matrix[base + j] ?? 0) * (q[j] ?? 0);
      out[i] = dot;
    }
    return out;
  }

  search(query: readonly number[], k = 10): VectorHit<D>[] {
    const scores = this.scoreAll(query);
    return topK(scores, k).map((i) => ({ doc: this.docs[i] as D, index: i, score: scores[i] ?? 0 }));
  }
}

/** Indices of the k largest scores, best first; ties keep the lower index first. */
export function topK(scores: ArrayLike<number>, k: number): number[] {
  const idx: number[] = [];
  for (let i = 0; i < scores.length; i++) idx.push(i);
  return idx.sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0) || a - b).slice(0, k);
}
