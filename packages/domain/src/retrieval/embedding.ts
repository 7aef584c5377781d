import { CHINESE_STOP_WORDS, ENGLISH_STOP_WORDS, normalizeText, porterStem, tokenize } from "../text";
import { fnv1a32 } from "./hash";

/** Dimension of stored embeddings (the database column is vector(256)). */
export const EMBEDDING_DIMS = 256;

const HAN = /\p{Script=Han}/u;
const RUNS = /\p{Script=Han}+|[\p{L}\p{N}]+/gu;

/** Weighted features of a text, before hashing: stemmed words, Latin char n-grams, CJK 1–2-grams. */
export function ngramFeatures(text: string): Map<string, number> {
  const features = new Map<string, number>();
  const add = (key: string, w: number): void => {
    features.set(key, (features.get(key) ?? 0) + w);
  };
  // The original tokenisation, without colloquial canonicalisation: embeddings are stored at
  // ingest, so their features must not change under existing knowledge bases.
  for (const word of tokenize(text, { canonicalize: false, cjkBigrams: false })) add(`w:${word}`, WORD_WEIGHT);
  const normalized = normalizeText(text).replace(/n't\b/g, " not").replace(/'(s|re|ve|ll|d|m)\b/g, "");
  for (const run of normalized.match(RUNS) ?? []) {
    if (HAN.test(run)) {
      const chars = [...run];
      for (let i = 0; i < chars.length; i++) {
        const c = chars[i] ?? "";
        if (!CHINESE_STOP_WORDS.has(c)) add(`c:${c}`, CJK_UNIGRAM_WEIGHT);
        if (i + 1 < chars.length) add(`c:${c}${chars[i + 1] ?? ""}`, CJK_BIGRAM_WEIGHT);
      }
    } else {
      if (ENGLISH_STOP_WORDS.has(run)) continue;
      const padded = `<${porterStem(run)}>`;
      for (let n = MIN_N; n <= MAX_N; n++) {
        for (let i = 0; i + n <= padded.length; i++) add(`g:${padded.slice(i, i + n)}`, CHAR_NGRAM_WEIGHT);
      }
    }
  }
  return features;
}

const WORD_WEIGHT = 1;
const CHAR_NGRAM_WEIGHT = 0.35;
const CJK_UNIGRAM_WEIGHT = 0.5;
const CJK_BIGRAM_WEIGHT = 1;
const MIN_N = 3;
const MAX_N = 4;

/**
 * Deterministic L2-normalised feature-hashing embedding of char n-grams and word tokens.
 * Each feature is hashed to a dimension and a sign (the signed "hashing trick"), so
 * collisions cancel on average instead of piling up. Empty text gives the zero vector.
 */
export function hashedNgramEmbedding(text: string, dims: number = EMBEDDING_DIMS): number[] {
  const vec = new Float64Array(dims);
  for (const [feature, weight] of ngramFeatures(text)) {
    const h = fnv1a32(feature);
    const sign = fnv1a32(feature, 0x9747b28c) & 1 ? 1 : -1;
    vec[h % dims] = (vec[h % dims] ?? 0) + sign * Math.sqrt(weight);
  }
  let norm = 0;
  for (const x of vec) norm += x * x;
  norm = Math.sqrt(norm);
  const out = new Array<number>(dims);
  for (let i = 0; i < dims; i++) out[i] = norm > 0 ? (vec[i] ?? 0) / norm : 0;
  return out;
}

/** Cosine similarity of two vectors of equal length (0 when either is zero). */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}
