import { tokenize, type Synonyms } from "../text";
import { ngramFeatures } from "./embedding";

/** A labelled example: the text of one chunk (an FAQ phrasing, a passage) and its source id. */
export interface ClassifierExample {
  text: string;
  label: string;
}

export interface ClassifierTrainingOptions {
  /** Passes over the examples (default 10), fewer when the examples are many (see `maxWork`). */
  epochs?: number;
  /** Fewest passes worth training (default 3): below it, examples per label are capped instead. */
  minEpochs?: number;
  /**
   * Fewest examples a label may be capped to (default 20). Past the budget even then (many labels
   * of few examples: a document collection) no classifier is trained.
   */
  minExamplesPerLabel?: number;
  /** Initial SGD step, decayed as step / (1 + epoch / 2) (default 4: features are L2-normalised). */
  learningRate?: number;
  /**
   * Largest training cost, in multiply-adds (examples × features × classes × epochs, twice;
   * default 6e8: about a second for 3,000 FAQ phrasings of 150 entries). Within it, intent sets
   * with hundreds of phrasings a label train on fewer passes (down to `minEpochs`), then on an
   * even sample of each label's phrasings (down to `minExamplesPerLabel`); past that no classifier
   * is trained: a large document collection has few examples per source, and the lexical and
   * vector channels serve it alone.
   */
  maxWork?: number;
  /**
   * Longest mean example, in characters (default 200). The classifier learns how questions
   * are phrased, from collections of short texts such as FAQ phrasings; passages of documents
   * are long and each is a different text, not a paraphrase, so training on them costs seconds
   * and gained nothing on the passage-retrieval dev set (CMRC2018 trial, docs/benchmarks.md).
   */
  maxMeanChars?: number;
  /**
   * Largest weight matrix, features × classes (default 2M floats, 8 MB; CLINC150 needs 1.4M).
   * Past it the rarest features are dropped (at least MIN_FEATURES must remain).
   */
  maxWeights?: number;
  /** Multiply-adds between two yields of `training` (default 2M, a few milliseconds). */
  sliceWork?: number;
}

const DEFAULTS: Required<ClassifierTrainingOptions> = {
  epochs: 10,
  minEpochs: 3,
  minExamplesPerLabel: 20,
  learningRate: 4,
  maxWork: 6e8,
  maxWeights: 2_000_000,
  maxMeanChars: 200,
  sliceWork: 2_000_000,
};

/** Sparse features, L2-normalised: stemmed words and the embedding's char n-grams / CJK grams. */
interface Features {
  ids: Int32Array;
  values: Float32Array;
}

function rawFeatures(text: string, synonyms?: Synonyms): Map<string, number> {
  const raw = new Map<string, number>();
  for (const term of tokenize(text, { synonyms })) raw.set(`w:${term}`, 1);
  // The embedding's sub-word features (its words are the uncanonicalised tokens: skipped).
  for (const [key, weight] of ngramFeatures(text)) if (!key.startsWith("w:")) raw.set(key, Math.min(1, weight));
  return raw;
}

function toFeatures(raw: Map<string, number>, vocabulary: Map<string, number>, grow: boolean): Features {
  const ids: number[] = [];
  const values: number[] = [];
  let norm = 0;
  for (const [key, value] of raw) {
    let id = vocabulary.get(key);
    if (id === undefined) {
      if (!grow) continue;
      id = vocabulary.size;
      vocabulary.set(key, id);
    }
    ids.push(id);
    values.push(value);
    norm += value * value;
  }
  norm = Math.sqrt(norm) || 1;
  return { ids: Int32Array.from(ids), values: Float32Array.from(values, (v) => v / norm) };
}

/**
 * Which source a question belongs to, learned from the knowledge base itself: a multinomial
 * logistic regression (softmax, trained by SGD) whose examples are the chunks, labelled with
 * their source. An FAQ entry's alternative phrasings are exactly such examples, so the model
 * learns which words tell neighbouring entries apart (weights BM25 and cosines cannot learn).
 * Deterministic: the same examples give the same model, in whatever order they come (a knowledge
 * base's chunks arrive in database order, which varies between loads).
 */
