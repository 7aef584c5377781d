import {
  answerConfidence,
  DEFAULT_ANSWER_THRESHOLD,
  detectLanguage,
  HybridRetriever,
  splitSentences,
  type RetrievalDoc,
  type RetrievalHit,
} from "@kefu/domain";

export type AnswerLanguage = "en" | "zh";

export interface Citation {
  sourceId: string;
  title?: string;
  snippet: string;
}

/** One source in the retrieval ranking behind an answer. */
export interface RankedSource {
  sourceId: string;
  /** Fused retrieval score in [0, 1]. */
  score: number;
}

/** How many sources an answer's `ranking` lists. */
export const RANKING_SIZE = 5;

export interface KnowledgeAnswer {
  /** False when the knowledge base had no confident answer (the text then says so). */
  answered: boolean;
  text: string;
  citations: Citation[];
  /** Retrieval confidence in [0, 1]. */
  confidence: number;
  /**
   * The best sources for the question, best first (at most RANKING_SIZE), whether or not it was
   * answered: the evidence the decision was made on, for evaluation (recall@k, MRR).
   */
  ranking: RankedSource[];
  /** The retrieved hits behind `ranking`, with their passages and score parts (for the playground). */
  evidence: RetrievalHit[];
  /** The confidence an answer needed. */
  threshold: number;
  /** Who wrote the text: the extractive answerer ("builtin") or a remote chat model ("llm"). */
  provider?: "builtin" | "llm";
  /** Shown with the answer when it took an unusual path (e.g. the AI model failed: quoted instead). */
  notice?: string;
}

export interface AnswerFromKnowledgeInput {
  question: string;
  /** The chunks to answer from, or a retriever already built over them. */
  docs: readonly RetrievalDoc[] | HybridRetriever;
  /** Language of the reply; detected from the question when omitted. */
  language?: AnswerLanguage;
  /** Minimum confidence to answer (default DEFAULT_ANSWER_THRESHOLD). */
  threshold?: number;
  /**
   * This question's retrieval and decision, already made by `answerFromKnowledge` with the same
   * docs, language and threshold (the one the handoff rules saw): used as it is, so a question
   * is retrieved and decided once, and the stored answer records that same decision.
   */
  decided?: KnowledgeAnswer;
}

/**
 * `delta` appends text; `replace` discards everything streamed so far and shows `text` instead
 * (a remote model failed mid-answer and the extractive answer takes its place); `done` ends it.
 */
export type AnswerStreamEvent =
  | { type: "delta"; text: string }
  | { type: "replace"; text: string }
  | { type: "done"; answer: KnowledgeAnswer };

export const DONT_KNOW_TEXT: Readonly<Record<AnswerLanguage, string>> = {
  en: "Sorry, I don't know the answer to that from our knowledge base.",
  zh: "抱歉，我在知识库中没有找到这个问题的答案。",
};

const SNIPPET_CHARS = 160;

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  const chars = [...flat];
  return chars.length <= SNIPPET_CHARS ? flat : `${chars.slice(0, SNIPPET_CHARS - 1).join("")}…`;
}

/** The citation of a retrieved chunk: its source, a title when there is one, a short snippet. */
export function citationFor(doc: RetrievalDoc): Citation {
  const title = citationTitle(doc);
  const citation: Citation = { sourceId: doc.sourceId, snippet: snippet(doc.answer) };
  if (title) citation.title = title;
  return citation;
}

function citationTitle(doc: RetrievalDoc): string | undefined {
  if (doc.title) return doc.title;
  if (doc.headingPath?.length) return doc.headingPath.join(" › ");
  // An FAQ chunk's text is a phrasing of the question: a good title when it is not the answer.
  return doc.text !== doc.answer ? doc.text : undefined;
}

/**
 * Extractive answer from a knowledge base: retrieve, and when confident quote the best source's
 * answer (FAQ) or passage (documents) with a citation; otherwise say "I don't know" in the reply
 * language. Nothing is generated, so nothing can be invented.
 */
export function answerFromKnowledge(input: AnswerFromKnowledgeInput): KnowledgeAnswer {
  if (input.decided) return input.decided;
  const language = input.language ?? detectLanguage(input.question);
  const threshold = input.threshold ?? DEFAULT_ANSWER_THRESHOLD;
  const retriever = input.docs instanceof HybridRetriever ? input.docs : new HybridRetriever(input.docs);
  const hits = retriever.retrieve(input.question, RANKING_SIZE);
  const confidence = answerConfidence(input.question, hits);
  const ranking = hits.map((hit) => ({ sourceId: hit.doc.sourceId, score: hit.score }));
  const top = hits[0];
  if (!top || confidence < threshold || !top.doc.answer.trim()) {
    return { answered: false, text: DONT_KNOW_TEXT[language], citations: [], confidence, ranking, evidence: hits, threshold };
  }
  return { answered: true, text: top.doc.answer.trim(), citations: [citationFor(top.doc)], confidence, ranking, evidence: hits, threshold };
}

/** Split a reply into stream-sized pieces: sentences, then words, so that joining restores it. */
export function streamPieces(text: string): string[] {
  const pieces: string[] = [];
  let rest = text;
  for (const sentence of splitSentences(text)) {
    const at = rest.indexOf(sentence);
    if (at < 0) continue;
    const upto = rest.slice(0, at + sentence.length);
    rest = rest.slice(at + sentence.length);
    // Latin sentences stream word by word; CJK sentences are short enough to send whole.
    const words = /[\p{Script=Han}]/u.test(upto) ? [upto] : upto.split(/(?<=\s)/u);
    pieces.push(...words.filter(Boolean));
  }
  if (rest) pieces.push(rest);
  return pieces;
}

/** Streaming variant of `answerFromKnowledge`: text deltas, then the complete answer. */
export async function* streamAnswer(input: AnswerFromKnowledgeInput): AsyncGenerator<AnswerStreamEvent> {
  const answer = answerFromKnowledge(input);
  for (const text of streamPieces(answer.text)) yield { type: "delta", text };
  yield { type: "done", answer };
}
