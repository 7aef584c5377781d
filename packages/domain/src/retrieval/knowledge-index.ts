import { tokenize, type Synonyms } from "../text";
import { bm25Scores, LexicalShard, type ShardScores } from "./shard";
import { type ClassifierTrainingOptions, SourceClassifier } from "./source-classifier";
import { withAnswerChunk } from "./answer-docs";
import { type RetrievalDoc } from "./types";

/** One source (FAQ entry or document) with its chunks in order, as loaded from storage. */
export interface IndexedSource {
  id: string;
  /** Opaque change stamp: a source whose stamp is unchanged is not reloaded. */
  version: string;
  title?: string;
  chunks: readonly Omit<RetrievalDoc, "sourceId" | "title" | "embedding">[];
  /**
   * Mean (or sum) of the chunks' built-in embeddings: kept in memory, one vector per source, so
   * the centroid cosine needs no database work per query.
   */
  centroid?: readonly number[];
}

interface SourceEntry {
  version: string;
  slot: number;
  chunkSlots: number[];
  /** Insertion order, the tie-breaker between equal scores. */
  order: number;
}

/** What matching sees of a chunk: its heading path as context, then its text. */
export function indexText(doc: Pick<RetrievalDoc, "text" | "headingPath">): string {
  return doc.headingPath?.length ? `${doc.headingPath.join(" ")}\n${doc.text}` : doc.text;
}

/**
 * The in-memory lexical state of one knowledge base: chunk-level and source-level BM25 shards
 * that are updated per source (`upsertSource` / `removeSource`). Vectors are not kept here:
 * they are searched in the database.
 */
export class KnowledgeIndex {
  readonly chunks = new LexicalShard();
  readonly sources = new LexicalShard();
  private readonly chunkDocs: (RetrievalDoc | undefined)[] = [];
  private readonly chunkSource: number[] = [];
  private readonly sourceIds: (string | undefined)[] = [];
  private readonly entries = new Map<string, SourceEntry>();
  private readonly chunkSlotById = new Map<string, number>();
  private readonly centroids = new Map<string, Float32Array>();
  private nextOrder = 0;
  /** Bumped by every change; the classifier was trained at `classifierChange`. */
  private changes = 0;
  private classifierChange = -1;
  private trained: SourceClassifier | undefined;

  /**
   * @param synonyms The synonym sets its text and queries are read with (default: the built-in
   * ones; a tenant's own sets come first, see `compileSynonyms`). Fixed for the index's life:
   * other sets need a new index.
   */
  constructor(readonly synonyms?: Synonyms) {}

  get sourceCount(): number {
    return this.entries.size;
  }

  get chunkCount(): number {
    return this.chunks.docCount;
  }

  /** Share of allocated chunk slots that belong to removed chunks (a rebuild pays off when high). */
  get garbageRatio(): number {
    return this.chunks.slots ? 1 - this.chunks.docCount / this.chunks.slots : 0;
  }

  /** Change stamp of every indexed source. */
  versions(): Map<string, string> {
    return new Map([...this.entries].map(([id, e]) => [id, e.version]));
  }

  has(sourceId: string): boolean {
    return this.entries.has(sourceId);
  }

  /**
   * The source classifier (see `SourceClassifier`) last trained on this index, if any. It may
   * predate later changes until `trainClassifier` runs again: labels of removed sources are then
   * ignored by the search, and new sources get no classifier evidence until then.
   */
  get classifier(): SourceClassifier | undefined {
    return this.trained;
  }

  /** True when sources changed since the classifier was last trained (or it never was). */
  get classifierStale(): boolean {
    return this.classifierChange !== this.changes;
  }

  /**
   * Trains the classifier on the current chunks, in slices (see `SourceClassifier.training`),
   * and installs it when done. Without a model (too large, or one source) no classifier is used.
   */
  *classifierTraining(options?: ClassifierTrainingOptions): Generator<void, void> {
    const change = this.changes;
    const examples: { text: string; label: string }[] = [];
    for (const [id, entry] of this.entries) {
      for (const c of entry.chunkSlots) {
        const doc = this.chunkDocs[c];
        if (doc) examples.push({ text: indexText(doc), label: id });
      }
    }
    const model = yield* SourceClassifier.training(examples, options, this.synonyms);
    // A change made while training (not possible when driven synchronously) keeps it stale.
    this.trained = model;
    this.classifierChange = change;
  }

  /** `classifierTraining` in one go (tests, in-process callers). */
  trainClassifier(options?: ClassifierTrainingOptions): void {
    const steps = this.classifierTraining(options);
    while (!steps.next().done);
  }

  /** Adds a source, or replaces all chunks of a source already indexed. */
  upsertSource(source: IndexedSource): void {
    this.removeSource(source.id);
    this.changes++;
    // An FAQ entry's answer is indexed as one more (lexical-only) chunk: see answer-docs.ts.
    const docs: RetrievalDoc[] = withAnswerChunk(source.id, source.chunks).map((c) => ({ ...c, sourceId: source.id, title: source.title }));
    const terms = docs.map((d) => tokenize(indexText(d), { synonyms: this.synonyms }));
    const slot = this.sources.add(terms.flat());
    this.sourceIds[slot] = source.id;
    const chunkSlots = docs.map((doc, i) => {
      const c = this.chunks.add(terms[i] ?? []);
      this.chunkDocs[c] = doc;
      this.chunkSource[c] = slot;
      this.chunkSlotById.set(doc.id, c);
      return c;
    });
    this.entries.set(source.id, { version: source.version, slot, chunkSlots, order: this.nextOrder++ });
    if (source.centroid?.length) this.centroids.set(source.id, unit(source.centroid));
  }