export class SourceClassifier {
  private constructor(
    readonly labels: readonly string[],
    private readonly vocabulary: ReadonlyMap<string, number>,
    private readonly weights: Float32Array,
    private readonly bias: Float32Array,
    /** The synonym sets its words were read with (the knowledge base's), used for queries too. */
    private readonly synonyms: Synonyms | undefined,
  ) {}

  /**
   * Trains in slices: the generator yields after about `sliceWork` multiply-adds so that a
   * server can let other requests run in between. Returns undefined when there are fewer than
   * two labels, the examples are long passages (`maxMeanChars`) or the model would exceed
   * `maxWork` / `maxWeights`.
   */
  static *training(
    given: readonly ClassifierExample[],
    options: ClassifierTrainingOptions = {},
    synonyms?: Synonyms,
  ): Generator<void, SourceClassifier | undefined> {
    const o = { ...DEFAULTS, ...options };
    // SGD depends on the order of the examples: fix it by their content.
    const sorted = [...given].sort((a, b) => compare(a.text, b.text) || compare(a.label, b.label));
    const labelIndex = new Map<string, number>();
    for (const e of sorted) if (!labelIndex.has(e.label)) labelIndex.set(e.label, labelIndex.size);
    const classes = labelIndex.size;
    if (classes < 2) return undefined;
    if (sorted.reduce((n, e) => n + e.text.length, 0) > o.maxMeanChars * sorted.length) return undefined;
    // The budget, from the features of an even sample, picks passes and examples before the
    // collection is featurised, so a large one costs no more than the budget to give up on.
    const perFeature = 2 * classes;
    const meanFeatures = sampleMeanFeatures(sorted, synonyms);
    const exampleEpochs = o.maxWork / (perFeature * meanFeatures);
    const minEpochs = Math.min(o.minEpochs, o.epochs);
    let examples = sorted;
    if (exampleEpochs / sorted.length < minEpochs) {
      // 10 % below the estimate, so that the real count rarely finds the sample over the budget.
      examples = capPerLabel(sorted, Math.floor((0.9 * exampleEpochs) / minEpochs), o.minExamplesPerLabel);
      if (examples.length === 0) return undefined;
    }
    const vocabulary = new Map<string, number>();
    let xs: Features[] = [];
    let nonZeros = 0;
    for (const [i, e] of examples.entries()) {
      const x = toFeatures(rawFeatures(e.text, synonyms), vocabulary, true);
      xs.push(x);
      nonZeros += x.ids.length;
      if (nonZeros * perFeature * minEpochs > o.maxWork) return undefined;
      if (i % FEATURIZE_SLICE === FEATURIZE_SLICE - 1) yield;
    }
    // Passes from the real count (the sample only estimated it): as many as fit, never past the budget.
    const epochs = Math.min(o.epochs, Math.floor(o.maxWork / (nonZeros * perFeature)));
    if (epochs < minEpochs) return undefined;
    if (vocabulary.size * classes > o.maxWeights) {
      const keep = Math.floor(o.maxWeights / classes);
      if (keep < MIN_FEATURES) return undefined;
      xs = pruneFeatures(xs, vocabulary, keep);
    }

    const ys = examples.map((e) => labelIndex.get(e.label) ?? 0);
    const balance = balanceWeights(ys, classes);
    const w = new Float32Array(vocabulary.size * classes);
    const b = new Float32Array(classes);
    const p = new Float64Array(classes);
    const activeClasses = new Int32Array(classes);
    const order = xs.map((_, i) => i);
    let seed = 1;
    const random = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x80000000;
    let work = 0;
    for (let epoch = 0; epoch < epochs; epoch++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0];
      }
      const epochStep = o.learningRate / (1 + epoch / 2);
      for (const i of order) {
        const x = xs[i]!;
        const step = epochStep * balance[ys[i]!]!;
        softmax(x, w, b, p);
        p[ys[i]!]! -= 1;
        // Only classes with a noticeable gradient are updated: after the first epoch that is a
        // handful of the classes, which halves the cost of training.
        let active = 0;
        for (let c = 0; c < classes; c++) {
          const g = p[c]!;
          if (g > GRADIENT_FLOOR || g < -GRADIENT_FLOOR) activeClasses[active++] = c;
        }
        for (let a = 0; a < active; a++) {
          const c = activeClasses[a]!;
          b[c]! -= step * p[c]!;
        }
        const ids = x.ids;
        const values = x.values;
        for (let k = 0; k < ids.length; k++) {
          const row = ids[k]! * classes;
          const g = step * values[k]!;
          for (let a = 0; a < active; a++) {
            const c = activeClasses[a]!;
            w[row + c]! -= g * p[c]!;
          }
        }
        work += ids.length * (classes + active);
        if (work >= o.sliceWork) {
          work = 0;
          yield;
        }
      }
    }
    return new SourceClassifier([...labelIndex.keys()], vocabulary, w, b, synonyms);
  }

  /** `training` run to the end in one go. */
  static train(examples: readonly ClassifierExample[], options?: ClassifierTrainingOptions, synonyms?: Synonyms): SourceClassifier | undefined {
    const steps = SourceClassifier.training(examples, options, synonyms);
    for (;;) {
      const next = steps.next();
      if (next.done) return next.value;
    }
  }

  /** Approximate memory held by the model, in bytes (weights, biases, vocabulary). */
  get byteSize(): number {
    // ~60 bytes per vocabulary entry: a short string key and a Map slot.
    return this.weights.byteLength + this.bias.byteLength + this.vocabulary.size * 60;
  }

  /** Unnormalised log-probabilities of each label (in `labels` order) for the text. */
  logits(text: string): Float64Array {
    const out = new Float64Array(this.labels.length);
    out.set(this.bias);
    const x = toFeatures(rawFeatures(text, this.synonyms), this.vocabulary as Map<string, number>, false);
    addScores(x, this.weights, out);
    return out;
  }
}

