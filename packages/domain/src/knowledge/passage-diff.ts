import { chunkMarkdown } from "./chunk";

/** What a re-sync changed, counted in passages (the units the bot answers from). */
export interface PassageChange {
  added: number;
  removed: number;
  unchanged: number;
}

/** A passage's identity for comparison: its heading path and text, whitespace-normalised. */
function passageKey(headingPath: readonly string[], text: string): string {
  return [...headingPath, text].join("\n").replace(/\s+/g, " ").trim();
}

/** The passages a document would be split into, as comparable keys (same chunker as ingestion). */
export function passageKeys(markdown: string): string[] {
  return chunkMarkdown(markdown).map((c) => passageKey(c.headingPath, c.text));
}

/**
 * Compares two versions of a document passage by passage, as multisets: a
 * passage that moved is unchanged, a passage repeated twice counts twice, an
 * edited passage counts as one removed and one added.
 */
export function diffPassages(before: readonly string[], after: readonly string[]): PassageChange {
  const remaining = new Map<string, number>();
  for (const key of before) remaining.set(key, (remaining.get(key) ?? 0) + 1);
  let unchanged = 0;
  for (const key of after) {
    const left = remaining.get(key) ?? 0;
    if (left > 0) {
      unchanged++;
      remaining.set(key, left - 1);
    }
  }
  return { added: after.length - unchanged, removed: before.length - unchanged, unchanged };
}

/** diffPassages over two Markdown texts. */
export function diffDocuments(before: string, after: string): PassageChange {
  return diffPassages(passageKeys(before), passageKeys(after));
}
