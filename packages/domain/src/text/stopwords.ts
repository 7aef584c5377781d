// Stop words: only function words that carry no topic. Negations ("not", "no", "never"), question
// words ("how", "when", "why") and pronouns ("my", "your") are kept on purpose: in customer service
// "card not working" vs "card working", or "when will my card arrive" vs "how do I get a card", are
// different questions. Measured: a long stop list lost ~4 points of recall@1 on CLINC150 val.

export const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set(
  (
    "a an the of to in on at for from by with about into onto as than and or nor but so " +
    "is are was were be been being am do does did doing has have had having " +
    "it its this that these those there here then just also very too " +
    "please pls plz s t d ll m re ve"
  ).split(" "),
);

/** Chinese particles, pronouns and politeness fillers that say nothing about the topic. */
export const CHINESE_STOP_WORDS: ReadonlySet<string> = new Set(
  (
    "的 了 吗 呢 吧 啊 呀 哦 嘛 么 哈 啦 喔 噢 嗯 地 得 着 过 和 与 及 或 而 就 都 也 还 又 " +
    "我 你 您 他 她 它 我们 你们 他们 她们 咱们 这 那 这个 那个 这些 那些 " +
    "请问 请 麻烦 一下 我想 想 想要 我要 是 在 有 个 把 被 给 让 对 从 于 " +
    "嗎 呢 麼 這 這個 那個 們 請問 請 麻煩 們"
  ).split(" "),
);

/**
 * Colloquial particles, connectives and fillers, dropped on top of CHINESE_STOP_WORDS when
 * `tokenize` canonicalises colloquial Chinese (see colloquial.ts). "要" (want / need) goes too:
 * "我要退款" and "退款要几天" are about 退款; "不要" is one word and keeps its negation.
 */
export const CHINESE_COLLOQUIAL_STOP_WORDS: ReadonlySet<string> = new Set(
  "呗 咧 嘞 哇 呐 诶 哎 咱 俺 的话 要 可 就是 然后 但是 可是 不过 到底 究竟 是否 那种 这种".split(" "),
);
