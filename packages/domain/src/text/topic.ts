// A question with no topic ("多久？", "how long?", "可以吗", "what about it") says what kind of
// answer it wants but not about what. Retrieval still finds entries that share its question word,
// and when one of them is the only entry with that word the match looks complete: "多久" alone
// was answered with the warranty entry at a confident 0.42. Such a question is never answered
// outright; at best the entries it matched are offered ("did you mean").
import { canonicalizeChinese } from "./colloquial";
import { CHINESE_COLLOQUIAL_STOP_WORDS, CHINESE_STOP_WORDS, ENGLISH_STOP_WORDS } from "./stopwords";
import { normalizeText } from "./tokenize";

/** Closed-class Chinese words that ask rather than name (after `canonicalizeChinese`), longest first. */
const CHINESE_QUESTION_WORDS = (
  "什么时候 为什么 是不是 有没有 要不要 会不会 多长 多久 多少 怎么 什么 哪里 哪个 哪些 哪种 几天 几个 " +
  "需要 应该 能 会 行 好 几 谁 呢 吗 吧 么 啊 呀 嘛 了 的 得 还 再 又 都 也 就 才"
).split(" ");

/** English question words, modals, pronouns and fillers: with the stop words, they carry no topic. */
const ENGLISH_NON_TOPIC = new Set(
  (
    "how what when where why which who whom whose long much many often soon " +
    "can could would will shall should may might must need needs want wants " +
    "i me my mine we us our you your yours he him his she her they them their " +
    "hi hello hey thanks thank ok okay yes no sure again still anything something it's that's what's " +
    "there's isn't don't doesn't can't won't get got"
  ).split(" "),
);

/** True when, once its question words, particles and punctuation are gone, nothing is left to be about. */
export function hasNoTopic(question: string): boolean {
  let rest = canonicalizeChinese(normalizeText(question));
  for (const word of CHINESE_QUESTION_WORDS) rest = rest.split(word).join(" ");
  for (const word of [...CHINESE_STOP_WORDS, ...CHINESE_COLLOQUIAL_STOP_WORDS]) rest = rest.split(word).join(" ");
  if (/\p{Script=Han}/u.test(rest)) return false;
  const words = rest.match(/[\p{L}\p{N}']+/gu) ?? [];
  return words.every((w) => ENGLISH_STOP_WORDS.has(w) || ENGLISH_NON_TOPIC.has(w) || /^\d+$/.test(w));
}