function addScores(x: Features, w: Float32Array, out: Float64Array): void {
  const classes = out.length;
  const ids = x.ids;
  const values = x.values;
  for (let k = 0; k < ids.length; k++) {
    const row = ids[k]! * classes;
    const v = values[k]!;
    for (let c = 0; c < classes; c++) out[c]! += w[row + c]! * v;
  }
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Examples featurised between two yields. */
const FEATURIZE_SLICE = 200;

/** Labels with up to this many examples always count fully (see `balanceWeights`). */
const BALANCE_FLOOR = 10;

/**
 * Each label's weight in training: 1, or less for a label with many more examples than the median
 * one (at least BALANCE_FLOOR), so that it counts as a label of that size. How many phrasings an
 * entry has says nothing about how often it is asked: an imported intent of 300 phrasings among
 * FAQ entries of one or two would otherwise get a prior that wins unrelated questions.
 */
function balanceWeights(ys: readonly number[], classes: number): Float32Array {
  const counts = new Int32Array(classes);
  for (const y of ys) counts[y]!++;
  const sorted = Array.from(counts).sort((a, b) => a - b);
  const reference = Math.max(BALANCE_FLOOR, sorted[Math.floor(sorted.length / 2)] ?? 0);
  return Float32Array.from(counts, (n) => (n > reference ? reference / n : 1));
}

/** Fewest features worth a model when the rarest are dropped to fit `maxWeights`. */
const MIN_FEATURES = 1_000;

/** Mean number of features of up to 256 evenly spaced examples. */
function sampleMeanFeatures(examples: readonly ClassifierExample[], synonyms: Synonyms | undefined): number {
  const step = Math.max(1, Math.floor(examples.length / 256));
  let total = 0;
  let count = 0;
  for (let i = 0; i < examples.length; i += step, count++) total += rawFeatures(examples[i]!.text, synonyms).size;
  return Math.max(1, total / Math.max(1, count));
}

/**
 * The examples with each label's capped at the largest count that keeps them within `budget`
 * (labels with fewer keep all), taken evenly from the label's examples in content order, so the
 * sample does not depend on the order they came in. Empty when the cap would fall below `floor`.
 */
function capPerLabel(sorted: readonly ClassifierExample[], budget: number, floor: number): ClassifierExample[] {
  const byLabel = new Map<string, ClassifierExample[]>();
  for (const e of sorted) {
    const list = byLabel.get(e.label);
    if (list) list.push(e);
    else byLabel.set(e.label, [e]);
  }
  const sizes = [...byLabel.values()].map((l) => l.length);
  const kept = (cap: number) => sizes.reduce((n, size) => n + Math.min(size, cap), 0);
  let low = 0;
  let high = Math.max(...sizes);
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (kept(mid) <= budget) low = mid;
    else high = mid - 1;
  }
  if (low < Math.min(floor, Math.max(...sizes))) return [];
  const chosen = new Set<ClassifierExample>();
  for (const list of byLabel.values()) {
    const n = Math.min(low, list.length);
    for (let i = 0; i < n; i++) chosen.add(list[Math.floor((i * list.length) / n)]!);
  }
  return sorted.filter((e) => chosen.has(e));
}

