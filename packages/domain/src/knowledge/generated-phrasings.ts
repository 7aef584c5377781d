/**
 * Alternative phrasings of an FAQ entry written by a chat model (the API's knowledge/phrasings.ts):
 * what comes back is checked here before it is stored and indexed. Pure, no I/O.
 */

/** Phrasings asked for per entry. */
export const GENERATED_PHRASINGS_PER_ENTRY = 6;
/** A generated phrasing longer than this is not a customer's question. */
export const MAX_GENERATED_PHRASING_CHARS = 120;

/** Two phrasings are the same when they differ only in width, case, spaces and punctuation. */
export function looseKey(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, "");
}

// "1. ", "- ", "• ", "(2) ", "Q: ", "问：" and surrounding quotes are list decoration, not wording.
const DECORATION = /^\s*(?:(?:\d+|[a-z])[.)、:：]\s*|\(\d+\)\s*|[-*•·]\s+|(?:q|question|问题?)\s*[:：]\s*)/iu;
const QUOTES = /^["'“”‘’「」『』《》]+|["'“”‘’「」『』《》]+$/gu;

function tidy(raw: string): string {
  return raw.replace(/\s+/g, " ").replace(DECORATION, "").replace(QUOTES, "").trim();
}

/**
 * The usable phrasings among what a model returned for one entry: strings only, decoration
 * removed, between 2 and MAX_GENERATED_PHRASING_CHARS characters, none equal (looseKey) to the
 * question, an existing alternative, one a person removed, or another kept one; at most `max`.
 */
export function cleanGeneratedPhrasings(
  raw: unknown,
  entry: { question: string; alternatives: readonly string[]; rejected?: readonly string[] },
  max = GENERATED_PHRASINGS_PER_ENTRY,
): string[] {
  if (!Array.isArray(raw)) return [];
  const seen = new Set([entry.question, ...entry.alternatives, ...(entry.rejected ?? [])].map(looseKey));
  const kept: string[] = [];
  for (const item of raw) {
    if (kept.length >= max) break;
    if (typeof item !== "string") continue;
    const text = tidy(item);
    const key = looseKey(text);
    if ([...text].length < 2 || text.length > MAX_GENERATED_PHRASING_CHARS || !key || seen.has(key)) continue;
    seen.add(key);
    kept.push(text);
  }
  return kept;
}

/**
 * Generated phrasings that still fit after the entry changed: none equal to its question or an
 * alternative, and together with the alternatives within the per-entry limit (`fits` is the FAQ
 * schema's own check of a list of phrasings, so the limit has one definition).
 */
export function keptGeneratedPhrasings(
  generated: readonly string[],
  entry: { question: string; alternatives: readonly string[] },
  fits: (phrasings: string[]) => boolean,
): string[] {
  const kept = cleanGeneratedPhrasings(generated, entry, generated.length);
  while (kept.length > 0 && !fits([...entry.alternatives, ...kept])) kept.pop();
  return kept;
}

/** Whether a text is mostly Chinese (the prompt is then written in Chinese). */
export function isChineseText(text: string): boolean {
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  const latin = text.match(/[A-Za-z]/g)?.length ?? 0;
  return han > 0 && han * 2 >= latin;
}
