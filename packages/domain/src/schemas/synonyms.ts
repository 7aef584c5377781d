import { z } from "zod";
import { ZId } from "./bot";
import { ZText } from "./text";

/** A tenant's own synonym sets: at most this many sets, words a set, characters a word. */
export const SYNONYM_LIMITS = { sets: 500, terms: 20, termLength: 50 } as const;

/** How two words of synonym sets compare: as the tokenizer reads them (NFKC, lower case, one space). */
export const synonymKey = (term: string): string => term.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();

/** Words typed in one box: separated by commas (, ，), 、, semicolons or new lines. */
export function splitSynonymTerms(text: string): string[] {
  return text.split(/[,，、;；\n\r]+/).map((t) => t.trim()).filter(Boolean);
}

/** Trimmed, blanks dropped, repeats (as `synonymKey` reads them) kept once, in order. */
export function cleanSynonymTerms(terms: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of terms) {
    const term = raw.replace(/\s+/g, " ").trim();
    const key = synonymKey(term);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    out.push(term);
  }
  return out;
}

const ZTerms = z
  .array(ZText.max(200, `A word is at most ${SYNONYM_LIMITS.termLength} characters.`))
  .max(200, `A set has at most ${SYNONYM_LIMITS.terms} words.`)
  .transform((terms, ctx) => {
    const clean = cleanSynonymTerms(terms);
    const long = clean.find((t) => t.length > SYNONYM_LIMITS.termLength);
    if (long) ctx.addIssue({ code: "custom", message: `A word is at most ${SYNONYM_LIMITS.termLength} characters: "${long.slice(0, 20)}…".` });
    if (clean.length < 2) ctx.addIssue({ code: "custom", message: "A set needs at least two different words." });
    if (clean.length > SYNONYM_LIMITS.terms) ctx.addIssue({ code: "custom", message: `A set has at most ${SYNONYM_LIMITS.terms} words.` });
    return clean;
  });

/** A new synonym set: its words, the first the main word (cleaned: see `cleanSynonymTerms`). */
export const ZCreateSynonymSetRequest = z.object({ terms: ZTerms });
export const ZUpdateSynonymSetRequest = z.object({ id: ZId, terms: ZTerms });
export const ZSynonymSetIdRequest = z.object({ id: ZId });
export type CreateSynonymSetRequest = z.infer<typeof ZCreateSynonymSetRequest>;
