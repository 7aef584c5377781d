import { tokenize } from "../text";
import { indexText } from "./knowledge-index";
import { type RetrievalDoc } from "./types";

function bigrams(terms: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + 1 < terms.length; i++) out.add(`${terms[i]} ${terms[i + 1]}`);
  return out;
}

/**
 * Share of the query's adjacent term pairs (after stop words are dropped) that also occur
 * adjacently in the chunk, in [0, 1]: word order evidence that bag-of-words scores ignore.
 * 0 for queries of fewer than two terms.
 */
export function phraseMatch(query: string, doc: Pick<RetrievalDoc, "text" | "headingPath">): number {
  const q = bigrams(tokenize(query));
  if (q.size === 0) return 0;
  const d = bigrams(tokenize(indexText(doc)));
  let hits = 0;
  for (const pair of q) if (d.has(pair)) hits++;
  return hits / q.size;
}
