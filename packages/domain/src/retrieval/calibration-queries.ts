import { hasCjk } from "../text";
import { type RetrievalDoc } from "./types";

/**
 * A question made from a knowledge base's own content, to measure how the retrieval's confidence
 * behaves on it (calibration.ts). `expected` is the source that answers it, or null for a
 * question the knowledge base (as ranked) cannot answer. The excluded chunks and source are
 * missing from the index it is ranked against, so it is never matched against its own text.
 */
export interface PseudoQuery {
  text: string;
  expected: string | null;
  kind: "phrasing" | "perturbed" | "answer" | "passage" | "outside";
  excludeChunks: readonly string[];
  excludeSource: string | null;
}

/** Deterministic PRNG (mulberry32): the same knowledge and seed give the same calibration. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates with the given random source (a copy). */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** A source as calibration sees it: an FAQ entry (chunks = phrasings) or a document (passages). */
export interface CalibrationSource {
  id: string;
  kind: "faq" | "document";
  chunks: RetrievalDoc[];
}

/** Groups chunks by source; a source whose every chunk is its own answer is a document. */
export function calibrationSources(docs: readonly RetrievalDoc[]): CalibrationSource[] {
  const bySource = new Map<string, RetrievalDoc[]>();
  for (const doc of docs) {
    const list = bySource.get(doc.sourceId) ?? [];
    list.push(doc);
    bySource.set(doc.sourceId, list);
  }
  return [...bySource].map(([id, chunks]) => ({ id, kind: chunks.every((c) => c.answer === c.text) ? "document" : "faq", chunks }));
}

/** Words of spaced text, or characters of Chinese/Japanese text (punctuation and spaces dropped). */
function units(text: string): { parts: string[]; join: string } {
  if (hasCjk(text)) return { parts: [...text].filter((c) => /[\p{L}\p{N}]/u.test(c)), join: "" };
  return { parts: text.split(/\s+/).map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "")).filter(Boolean), join: " " };
}

/** The first sentence of a text, cut to at most 60 characters. */
export function firstSentence(text: string): string {
  const sentence = text.trim().split(/(?<=[.!?。！？；;\n])/u)[0] ?? "";
  return sentence.trim().slice(0, 60);
}

/**
 * Variants of one phrasing, as a visitor's wording differs from the entry's: a span of about a
 * third dropped, a sub-span of about two thirds kept, the two halves swapped, one span replaced
 * by words from elsewhere in the knowledge, and half the words shuffled with such a span (a
 * wording that shares only part of the entry's words). General text edits, independent of
 * language beyond words vs. characters. Still easier than real paraphrases (docs/benchmarks.md).
 */
export function perturbations(text: string, random: () => number, elsewhere: () => string): string[] {
  const { parts, join } = units(text);
  const n = parts.length;
  if (n < 3) return [];
  const span = Math.max(1, Math.round(n / 3));
  const at = Math.floor(random() * (n - span + 1));
  const keep = Math.max(2, n - span);
  const from = Math.floor(random() * (n - keep + 1));
  const half = Math.ceil(n / 2);
  const other = units(elsewhere()).parts;
  const otherAt = Math.floor(random() * Math.max(1, other.length - span + 1));
  const foreign = other.slice(otherAt, otherAt + span);
  const out = [
    [...parts.slice(0, at), ...parts.slice(at + span)],
    parts.slice(from, from + keep),
    [...parts.slice(half), ...parts.slice(0, half)],
    [...parts.slice(0, at), ...foreign, ...parts.slice(at + span)],
    // The hardest: half the words, in another order, and a span from elsewhere.
    [...shuffled(parts, random).slice(0, Math.max(1, Math.round(n / 2))), ...foreign],
  ];
  const seen = new Set([parts.join(join)]);
  return out
    .map((p) => p.join(join))
    .filter((q) => {
      if (!q.trim() || seen.has(q)) return false;
      seen.add(q);
      return true;
    });
}

/** Sentences of a passage long enough to be a question (the heading path aside). */
function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?。！？；;\n])/u)
    .map((s) => s.trim())
    .filter((s) => units(s).parts.length >= 3)
    .map((s) => s.slice(0, 120));
}

/** One question the source answers, made from its content, or null when it has none usable. */
export function positiveFor(source: CalibrationSource, random: () => number, elsewhere: () => string): PseudoQuery | null {
  const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(random() * items.length)];
  if (source.kind === "faq") {
    if (source.chunks.length >= 2) {
      // Leave one phrasing out: the others must find the entry.
      const held = pick(source.chunks)!;
      return { text: held.text, expected: source.id, kind: "phrasing", excludeChunks: [held.id], excludeSource: null };
    }
    const only = source.chunks[0];
    if (!only) return null;
    const answer = firstSentence(only.answer);
    const variants = perturbations(only.text, random, elsewhere);
    // The answer's first sentence asked as a question: the entry's topic in other words.
    if (answer && answer !== only.text && units(answer).parts.length >= 4) variants.push(answer);
    const text = pick(variants);
    if (!text) return null;
    return { text, expected: source.id, kind: text === answer ? "answer" : "perturbed", excludeChunks: [], excludeSource: null };
  }
  // A document: a sentence of one passage, ranked with that passage left out when others remain.
  const passage = pick(source.chunks);
  if (!passage) return null;
  const sentence = pick(sentences(passage.text));
  if (!sentence) return null;
  const alone = source.chunks.length < 2;
  return { text: sentence, expected: source.id, kind: "passage", excludeChunks: alone ? [] : [passage.id], excludeSource: null };
}

/**
 * A question near the domain that the knowledge base does not answer: a phrasing (or passage
 * sentence) of the source, ranked with the whole source left out. Whatever is answered is wrong.
 */
export function negativeFor(source: CalibrationSource, random: () => number): PseudoQuery | null {
  const texts = source.kind === "faq" ? source.chunks.map((c) => c.text) : source.chunks.flatMap((c) => sentences(c.text));
  const text = texts[Math.floor(random() * texts.length)];
  if (!text) return null;
  return { text, expected: null, kind: "outside", excludeChunks: [], excludeSource: source.id };
}
