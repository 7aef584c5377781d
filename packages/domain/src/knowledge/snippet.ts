/** A piece of text around a search match, split so the UI can mark the match without HTML. */
export interface Snippet {
  before: string;
  match: string;
  after: string;
}

/**
 * The first case-insensitive occurrence of `query` in `text` with up to
 * `radius` characters of context either side (cut at word boundaries when
 * there are spaces, marked with "…"), or null when it does not occur.
 */
export function highlightSnippet(text: string, query: string, radius = 60): Snippet | null {
  const needle = query.trim().toLowerCase();
  if (!needle) return null;
  const flat = text.replace(/\s+/g, " ");
  // toLowerCase keeps UTF-16 lengths for the scripts we serve (Latin, CJK), so indexes line up.
  const at = flat.toLowerCase().indexOf(needle);
  if (at === -1) return null;
  let start = Math.max(0, at - radius);
  let end = Math.min(flat.length, at + needle.length + radius);
  if (start > 0) {
    const space = flat.indexOf(" ", start);
    if (space !== -1 && space < at) start = space + 1;
  }
  if (end < flat.length) {
    const space = flat.lastIndexOf(" ", end);
    if (space >= at + needle.length) end = space;
  }
  return {
    before: (start > 0 ? "…" : "") + flat.slice(start, at),
    match: flat.slice(at, at + needle.length),
    after: flat.slice(at + needle.length, end) + (end < flat.length ? "…" : ""),
  };
}
