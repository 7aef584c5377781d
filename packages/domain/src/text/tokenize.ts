import { canonicalizeChinese } from "./colloquial";
import { porterStem } from "./porter";
import { SERVICE_SYNONYMS } from "./service-lexicon";
import { CHINESE_COLLOQUIAL_STOP_WORDS, CHINESE_STOP_WORDS, ENGLISH_STOP_WORDS } from "./stopwords";
import { compileSynonyms, type Synonyms } from "./synonyms";

export interface TokenizeOptions {
  /** Porter-stem English words (default true). */
  stem?: boolean;
  /** Drop English and Chinese stop words (default true). */
  removeStopWords?: boolean;
  /**
   * Also emit overlapping CJK character bigrams of every Chinese run (default true): the
   * dictionary segmenter splits customers' words unpredictably ("退货" → 退 / 货, "客服" → 客 / 服),
   * and short questions have few words to match; bigrams lifted single-phrasing recall@1 on the
   * Chinese dev sets (docs/benchmarks.md). The embedding's own n-grams do not use them.
   */
  cjkBigrams?: boolean;
  /**
   * With the bigrams, also emit every Chinese character of a run that is not a stop word, as its
   * own term (`#`-prefixed, so it never merges with a one-character word). A colloquial question
   * often shares only single characters with the entry it wants (钱怎么退 / 退款, 开个票 / 发票);
   * BM25's IDF keeps common characters cheap. Default: as `cjkBigrams`.
   */
  cjkUnigrams?: boolean;
  /**
   * Canonicalise colloquial Chinese (default true): rewrite question words to one form first
   * (`canonicalizeChinese`) and also drop CHINESE_COLLOQUIAL_STOP_WORDS. Off gives the earlier
   * tokenisation, which stored embeddings are computed with.
   */
  canonicalize?: boolean;
  /**
   * Synonym sets applied when canonicalising (default: the built-in customer-service sets,
   * `BUILTIN_SYNONYMS`; a tenant's own sets come first with `compileSynonyms(withSynonyms(…))`).
   */
  synonyms?: Synonyms;
}

/** The built-in customer-service synonym sets, compiled once. */
export const BUILTIN_SYNONYMS: Synonyms = compileSynonyms(SERVICE_SYNONYMS);

const HAN = /\p{Script=Han}/u;
/** Marks a character term (`cjkUnigrams`) apart from a one-character word (no word holds it). */
const UNIGRAM = "#";
const HAN_G = /\p{Script=Han}/gu;
const LATIN_G = /[a-z]/gi;
const WORD_PARTS = /[\p{L}\p{N}]+(?:\.\d+)*/gu;

let segmenter: Intl.Segmenter | undefined;
function zhSegmenter(): Intl.Segmenter {
  segmenter ??= new Intl.Segmenter("zh", { granularity: "word" });
  return segmenter;
}

/** True when the string contains at least one Han (Chinese) character. */
export function hasCjk(text: string): boolean {
  return HAN.test(text);
}

/**
 * NFKC (full-width → half-width, compatibility forms), lower-case, unify apostrophes and
 * collapse whitespace.
 */
export function normalizeText(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`]/g, "'")
    .replace(/\s+/g, " ")
    .trim();
}

/** "zh" when Han characters make up a meaningful share of the letters, else "en". */
export function detectLanguage(text: string): "zh" | "en" {
  const han = text.match(HAN_G)?.length ?? 0;
  if (han === 0) return "en";
  const latin = text.match(LATIN_G)?.length ?? 0;
  return han * 2 >= latin ? "zh" : "en";
}

function expandContractions(word: string): string {
  return word
    .replace(/^can't$/, "can not")
    .replace(/^won't$/, "will not")
    .replace(/^shan't$/, "shall not")
    .replace(/n't$/, " not")
    .replace(/'(s|re|ve|ll|d|m)$/, "")
    .replace(/'/g, "");
}

function pushLatin(out: string[], segment: string, stem: boolean, stop: boolean, synonyms: Synonyms | undefined): void {
  for (const raw of expandContractions(segment).split(" ")) {
    for (const part of raw.match(WORD_PARTS) ?? []) {
      if (stop && ENGLISH_STOP_WORDS.has(part)) continue;
      const stemmed = stem ? porterStem(part) : part;
      out.push(synonyms ? synonyms.stem(stemmed) : stemmed);
    }
  }
}

/**
 * Tokenise mixed Chinese/English text into index terms: English words (stop words removed,
 * Porter-stemmed), numbers, and Chinese words from ICU's dictionary segmenter; optionally CJK
 * character bigrams as extra terms.
 */
export function tokenize(text: string, options: TokenizeOptions = {}): string[] {
  const stem = options.stem ?? true;
  const stop = options.removeStopWords ?? true;
  const bigrams = options.cjkBigrams ?? true;
  const unigrams = options.cjkUnigrams ?? bigrams;
  let normalized = normalizeText(text);
  const out: string[] = [];
  if (!normalized) return out;
  const colloquial = options.canonicalize ?? true;
  const synonyms = colloquial ? (options.synonyms ?? BUILTIN_SYNONYMS) : undefined;

  if (!hasCjk(normalized)) {
    if (synonyms) normalized = synonyms.rewrite(normalized);
    // Fast path: no segmenter needed for text without Han characters.
    for (const word of normalized.split(/[^\p{L}\p{N}'.]+/u)) {
      if (word) pushLatin(out, word.replace(/^[.']+|[.']+$/g, ""), stem, stop, synonyms);
    }
    return out;
  }

  if (colloquial) normalized = canonicalizeChinese(normalized);
  if (synonyms) normalized = synonyms.rewrite(normalized);
  // The current contiguous Han run, for bigrams. Stop words stay in it: bigrams across them
  // (没收, 发了) tried better on the dev sets than runs cut at every stop word.
  let run = "";
  const flushRun = (): void => {
    if (run.length > 1) {
      const chars = [...run];
      if (bigrams) for (let i = 0; i + 1 < chars.length; i++) out.push(`${chars[i]}${chars[i + 1]}`);
      if (unigrams) for (const char of chars) if (!CHINESE_STOP_WORDS.has(char)) out.push(`${UNIGRAM}${char}`);
    }
    run = "";
  };
  for (const seg of zhSegmenter().segment(normalized)) {
    if (!seg.isWordLike) {
      if (!/^\s*$/.test(seg.segment) || !bigrams) flushRun();
      continue;
    }
    const word = seg.segment;
    if (HAN.test(word)) {
      run += word;
      const dropped = CHINESE_STOP_WORDS.has(word) || (colloquial && CHINESE_COLLOQUIAL_STOP_WORDS.has(word));
      if (!(stop && dropped)) out.push(word);
    } else {
      flushRun();
      pushLatin(out, word, stem, stop, synonyms);
    }
  }
  flushRun();
  return out;
}
