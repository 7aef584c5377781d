// Stop words: function words that carry no topic. Negations ("not", "no", "never") are kept on
// purpose — in customer service "card not working" and "card working" are different questions.

export const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set(
  (
    "a about above after again against all am an and any are as at be because been before being below " +
    "between both but by could did do does doing down during each few for from further had has have having " +
    "he her here hers herself him himself his i if in into is it its itself just me more most my myself " +
    "nor of off on once only or other ought our ours ourselves out over own same she should so some such " +
    "than that the their theirs them themselves then there these they this those through to too under " +
    "until up very was we were what which while who whom with would you your yours yourself yourselves " +
    "s t d ll m re ve also let please pls plz hi hello hey thanks thank u ur im"
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
