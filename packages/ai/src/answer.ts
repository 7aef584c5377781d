import {
  answerConfidence,
  answerDecision,
  DEFAULT_THRESHOLDS,
  detectLanguage,
  HybridRetriever,
  offeredEntries,
  splitSentences,
  type AnswerDecision,
  type AnswerThresholds,
  type RetrievalDoc,
  type RetrievalHit,
  type Suggestion,
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
  /**
   * "answer": answered with a citation; "suggest": not sure, the text says so and `suggestions`
   * lists the entries offered instead; "decline": "I don't know".
   */
  decision: AnswerDecision;
  /** The "did you mean" choices of a "suggest" decision (else empty), best first. */
  suggestions: Suggestion[];
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
  /** The confidence an answer needed (`thresholds.answer`). */
  threshold: number;
  /** The thresholds the decision was made with. */
  thresholds: AnswerThresholds;
  /** Who wrote the text: the extractive answerer ("builtin") or a remote chat model ("llm"). */
  provider?: "builtin" | "llm";
  /** Shown with the answer when it took an unusual path (e.g. the AI model failed: quoted instead). */
  notice?: string;
}

export interface AnswerFromKnowledgeInput {
  question: string;
  /** The question whose topic counts when it was rewritten before the search (standalone, from the last turns). */
  topic?: string;
  /** The chunks to answer from, or a retriever already built over them. */
  docs: readonly RetrievalDoc[] | HybridRetriever;
  /** Language of the reply; detected from the question when omitted. */
  language?: AnswerLanguage;
  /** Where answering and suggesting start (default DEFAULT_THRESHOLDS: the product's defaults). */
  thresholds?: AnswerThresholds;
  /**
   * This question's retrieval and decision, already made by `answerFromKnowledge` with the same
   * docs, language and thresholds (the one the handoff rules saw): used as it is, so a question
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

export const NOT_SURE_TEXT: Readonly<Record<AnswerLanguage, string>> = {
  en: "I'm not sure I understood. Did you mean one of these?",
  zh: "我不太确定您想问的是哪一个，您是想问下面这些问题吗？",
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
 * answer (FAQ) or passage (documents) with a citation. In the band below that ("suggest") it does
 * not assert anything: it says it is not sure and offers the nearest entries to choose from;
 * below the band it says "I don't know" in the reply language. Nothing is generated, so nothing
 * can be invented.
 */
export function answerFromKnowledge(input: AnswerFromKnowledgeInput): KnowledgeAnswer {
  if (input.decided) return input.decided;
  const language = input.language ?? detectLanguage(input.question);
  const thresholds = input.thresholds ?? DEFAULT_THRESHOLDS;
  const retriever = input.docs instanceof HybridRetriever ? input.docs : new HybridRetriever(input.docs);
  const hits = retriever.retrieve(input.question, RANKING_SIZE);
  const confidence = answerConfidence(input.question, hits, { nearNeighbours: thresholds.calibrated === true });
  const ranking = hits.map((hit) => ({ sourceId: hit.doc.sourceId, score: hit.score }));
  const top = hits[0];
  const base = { confidence, ranking, evidence: hits, threshold: thresholds.answer, thresholds };
  const asked = input.topic ?? input.question;
  let decision =
    top && top.doc.answer.trim()
      ? answerDecision(confidence, thresholds, { question: asked, matched: top.doc.text, familiar: retriever.familiarShare(asked) })
      : "decline";
  const suggestions = offeredEntries(hits, decision);
  if (decision === "suggest" && suggestions.length === 0) decision = "decline";
  if (decision === "answer" && top) {
    // With related questions: runner-ups close to the answer, one click away if it was not the one.
    return { ...base, answered: true, decision, suggestions, text: top.doc.answer.trim(), citations: [citationFor(top.doc)] };
  }
  if (decision === "suggest") return { ...base, answered: false, decision, suggestions, text: NOT_SURE_TEXT[language], citations: [] };
  return { ...base, answered: false, decision: "decline", suggestions: [], text: DONT_KNOW_TEXT[language], citations: [] };
}

/**
 * The answer of one chosen entry (a "did you mean" choice): its passage that best matches the
 * question, quoted with its citation, as a confident answer would be. `docs` are that entry's
 * chunks only; `confidence` is the one the choice was offered with.
 */
export function answerFromSource(input: { question: string; docs: readonly RetrievalDoc[]; confidence: number; thresholds?: AnswerThresholds }): KnowledgeAnswer | null {
  const docs = input.docs.filter((d) => d.answer.trim());
  if (docs.length === 0) return null;
  const thresholds = input.thresholds ?? DEFAULT_THRESHOLDS;
  const found = new HybridRetriever(docs).retrieve(input.question, 1);
  // A question sharing nothing with the entry still gets its first passage.
  const hits = found.length > 0 ? found : [{ doc: docs[0]!, score: 0, lexicalScore: 0, vectorScore: 0, coverage: 0, sourceCoverage: 0, centroidScore: 0, classifierScore: null }];
  const best = hits[0]!.doc;
  return {
    answered: true,
    decision: "answer",
    suggestions: [],
    text: best.answer.trim(),
    citations: [citationFor(best)],
    confidence: input.confidence,
    ranking: [{ sourceId: best.sourceId, score: hits[0]!.score }],
    evidence: hits,
    threshold: thresholds.answer,
    thresholds,
  };
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