  /** Cosine between a unit-length query vector and the source's centroid (undefined when unknown). */
  centroidCosine(sourceId: string, unitQuery: ArrayLike<number>): number | undefined {
    const c = this.centroids.get(sourceId);
    if (!c || c.length !== unitQuery.length) return undefined;
    let dot = 0;
    for (let i = 0; i < c.length; i++) dot += (c[i] ?? 0) * (unitQuery[i] ?? 0);
    return dot;
  }

  removeSource(sourceId: string): boolean {
    const entry = this.entries.get(sourceId);
    if (!entry) return false;
    this.changes++;
    const all: string[] = [];
    for (const c of entry.chunkSlots) {
      const doc = this.chunkDocs[c];
      if (!doc) continue;
      // Tokenising again is cheaper in memory than keeping every chunk's terms.
      const terms = tokenize(indexText(doc), { synonyms: this.synonyms });
      all.push(...terms);
      this.chunks.remove(c, terms);
      this.chunkSlotById.delete(doc.id);
      this.chunkDocs[c] = undefined;
    }
    this.sources.remove(entry.slot, all);
    this.sourceIds[entry.slot] = undefined;
    this.entries.delete(sourceId);
    this.centroids.delete(sourceId);
    return true;
  }

  /** The chunk with this id, when it belongs to an indexed source. */
  chunk(id: string): RetrievalDoc | undefined {
    const slot = this.chunkSlotById.get(id);
    return slot === undefined ? undefined : this.chunkDocs[slot];
  }

  /** Chunk slots of an indexed source, in order (for `LexicalEvidence` lookups). */
  sourceChunkSlots(sourceId: string): readonly number[] {
    return this.entries.get(sourceId)?.chunkSlots ?? [];
  }

  sourceSlot(sourceId: string): number | undefined {
    return this.entries.get(sourceId)?.slot;
  }

  /** Slot of the chunk's source. */
  chunkSourceSlot(chunkSlot: number): number {
    return this.chunkSource[chunkSlot] ?? -1;
  }

  /** Chunks of an indexed source, in order. */
  sourceChunks(sourceId: string): RetrievalDoc[] {
    const entry = this.entries.get(sourceId);
    return entry ? entry.chunkSlots.map((c) => this.chunkDocs[c]).filter((d): d is RetrievalDoc => !!d) : [];
  }

  sourceOrder(sourceId: string): number {
    return this.entries.get(sourceId)?.order ?? Number.MAX_SAFE_INTEGER;
  }

  /** @internal slot → doc / source id, for `lexicalEvidence`. */
  chunkAt(slot: number): RetrievalDoc | undefined {
    return this.chunkDocs[slot];
  }

  sourceAt(slot: number): string | undefined {
    return this.sourceIds[slot];
  }
}

/** The vector scaled to unit length (zero stays zero). */
export function unit(v: readonly number[]): Float32Array {
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm);
  const out = new Float32Array(v.length);
  if (norm > 0) for (let i = 0; i < v.length; i++) out[i] = (v[i] ?? 0) / norm;
  return out;
}

/** BM25 evidence of a query over several knowledge bases as one corpus, per index (by slot). */
export interface LexicalEvidence {
  /** Per index: chunk and source BM25 (k1 1.2, b 0.75, no BM25+ delta) and IDF coverage. */
  perIndex: { chunks: ShardScores; sources: ShardScores }[];
  maxChunk: number;
  maxSource: number;
}

/**
 * Share of the question's words (not its character pairs) that `known` holds: what both
 * `familiarShare` below and `HybridRetriever.familiarShare` measure, each over its own index.
 */
export function knownWordShare(question: string, synonyms: Synonyms | undefined, known: (word: string) => boolean): number {
  const words = tokenize(question, { synonyms, cjkBigrams: false });
  if (words.length === 0) return 0;
  return words.filter(known).length / words.length;
}

/**
 * `HybridRetriever.familiarShare` over knowledge bases in memory: the share of the question's
 * words that any of them holds, in a passage, a question or an answer.
 */
export function familiarShare(indexes: readonly KnowledgeIndex[], question: string): number {
  return knownWordShare(question, indexes[0]?.synonyms, (word) => indexes.some((index) => index.chunks.df(word) > 0));
}

/** The indexes of one search share their tenant's synonym sets: the first one's are used. */
export function lexicalEvidence(indexes: readonly KnowledgeIndex[], query: string): LexicalEvidence {
  const terms = tokenize(query, { synonyms: indexes[0]?.synonyms });
  const chunkScores = bm25Scores(indexes.map((i) => i.chunks), terms);
  const sourceScores = bm25Scores(indexes.map((i) => i.sources), terms);
  let maxChunk = 0;
  let maxSource = 0;
  const perIndex = indexes.map((_, i) => {
    const chunks = chunkScores[i] as ShardScores;
    const sources = sourceScores[i] as ShardScores;
    for (const slot of chunks.matched) maxChunk = Math.max(maxChunk, chunks.scores[slot] ?? 0);
    for (const slot of sources.matched) maxSource = Math.max(maxSource, sources.scores[slot] ?? 0);
    return { chunks, sources };
  });
  return { perIndex, maxChunk, maxSource };
}
