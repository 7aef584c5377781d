import { type RetrievalDoc } from "./types";

/**
 * An FAQ entry's answer, matched as one more text of the entry. Customers ask in the words the
 * answer uses ("can I pay when it arrives?" → the answer says "cash on delivery"), and an entry
 * written with one phrasing has no other words to match: on the single-phrasing dev sets indexing
 * the answer lifted recall@1 by 0.06–0.12 (docs/benchmarks.md). Lexical evidence only (BM25 and
 * the source classifier): no vector is stored for it, so the hashed-embedding channels and the
 * stored chunks are unchanged.
 */
const ANSWER_SUFFIX = "#answer";

export function isAnswerDoc(doc: Pick<RetrievalDoc, "id">): boolean {
  return doc.id.endsWith(ANSWER_SUFFIX);
}

/**
 * The answer of a source's chunks when they are an FAQ entry's phrasings: they share one answer
 * that none of them contains. A document's passages are their own answers, matched with the
 * title and headings before them (`documentChunkRows`), so each text ends with its answer.
 */
function faqAnswer(chunks: readonly Pick<RetrievalDoc, "text" | "answer">[]): string | undefined {
  const answer = chunks[0]?.answer;
  if (!answer?.trim()) return undefined;
  return chunks.every((c) => c.answer === answer && !c.text.endsWith(answer)) ? answer : undefined;
}

/** One source's chunks, followed by its answer as a chunk of its own when it is an FAQ entry. */
export function withAnswerChunk<C extends Pick<RetrievalDoc, "id" | "text" | "answer">>(sourceId: string, chunks: readonly C[]): (C | Pick<RetrievalDoc, "id" | "text" | "answer">)[] {
  const answer = faqAnswer(chunks);
  return answer === undefined ? [...chunks] : [...chunks, { id: `${sourceId}${ANSWER_SUFFIX}`, text: answer, answer }];
}

/** Every source's chunks with its answer chunk (see `withAnswerChunk`), sources in first-seen order. */
export function withAnswerDocs(docs: readonly RetrievalDoc[]): RetrievalDoc[] {
  const bySource = new Map<string, RetrievalDoc[]>();
  for (const d of docs) {
    const list = bySource.get(d.sourceId);
    if (list) list.push(d);
    else bySource.set(d.sourceId, [d]);
  }
  const out: RetrievalDoc[] = [];
  for (const [sourceId, chunks] of bySource) {
    const answer = faqAnswer(chunks);
    out.push(...chunks);
    if (answer !== undefined) out.push({ ...chunks[0], id: `${sourceId}${ANSWER_SUFFIX}`, sourceId, text: answer, answer, headingPath: undefined, embedding: undefined } as RetrievalDoc);
  }
  return out;
}
