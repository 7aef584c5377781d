// Colloquial Chinese question forms, rewritten to one canonical spelling before segmentation.
//
// Customers ask "咋退款", "怎样退款", "如何退款" and "退款怎么办" for the same thing, and "能退不" /
// "可以退吗" / "能不能退" likewise; knowledge bases are usually written in the formal register. The
// variants are function words — they say what kind of question it is, not what it is about — yet
// each spelling is a different index term (and ICU's dictionary segmenter splits some of them
// oddly: "咋办" → 咋 / 办, "大概要" → 大 / 概要), so a colloquial question loses coverage against the
// formal phrasing of the same question. Only closed-class words are rewritten here (question words,
// modal verbs, the A-not-A question tail, hedges); content words and synonyms are left alone.
//
// As in English (stopwords.ts), question words are kept, only unified: "什么时候发货" (when) and
// "怎么发货" (how) stay different questions.

import { toSimplified } from "./simplified";

const HAN = "\\p{Script=Han}";

/** [pattern, replacement] pairs, applied in order to NFKC-normalised, lower-cased text. */
const REWRITES: ReadonlyArray<readonly [RegExp, string]> = [
  // Hedges that the segmenter glues to the next word ("大概要" → 大 / 概要): say nothing.
  [/大概|大约|大致/gu, " "],
  // "What to do / how to do it": 怎么办, 咋办, 咋整, 怎么弄, 如何是好 … → the how-word alone.
  [/(?:怎么|怎样|咋|如何)(?:办(?!理|法|公|事处)|弄|整|搞)|如何是好/gu, "怎么"],
  // "How is it?" at the end of a clause (天气怎么样, 这款咋样) asks for an opinion, not a method.
  [new RegExp(`(?:怎么样|咋样|怎样)(?=$|[\\p{P}\\s])`, "gu"), " "],
  // How (to): 怎么样, 怎样, 咋样, 咋, 如何 → 怎么.
  [/怎么样|怎样|咋样|咋|如何/gu, "怎么"],
  // Why / what / when: 为啥, 为何 → 为什么; 啥, 甚么 → 什么; 几时, 何时 → 什么时候.
  [/为啥|为何/gu, "为什么"],
  [/啥|甚么/gu, "什么"],
  [/几时|何时/gu, "什么时候"],
  // How long: 多长时间, 多少天, 多少时间, 几天 (not 好几天 / 这几天 / 几天前: "several days", "these days") → 多久.
  [/多长时间|多少天|多少时间|(?<![好这那前过十几])几天(?!前|后|内)/gu, "多久"],
  // Where: 哪儿, 哪 (not 哪个 / 哪些 / 哪种 …, which mean "which") → 哪里.
  [/哪儿|哪(?![里个些种位天家样款])/gu, "哪里"],
  // Can / may: 能不能, 可不可以, 能否, 可否, 可以 → 能.
  [/能不能|可不可以|能否|可否|可以/gu, "能"],
  // A-not-A question tail: "能退不？", "发货了没" — the final 不 / 没(有) is a question particle.
  [new RegExp(`(?<=${HAN})(?:不|没有|没)(?=$|[\\p{P}\\s])`, "gu"), " "],
];

/**
 * Rewrite colloquial Chinese question words to one canonical form (咋/怎样/如何 → 怎么, 啥 → 什么,
 * 能不能/可以 → 能, 哪儿 → 哪里, 咋办 → 怎么, …) and drop the sentence-final 不/没 of A-not-A
 * questions and hedges like 大概, after folding Traditional characters to Simplified
 * (`toSimplified`). Expects normalised text (`normalizeText`); text without Han characters is
 * returned unchanged.
 */
export function canonicalizeChinese(text: string): string {
  let out = toSimplified(text);
  for (const [pattern, replacement] of REWRITES) out = out.replace(pattern, replacement);
  return out;
}
