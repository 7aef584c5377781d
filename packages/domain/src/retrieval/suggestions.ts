import { type RetrievalDoc, type RetrievalHit } from "./types";

/** A knowledge entry offered as a "did you mean" choice: its source and what the visitor reads. */
export interface Suggestion {
  sourceId: string;
  title: string;
}

/** At most this many choices: more is a menu to read, not a quick reply. */
export const MAX_SUGGESTIONS = 3;

/**
 * A runner-up is offered only when its fused score is at least this share of the top hit's:
 * entries far behind the best one are noise the visitor would have to read past. Chosen on the
 * dev sets (eval/README.md) with the answer-or-suggest recall and the suggestion rate.
 */
export const SUGGESTION_SCORE_RATIO = 0.5;

/**
 * Under a confident answer, runner-ups at least this share of the top hit's fused score are offered
 * as related questions: a near neighbour the visitor may have meant instead (knowledge bases of
 * closely related entries, where the first answer is most often wrong). Chosen on the dev sets
 * (docs/benchmarks.md): on near-neighbour knowledge it put the right entry one click away for about
 * half of the wrong answers, while most answers from distinct entries show none.
 */
export const RELATED_SCORE_RATIO = 0.7;

/** At most this many related questions under an answer: the answer is what the visitor reads. */
export const MAX_RELATED = 2;

const TITLE_CHARS = 120;

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  const chars = [...flat];
  return chars.length <= TITLE_CHARS ? flat : `${chars.slice(0, TITLE_CHARS - 1).join("")}…`;
}

/**
 * What a choice shows: an FAQ entry's question (its source title), a document's title with the
 * heading of the matched passage, else the first line of the matched text.
 */
export function suggestionTitle(doc: RetrievalDoc): string {
  const heading = doc.headingPath?.at(-1);
  const parts = [doc.title, heading].filter((p): p is string => !!p?.trim());
  const unique = parts.filter((p, i) => parts.indexOf(p) === i);
  if (unique.length > 0) return shorten(unique.join(" › "));
  return shorten(doc.text.split("\n").find((line) => line.trim()) ?? doc.text);
}

/**
 * The entries to offer when the bot is not sure: distinct sources from the ranking, best first,
 * each with something to answer and a score near the top one's; at most `max`.
 */
export function selectSuggestions(
  hits: readonly RetrievalHit[],
  options: { max?: number; scoreRatio?: number } = {},
): Suggestion[] {
  const { max = MAX_SUGGESTIONS, scoreRatio = SUGGESTION_SCORE_RATIO } = options;
  const top = hits[0];
  if (!top || top.score <= 0) return [];
  const seen = new Set<string>();
  const chosen: Suggestion[] = [];
  for (const hit of hits) {
    if (chosen.length >= max) break;
    if (seen.has(hit.doc.sourceId) || !hit.doc.answer.trim()) continue;
    if (hit.score < top.score * scoreRatio) break;
    seen.add(hit.doc.sourceId);
    chosen.push({ sourceId: hit.doc.sourceId, title: suggestionTitle(hit.doc) });
  }
  return chosen;
}

/**
 * The entries a reply offers under it, by the answer decision: in the "did you mean" band the
 * nearest entries; under an answer the runner-ups close to it, as related questions; nothing when
 * the bot declines. The visitor may choose any of them (chat.chooseSuggestion).
 */
export function offeredEntries(hits: readonly RetrievalHit[], decision: "answer" | "suggest" | "decline"): Suggestion[] {
  if (decision === "suggest") return selectSuggestions(hits);
  if (decision === "decline") return [];
  const answered = hits[0]?.doc.sourceId;
  return selectSuggestions(hits, { max: MAX_RELATED + 1, scoreRatio: RELATED_SCORE_RATIO })
    .filter((s) => s.sourceId !== answered)
    .slice(0, MAX_RELATED);
}
