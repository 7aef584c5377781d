// Synonym sets: words customers use for the same thing, matched as one term.
//
// Tenants write "退款" and customers ask "钱怎么退回来"; the FAQ says "shipping", the visitor types
// "delivery". With one phrasing per entry nothing else bridges the words, so a set maps every
// surface form to its first word before indexing and querying, like a search engine's equivalent
// synonym rules (both sides go through the same rewrite, so nothing is lost when a set is wrong
// for one text: it only merges two terms). Chinese forms are rewritten in the text before
// segmentation (the segmenter splits colloquial forms unpredictably); English words are matched
// by stem, phrases in the text.
import { porterStem } from "./porter";

/** A set of interchangeable words or phrases; the first is the canonical form. */
export type SynonymSet = readonly string[];

/** Synonym sets compiled for tokenising (see `compileSynonyms`). */
export interface Synonyms {
  /** Rewrites Chinese forms and English phrases in normalised text to their canonical form. */
  rewrite(text: string): string;
  /** Canonical stem for an English stem (itself when it is in no set). */
  stem(stem: string): string;
  /** Identity for caches: equal keys mean equal behaviour. */
  readonly key: string;
}

const HAN = /\p{Script=Han}/u;
const ESCAPE = /[.*+?^${}()|[\]\\]/g;

/**
 * Compiles synonym sets. A form listed in two sets belongs to the first. Forms are normalised
 * like text (lower case, NFKC); empty forms are ignored.
 */
export function compileSynonyms(sets: readonly SynonymSet[]): Synonyms {
  const textual = new Map<string, string>();
  const stems = new Map<string, string>();
  for (const set of sets) {
    const forms = set.map((f) => f.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim()).filter(Boolean);
    const [canonical] = forms;
    if (!canonical) continue;
    const canonicalStem = HAN.test(canonical) || canonical.includes(" ") ? undefined : porterStem(canonical);
    for (const form of forms) {
      if (HAN.test(form) || form.includes(" ")) {
        // The canonical form too, so that a shorter form inside it is not rewritten ("分期" in "分期付款").
        if (!textual.has(form)) textual.set(form, canonical);
      } else if (canonicalStem) {
        const s = porterStem(form);
        if (!stems.has(s)) stems.set(s, canonicalStem);
      } else if (!textual.has(form)) {
        // An English word for a Chinese or multi-word canonical form: rewritten in the text.
        textual.set(form, canonical);
      }
    }
  }
  const forms = [...textual.keys()].sort((a, b) => b.length - a.length || a.localeCompare(b));
  const pattern = forms.length
    ? new RegExp(forms.map((f) => (HAN.test(f) ? f.replace(ESCAPE, "\\$&") : `(?<![\\p{L}\\p{N}])${f.replace(ESCAPE, "\\$&")}(?![\\p{L}\\p{N}])`)).join("|"), "gu")
    : undefined;
  return {
    rewrite: (text) => (pattern ? text.replace(pattern, (m) => ` ${textual.get(m) ?? m} `) : text),
    stem: (stem) => stems.get(stem) ?? stem,
    key: JSON.stringify(sets),
  };
}

/** Sets with both sides merged (the tenant's own first, so they win over the built-in ones). */
export function withSynonyms(own: readonly SynonymSet[], base: readonly SynonymSet[]): SynonymSet[] {
  return [...own, ...base];
}
