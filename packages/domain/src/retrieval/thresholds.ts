import { hasCjk, hasNoTopic, sharesTopic } from "../text";
import { DEFAULT_ANSWER_THRESHOLD } from "./confidence";

/**
 * The two confidences that split a question's fate: at or above `answer` the bot answers with a
 * citation; from `suggest` up to `answer` it is not sure and offers the best entries as "did you
 * mean" choices; below `suggest` it says it does not know. `suggest <= answer` always.
 */
export interface AnswerThresholds {
  answer: number;
  suggest: number;
  /** Fitted by a calibration: they apply to the confidence that weighs near neighbours (`answerConfidence`). */
  calibrated?: boolean;
}

export type AnswerDecision = "answer" | "suggest" | "decline";

/**
 * Lower edge of the "did you mean" band until a knowledge base is calibrated. Chosen on the dev
 * sets (CLINC150 val, zh-faq dev, BANKING77 dev, AFQMC dev, with and without alternative
 * phrasings): the share of answerable questions whose entry is answered or offered grows by 2 to 26
 * points over answering alone, while 62–85 % of the out-of-scope questions still get "I don't
 * know" (docs/benchmarks.md).
 */
export const DEFAULT_SUGGEST_THRESHOLD = 0.2;

/** Until a knowledge base is calibrated (or when it is too small to be). */
export const DEFAULT_THRESHOLDS: AnswerThresholds = { answer: DEFAULT_ANSWER_THRESHOLD, suggest: DEFAULT_SUGGEST_THRESHOLD };

/**
 * Below the band, a Chinese question is still offered its nearest entries when at least this share
 * of its words occur in the knowledge (`HybridRetriever.familiarShare`) and its confidence is at
 * least `FAMILIAR_SUGGEST_FLOOR`. Colloquial questions about what an FAQ covers (衣服买小了，能换大一码吗
 * to 换货) often match several near entries equally and so score low; questions about something
 * else (天气, 机票, 加盟, 应聘) use words the knowledge never does. Chosen on the dev splits
 * (docs/benchmarks.md); English questions are not judged by it: on intent sets with many phrasings
 * their words are nearly all known, in scope or not.
 */
export const FAMILIAR_SHARE = 0.5;
export const FAMILIAR_SUGGEST_FLOOR = 0.05;

/**
 * `asked`: the question and the text of the chunk it matched best (and `familiar`, the question's
 * `familiarShare` of the knowledge, when known). A question with no topic
 * (`hasNoTopic`: "多久？", "how long?") matching an entry that has one is at most offered the
 * entries it matched, never answered outright, however well its question word matched; small
 * talk answered by an entry of small talk ("hi" → "hello") is answered as usual. Likewise a Chinese
 * question that shares only how it asks with what it matched (`sharesTopic`: 附近有什么好吃的 /
 * 积分有什么用) is offered, not answered.
 */
export function answerDecision(
  confidence: number,
  thresholds: AnswerThresholds,
  asked?: { question: string; matched: string; familiar?: number },
): AnswerDecision {
  if (confidence >= thresholds.answer) {
    if (!asked) return "answer";
    if (hasNoTopic(asked.question) && !hasNoTopic(asked.matched)) return "suggest";
    return sharesTopic(asked.question, asked.matched) ? "answer" : "suggest";
  }
  if (confidence >= Math.min(thresholds.suggest, thresholds.answer)) return "suggest";
  if (asked && (asked.familiar ?? 0) >= FAMILIAR_SHARE && confidence >= FAMILIAR_SUGGEST_FLOOR && hasCjk(asked.question)) return "suggest";
  return "decline";
}
