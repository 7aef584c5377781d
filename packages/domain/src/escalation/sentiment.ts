import { hasCjk, normalizeText } from "../text";

/**
 * Lexicon-based sentiment for escalation, Chinese + English (documented in docs/escalation.md).
 *
 * How it scores: every lexicon hit has a weight (negative words < 0, a few positive words > 0).
 * An intensifier just before a hit ("very", "so", "太", "非常") multiplies it by 1.5; a negator
 * just before it ("not", "never", "不", "没") flips a positive word to negative and weakens a
 * negative one to a mild positive ("not bad"). Overlapping hits keep the longest ("不满意" wins
 * over "满意"). A message is "negative" when the total is <= NEGATIVE_THRESHOLD and "abusive"
 * when it contains any insult or profanity (negation does not excuse those).
 *
 * Limits: no sarcasm ("great, just great"), no context across messages, no spelling variants
 * beyond the listed ones, small vocabulary (~150 entries), and Chinese negation is only
 * recognised directly before a word (an intensifier may sit between).
 */
export const NEGATIVE_THRESHOLD = -1;

type Entry = [pattern: string, weight: number];

// English entries are regex fragments matched on whole words.
const EN_NEGATIVE: Entry[] = [
  ["angry", -1.5], ["annoy(?:ed|ing)", -1], ["frustrat(?:ed|ing)", -1.5], ["upset", -1], ["mad", -1],
  ["furious", -2], ["terrible", -1.5], ["awful", -1.5], ["horrible", -1.5], ["useless", -1.5],
  ["worst", -2], ["ridiculous", -1.5], ["unacceptable", -2], ["disappoint(?:ed|ing)", -1.5],
  ["hate", -1.5], ["sucks?", -1.5], ["broken", -1], ["scam(?:med)?", -2], ["rip[- ]?off", -2],
  ["pathetic", -2], ["waste of (?:my )?time", -1.5], ["disgust(?:ed|ing)", -2], ["incompetent", -2],
  ["fed up", -1.5], ["sick of", -1.5], ["nonsense", -1], ["joke", -0.5], ["poor", -1], ["bad", -1],
  ["complain(?:t)?", -1], ["lawyer", -1.5], ["sue", -1.5], ["never again", -1.5], ["crap(?:py)?", -1.5],
  ["damn", -1], ["stupid", -2], ["dumb", -1.5], ["wtf", -1.5], ["unhappy", -1.5], ["not working", -1], ["doesn't work", -1],
];
const EN_POSITIVE: Entry[] = [
  ["good", 1], ["great", 1], ["happy", 1], ["satisfied", 1], ["helpful", 1], ["thanks?", 0.5],
  ["thank you", 0.5], ["love", 1], ["perfect", 1], ["excellent", 1], ["awesome", 1], ["fine", 0.5],
];
const EN_ABUSIVE = [
  "fuck\\w*", "f\\*+k\\w*", "shit\\w*", "bullshit", "idiot\\w*", "moron\\w*", "dumbass",
  "ass ?hole\\w*", "bastard\\w*", "bitch\\w*", "retard\\w*", "shut up", "screw you", "piss off", "cunt\\w*",
  "dickhead", "jerk",
];
const EN_INTENSIFIERS = /\b(?:very|so|really|extremely|totally|absolutely|completely|utterly|super|too)\s+$/u;
const EN_NEGATORS = /\b(?:not|never|no|don't|doesn't|didn't|isn't|wasn't|aren't|ain't|hardly)\s+(?:\S+\s+)?$/u;

// Chinese entries are matched as substrings (with lookarounds to skip innocent compounds).
const ZH_NEGATIVE: Entry[] = [
  ["生气", -1.5], ["气死", -2], ["愤怒", -2], ["失望", -1.5], ["太差", -1.5], ["很差", -1.5], ["真差", -1.5],
  ["差劲", -1.5], ["差评", -1.5], ["垃圾(?!分类|桶|袋|邮件|短信|箱)", -2], ["(?:太|真|好|很)烂", -1.5], ["烂透", -2],
  ["糟糕", -1.5], ["无语", -1], ["投诉", -1.5], ["骗子", -2], ["骗人", -2], ["坑人", -2], ["坑爹", -2], ["被坑", -2],
  ["恶心", -2], ["受不了", -1.5], ["不满意", -1.5], ["不满(?!\\s*[\\d一二两三四五六七八九十百千万半])", -1.5], ["离谱", -1.5], ["(?<!还)没用(?!过)", -1.5], ["浪费时间", -1.5],
  ["崩溃", -1.5], ["烦死", -2], ["烦人", -1.5], ["着急", -1], ["郁闷", -1], ["搞什么", -1.5], ["什么破", -1.5],
  ["破玩意", -2], ["忍无可忍", -2], ["退款", -0.5], ["不靠谱", -1.5], ["太慢", -1], ["上当", -1.5],
];
const ZH_POSITIVE: Entry[] = [
  ["满意", 1], ["谢谢", 0.5], ["感谢", 0.5], ["好用", 1], ["不错", 1], ["开心", 1], ["喜欢", 1], ["靠谱", 1], ["方便", 0.5],
];
const ZH_ABUSIVE = [
  "傻逼", "傻b", "煞笔", "沙比", "(?<![a-z])sb(?![a-z])", "妈的", "他妈", "tmd", "草泥马", "(?<![体早出节情])操(?!作|心|场|练|控|纵|持|办|守|盘)",
  "(?<![翻打])滚(?!动|屏|轮|筒|烫|开水|瓜|雪球)", "白痴", "弱智", "脑残", "废物", "去死", "狗屎", "混蛋", "王八蛋", "贱人", "神经病",
];
const ZH_INTENSIFIERS = /(?:非常|很|太|特别|超|真|极其|十分|好|超级|实在|简直)$/u;
const ZH_NEGATORS = /(?:不|没|没有|别|并不|不太|未)$/u;

export type SentimentLevel = "abusive" | "negative" | "neutral" | "positive";

export interface SentimentResult {
  level: SentimentLevel;
  score: number;
  /** The lexicon words that were found (for explanations). */
  hits: string[];
}

interface Hit {
  start: number;
  end: number;
  weight: number;
  abusive: boolean;
}

const compile = (source: string, latin: boolean): RegExp =>
  new RegExp(latin ? `(?<![\\p{L}\\p{N}])(?:${source})(?![\\p{L}\\p{N}])` : source, "gu");

const LEXICON: { re: RegExp; weight: number; abusive: boolean; zhOnly: boolean }[] = [
  ...EN_NEGATIVE.map(([p, w]) => ({ re: compile(p, true), weight: w, abusive: false, zhOnly: false })),
  ...EN_POSITIVE.map(([p, w]) => ({ re: compile(p, true), weight: w, abusive: false, zhOnly: false })),
  ...EN_ABUSIVE.map((p) => ({ re: compile(p, true), weight: -3, abusive: true, zhOnly: false })),
  ...ZH_NEGATIVE.map(([p, w]) => ({ re: compile(p, false), weight: w, abusive: false, zhOnly: false })),
  ...ZH_POSITIVE.map(([p, w]) => ({ re: compile(p, false), weight: w, abusive: false, zhOnly: false })),
  // "sb"/"tmd" are only insults in Chinese chat; in English "sb" can mean "somebody".
  ...ZH_ABUSIVE.map((p) => ({ re: compile(p, false), weight: -3, abusive: true, zhOnly: /^[(a-z]/.test(p) })),
];

export function analyzeSentiment(raw: string): SentimentResult {
  const text = normalizeText(raw);
  const zh = hasCjk(text);
  const found: Hit[] = [];
  for (const entry of LEXICON) {
    if (entry.zhOnly && !zh) continue;
    for (const m of text.matchAll(entry.re)) {
      found.push({ start: m.index, end: m.index + m[0].length, weight: entry.weight, abusive: entry.abusive });
    }
  }
  // Longest hit first; drop any hit overlapping one already kept.
  found.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: Hit[] = [];
  for (const hit of found) if (!kept.some((k) => hit.start < k.end && k.start < hit.end)) kept.push(hit);
  kept.sort((a, b) => a.start - b.start);

  let score = 0;
  let abusive = false;
  for (const hit of kept) {
    const before = text.slice(0, hit.start);
    const isCjkHit = hasCjk(text.slice(hit.start, hit.end));
    let weight = hit.weight;
    if (hit.abusive) abusive = true;
    else {
      if ((isCjkHit ? ZH_INTENSIFIERS : EN_INTENSIFIERS).test(before)) weight *= 1.5;
      const negated = (isCjkHit ? ZH_NEGATORS : EN_NEGATORS).test(isCjkHit ? before.replace(ZH_INTENSIFIERS, "") : before);
      if (negated) weight = weight > 0 ? -weight : -weight * 0.5;
    }
    score += weight;
  }
  const rounded = Math.round(score * 100) / 100;
  const level: SentimentLevel = abusive ? "abusive" : rounded <= NEGATIVE_THRESHOLD ? "negative" : rounded >= 1 ? "positive" : "neutral";
  return { level, score: rounded, hits: kept.map((h) => text.slice(h.start, h.end)) };
}
