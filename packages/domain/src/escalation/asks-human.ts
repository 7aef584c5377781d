import { normalizeText } from "../text";

/**
 * Recognises a visitor asking for a human, in Chinese and English, from phrase patterns (no
 * model). A match is discarded when a negator sits just before it in the same clause
 * ("I don't want a human", "不用转人工") or when the visitor asks whether the bot is human
 * ("are you a real person?", "你是真人吗"). Limits: sarcasm, double negation ("不是不要人工")
 * and requests phrased without any of these words are not recognised.
 */

const ZH_PATTERNS: RegExp[] = [
  /转人工|转接人工|接人工|找人工|要人工|叫人工|请人工|换人工/u,
  /人工(?:客服|服务|坐席|座席|接待|回复|处理)/u,
  /真人(?:客服|服务|回复)?(?!秀)/u,
  /(?:找|联系|接通|转|要|换)(?:一下|个)?(?:真人|客服(?:人员)?|工作人员)/u,
  /客服(?:人员|电话|热线)/u,
  // "有人吗" after a time ("晚上十点还有人吗") asks about opening hours, not for a person now.
  /(?<!(?:点|晚上|早上|中午|凌晨|半夜|周末|周[六日天]|假期|节假日|春节|过年)[^，,。.;；!！?？]{0,4})(?:有没有|有)人(?:在|吗|工)?(?:吗|么|嘛)/u,
];

const EN_PATTERNS: RegExp[] = [
  /\b(?:talk|speak|chat|connect|transfer|put|get)(?: me)?(?: through)? (?:to|with)(?: an?| the| your| some| one of your)?(?: real| live| actual)? (?:person|human|agent|someone|somebody|representative|rep|operator|staff|people)\b/u,
  /\b(?:talk|speak|chat) (?:to|with) (?:customer service|customer support|support|sales|your team|an? (?:manager|supervisor)|the (?:manager|supervisor))\b/u,
  /\b(?:real|live|actual) (?:person|human|agent|people)\b/u,
  /\bhuman (?:agent|being|support|help|operator)\b/u,
  /\b(?:customer service |customer support |sales )?representative\b/u,
  /\b(?:want|need|like|get|have|give me)(?: to (?:talk|speak) (?:to|with))? (?:an?|the) (?:human|agent|person|operator)\b/u,
];

/** A message that is nothing but the request ("人工", "human please", "agent!"). */
const BARE = /^(?:人工|真人|客服|human|agent|operator|representative)(?: ?(?:please|pls|plz|now|吧|啊|呀|呢|谢谢))*[\s!！?？.。~]*$/u;

// A negator close before the phrase, in the same clause: up to four words (en) or characters (zh).
const EN_NEGATED = /\b(?:don't|dont|do not|doesn't|does not|didn't|no|not|never|without|no need (?:for|to)|rather not|needn't)\b(?: +[^ ,.;!?]+){0,4} *$/u;
const ZH_NEGATED = /(?:不用|不要|不需要|不必|无需|没必要|不想|别|甭)[^，,。.;；!！?？]{0,4}$/u;

const IS_BOT_QUESTION = /\b(?:are|r) (?:you|u) (?:an? )?(?:real )?(?:person|human|bot|robot|ai)\b|(?:你|您)(?:是不是|是)(?:真人|机器人|人工智能|ai)|是真人吗|是机器人吗/u;
const REQUEST_VERB = /转|找|联系|talk|speak|connect|transfer|want|need/u;

const global = (patterns: RegExp[]) => patterns.map((p) => new RegExp(p.source, "gu"));
const SCANS = [
  [global(ZH_PATTERNS), ZH_NEGATED, true],
  [global(EN_PATTERNS), EN_NEGATED, false],
] as const;

export interface AsksHumanResult {
  asked: boolean;
  /** The phrase that was recognised (or negated), for explanations. */
  phrase: string | null;
  negated: boolean;
}

export function visitorAsksForHuman(raw: string): AsksHumanResult {
  const text = normalizeText(raw);
  if (!text) return { asked: false, phrase: null, negated: false };
  if (BARE.test(text)) return { asked: true, phrase: text.replace(/[\s!！?？.。~]+$/u, ""), negated: false };
  // "Are you a real person?" is a question about the bot, not a request, unless a verb asks.
  if (IS_BOT_QUESTION.test(text) && !REQUEST_VERB.test(text)) return { asked: false, phrase: null, negated: false };
  let negatedPhrase: string | null = null;
  for (const [patterns, negated, zh] of SCANS) {
    for (const pattern of patterns) {
      for (const m of text.matchAll(pattern)) {
        // Chinese negators fuse with the verb ("不要人工" matched as "要人工"), so the first
        // character of the match takes part in the negation check.
        const before = text.slice(0, m.index) + (zh ? m[0].charAt(0) : "");
        if (negated.test(before)) {
          negatedPhrase ??= m[0];
          continue;
        }
        return { asked: true, phrase: m[0], negated: false };
      }
    }
  }
  return { asked: false, phrase: negatedPhrase, negated: negatedPhrase !== null };
}
