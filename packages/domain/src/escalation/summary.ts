import { normalizeText, tokenize } from "../text";
import { visitorAsksForHuman } from "./asks-human";

/**
 * Extractive handoff summary (the offline provider's; an LLM provider may generate one instead):
 * what the visitor wants = what is still open when they reach a person: their latest message the
 * bot did not answer (plus an earlier, fuller description of the same unanswered problem), quoted;
 * questions the bot did answer are not what they want now. What the bot tried = its answers (first
 * sentence and cited sources) and the questions it could not answer.
 */
export interface TranscriptEntry {
  role: "visitor" | "bot" | "agent" | "system";
  text: string;
  citations?: readonly { title: string }[];
  /** For bot messages: false when the bot declined (no confident answer). */
  answered?: boolean;
}

export interface HandoffSummary {
  wants: string;
  tried: string[];
}

const MAX_QUOTE = 160;
const MAX_TRIED = 5;

// Words that carry no information about the visitor's problem (greetings, asking for a human).
const FILLER = new Set([
  "hi", "hello", "hey", "human", "agent", "person", "real", "talk", "speak", "someon", "somebodi", "pleas", "thank",
  "help", "want", "need", "now", "ok", "okay", "repres", "represent", "oper", "live",
  "你好", "您好", "在吗", "在", "人工", "客服", "转", "真人", "谢谢", "谢你", "请", "帮", "帮忙", "找", "要", "一下", "吗", "呢", "服务",
]);

function informativeness(text: string): number {
  // The request for a human itself says nothing about the problem.
  const ask = visitorAsksForHuman(text);
  const rest = ask.asked && ask.phrase ? normalizeText(text).replace(ask.phrase, " ") : text;
  const terms = new Set(tokenize(rest, { stem: true, removeStopWords: true }));
  let score = 0;
  // Single Chinese characters (#好) are retrieval's fallback units, not words that say what the problem is.
  for (const t of terms) if (!FILLER.has(t) && !t.startsWith("#") && !/^\p{P}+$/u.test(t)) score++;
  return score;
}

function clip(text: string): string {
  const clean = text.replace(/\s+/g, " ").trim();
  return clean.length > MAX_QUOTE ? `${clean.slice(0, MAX_QUOTE - 1)}…` : clean;
}

function firstSentence(text: string): string {
  const m = /^[\s\S]*?(?:[。！？]|[.!?](?=\s|$))/u.exec(text.trim());
  return clip(m ? m[0] : text);
}

const quoted = (text: string, zh: boolean) => (zh ? `“${text}”` : `"${text}"`);

/** Whether the bot answered the visitor message at `index` (before the visitor wrote again). */
function answeredAfter(transcript: readonly TranscriptEntry[], index: number): boolean {
  for (const entry of transcript.slice(index + 1)) {
    if (entry.role === "visitor") return false;
    if (entry.role === "bot" && entry.answered !== false && entry.text.trim()) return true;
  }
  return false;
}

export function handoffSummary(transcript: readonly TranscriptEntry[], language: "en" | "zh"): HandoffSummary {
  const zh = language === "zh";
  const visitor = transcript
    .map((entry, index) => ({ entry, index }))
    .filter(({ entry }) => entry.role === "visitor" && entry.text.trim())
    .map(({ entry, index }) => ({ index, text: entry.text, score: informativeness(entry.text) }))
    .filter((m) => m.score > 0);

  let wants: string;
  if (visitor.length === 0) {
    wants = zh ? "访客要求人工服务，但没有说明具体问题。" : "The visitor asked for a human without describing the problem.";
  } else {
    // Still open: no bot answer followed before the visitor's next message (a decline, a "did you
    // mean", or the message that brought the handoff). All answered: the latest one.
    const open = visitor.filter((m) => !answeredAfter(transcript, m.index));
    const pool = open.length > 0 ? open : visitor;
    const latest = pool[pool.length - 1]!;
    const picked = [latest];
    // "Still broken" after a fuller description: the fuller one goes with it.
    const fuller = pool.filter((m) => m !== latest && m.score > latest.score && clip(m.text) !== clip(latest.text)).sort((a, b) => b.score - a.score || b.index - a.index)[0];
    if (fuller) picked.unshift(fuller);
    wants = picked.map((m) => quoted(clip(m.text), zh)).join(zh ? "；" : " / ");
  }

  const tried: string[] = [];
  let lastQuestion: string | null = null;
  for (const entry of transcript) {
    // A message without words (an image) asked nothing the bot could have answered.
    if (entry.role === "visitor") lastQuestion = entry.text.trim() ? entry.text : null;
    // Greetings before the visitor's first message are not attempts.
    if (entry.role !== "bot" || !entry.text.trim() || lastQuestion === null) continue;
    let line: string;
    if (entry.answered === false) {
      const question = quoted(clip(lastQuestion ?? entry.text), zh);
      line = zh ? `未能回答：${question}` : `Could not answer ${question}`;
    } else {
      const titles = [...new Set((entry.citations ?? []).map((c) => c.title.trim()).filter(Boolean))];
      const sources = titles.length ? (zh ? `（来源：${titles.join("、")}）` : ` (sources: ${titles.join(", ")})`) : "";
      line = zh ? `已回答：${quoted(firstSentence(entry.text), true)}${sources}` : `Answered ${quoted(firstSentence(entry.text), false)}${sources}`;
    }
    if (!tried.includes(line)) tried.push(line);
  }
  return { wants, tried: tried.slice(-MAX_TRIED) };
}
