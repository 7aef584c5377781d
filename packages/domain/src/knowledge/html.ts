/**
 * Turns a web page into Markdown the chunker understands: headings, paragraphs
 * and list items kept; scripts, styles, navigation and markup dropped.
 * Deliberately small: a tenant's help pages, not arbitrary web apps.
 */
const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (match, entity: string) => {
    if (entity[0] === "#") {
      const code = entity[1]?.toLowerCase() === "x" ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      if (!Number.isFinite(code) || code <= 0 || code >= 0x110000) return match;
      // A reference to a surrogate ("&#xD800;") is U+FFFD, as in browsers: a lone surrogate is not
      // text, and Postgres cannot store it.
      return code >= 0xd800 && code <= 0xdfff ? "\uFFFD" : String.fromCodePoint(code);
    }
    return ENTITIES[entity.toLowerCase()] ?? match;
  });
}

const inline = (html: string) => decodeEntities(html.replace(/<[^>]+>/g, "")).replace(/\s+/g, " ").trim();

export function htmlToMarkdown(html: string): { title: string; markdown: string } {
  const titleMatch = html.match(/<title[^>]*>([\s\S]*?)<\/title>/i);
  let body = html.match(/<body[^>]*>([\s\S]*)<\/body>/i)?.[1] ?? html;
  body = body
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<(script|style|noscript|template|svg|nav|header|footer|form|iframe)\b[\s\S]*?<\/\1>/gi, "");
  const main = body.match(/<(main|article)\b[^>]*>([\s\S]*?)<\/\1>/i)?.[2] ?? body;
  const blocks: string[] = [];
  const pattern = /<(h[1-6]|p|li|blockquote|pre|td|th|dt|dd)\b[^>]*>([\s\S]*?)<\/\1>/gi;
  for (const match of main.matchAll(pattern)) {
    const tag = match[1]!.toLowerCase();
    const text = tag === "pre" ? decodeEntities(match[2]!.replace(/<[^>]+>/g, "")).trim() : inline(match[2]!);
    if (!text) continue;
    if (tag[0] === "h") blocks.push(`${"#".repeat(Number(tag[1]))} ${text}`);
    else if (tag === "li") blocks.push(`- ${text}`);
    else if (tag === "pre") blocks.push("```\n" + text + "\n```");
    else blocks.push(text);
  }
  // Pages without block markup: fall back to the text with line breaks kept.
  const markdown = blocks.length
    ? blocks.join("\n\n")
    : decodeEntities(main.replace(/<br\s*\/?>/gi, "\n").replace(/<[^>]+>/g, " "))
        .split("\n")
        .map((l) => l.replace(/\s+/g, " ").trim())
        .filter(Boolean)
        .join("\n\n");
  return { title: titleMatch ? inline(titleMatch[1]!) : "", markdown };
}
