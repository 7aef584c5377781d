// A bar chart's category under its bar: as much of it as fits the bar's slot (10 px type), so that
// a short list of long names ("Visitor asked for a person") reads whole and a long list does not overlap.

/** Approximate width at 10 px: CJK characters are square, Latin ones about half as wide. */
function charWidth(char: string): number {
  return /[\u2e80-\u9fff\uac00-\ud7af\uff00-\uffef]/u.test(char) ? 10 : 5.6;
}

export function fitLabel(text: string, slotPx: number): string {
  const chars = Array.from(text);
  const width = chars.reduce((sum, c) => sum + charWidth(c), 0);
  if (width <= slotPx) return text;
  let used = charWidth("…");
  let kept = "";
  for (const c of chars) {
    if (used + charWidth(c) > slotPx) break;
    used += charWidth(c);
    kept += c;
  }
  return `${kept.trimEnd()}…`;
}
