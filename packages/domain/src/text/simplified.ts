// Traditional Chinese folded to Simplified before matching.
//
// A visitor from Hong Kong or Taiwan asks "怎麼退貨" of a knowledge base written "怎么退货" (or the
// other way round): every word and character bigram differs, and the question shared two of its
// eighteen terms with the right entry. OpenCC's Traditional → Simplified character and phrase
// tables (opencc-js, its maintained JavaScript port) fold both sides to one script. Its Taiwan
// preset is not used: it also reads Simplified 么 as 幺 and 著 as 着. Regional vocabulary (軟體 /
// 软件) is left alone: rewriting words is the synonym sets' job.
import { Converter } from "opencc-js/t2cn";

let convert: ((text: string) => string) | undefined;
/** Han characters whose Simplified form differs, memoised: most text is Simplified already. */
const traditional = new Map<string, boolean>();
const HAN_G = /\p{Script=Han}/gu;

function converter(): (text: string) => string {
  // Built on first use (about 0.1 s): the tables are not read by callers that never meet Chinese.
  convert ??= Converter({ from: "t", to: "cn" });
  return convert;
}

function isTraditional(char: string): boolean {
  let known = traditional.get(char);
  if (known === undefined) {
    known = converter()(char) !== char;
    traditional.set(char, known);
  }
  return known;
}

/**
 * The text with Traditional Chinese characters and phrases in their Simplified form; text with
 * none (all Simplified, or no Chinese at all) is returned as it is, without running the converter.
 */
export function toSimplified(text: string): string {
  for (const [char] of text.matchAll(HAN_G)) {
    if (isTraditional(char)) return converter()(text);
  }
  return text;
}