/**
 * Keeps the `keep` features found in most examples (ties: the first seen), renumbered in the
 * order they were first seen, and scales each example back to unit length.
 */
function pruneFeatures(xs: Features[], vocabulary: Map<string, number>, keep: number): Features[] {
  const df = new Int32Array(vocabulary.size);
  for (const x of xs) for (const id of x.ids) df[id]!++;
  const ranked = Array.from(df.keys()).sort((a, b) => df[b]! - df[a]! || a - b);
  const newId = new Int32Array(vocabulary.size).fill(-1);
  ranked.slice(0, keep).sort((a, b) => a - b).forEach((id, i) => (newId[id] = i));
  for (const [key, id] of vocabulary) {
    if (newId[id] === -1) vocabulary.delete(key);
    else vocabulary.set(key, newId[id]!);
  }
  return xs.map((x) => {
    const ids: number[] = [];
    const values: number[] = [];
    let norm = 0;
    x.ids.forEach((id, k) => {
      if (newId[id] === -1) return;
      ids.push(newId[id]!);
      values.push(x.values[k]!);
      norm += x.values[k]! ** 2;
    });
    norm = Math.sqrt(norm) || 1;
    return { ids: Int32Array.from(ids), values: Float32Array.from(values, (v) => v / norm) };
  });
}

/** Gradients below this are skipped (a probability this small moves no weight noticeably). */
const GRADIENT_FLOOR = 1e-4;

/** p = softmax(b + W·x), in place. */
function softmax(x: Features, w: Float32Array, b: Float32Array, p: Float64Array): void {
  p.set(b);
  addScores(x, w, p);
  normalizeExp(p);
}

/** Turns logits into probabilities in place (max-subtracted for stability). */
export function normalizeExp(z: Float64Array): void {
  let max = -Infinity;
  for (let c = 0; c < z.length; c++) if (z[c]! > max) max = z[c]!;
  let sum = 0;
  for (let c = 0; c < z.length; c++) {
    const e = Math.exp(z[c]! - max);
    z[c] = e;
    sum += e;
  }
  for (let c = 0; c < z.length; c++) z[c]! /= sum || 1;
}

/** A trained classifier and which of its labels are still live sources. */
export interface LiveClassifier {
  classifier: SourceClassifier;
  has(label: string): boolean;
}

/**
 * Posterior probability of each live source for the text: one softmax over the labels of all
 * the classifiers (one per knowledge base), so several knowledge bases share one distribution.
 * Empty without classifiers.
 */
export function sourcePosteriors(models: readonly LiveClassifier[], text: string): Map<string, number> {
  const labels: string[] = [];
  const logits: number[] = [];
  for (const { classifier, has } of models) {
    const z = classifier.logits(text);
    classifier.labels.forEach((label, c) => {
      if (!has(label)) return;
      labels.push(label);
      logits.push(z[c]!);
    });
  }
  const p = Float64Array.from(logits);
  normalizeExp(p);
  return new Map(labels.map((label, i) => [label, p[i]!]));
}
