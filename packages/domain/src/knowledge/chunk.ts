export interface KnowledgeChunk {
  text: string;
  /** Headings enclosing the chunk, outermost first. */
  headingPath: string[];
}

export interface ChunkMarkdownOptions {
  /** Upper bound on a chunk's length in characters (default 800). */
  maxChars?: number;
  /** Pieces shorter than this are merged with their neighbours in the same section (default 120). */
  minChars?: number;
}

export interface FaqEntryInput {
  question: string;
  alternatives?: readonly string[];
  answer: string;
}

export interface FaqChunk {
  /** One phrasing of the question. */
  text: string;
  /** The entry's answer, the same for every phrasing. */
  answer: string;
}

const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const FENCE = /^\s*(```|~~~)/;
const LIST_ITEM = /^\s{0,3}(?:[-*+]|\d{1,9}[.)])\s+/;
const SETEXT = /^\s{0,3}(=+|-+)\s*$/;

interface Block {
  text: string;
  headingPath: string[];
}

/** Split text into sentences: Chinese enders (。！？；…) always, Latin ". ! ?" before whitespace. */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  const chars = [...text];
  let buffer = "";
  const flush = (): void => {
    if (buffer.trim()) out.push(buffer.trim());
    buffer = "";
  };
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] ?? "";
    buffer += ch;
    const next = chars[i + 1];
    if (ch === "\n") flush();
    else if (ZH_ENDERS.has(ch) || (LATIN_ENDERS.has(ch) && (next === undefined || /\s/.test(next)))) {
      // Keep runs of enders and closing quotes with the sentence they end.
      while (i + 1 < chars.length && (ZH_ENDERS.has(chars[i + 1] ?? "") || CLOSERS.has(chars[i + 1] ?? ""))) {
        buffer += chars[++i] ?? "";
      }
      flush();
    }
  }
  flush();
  return out;
}

const ZH_ENDERS = new Set(["。", "！", "？", "；", "…"]);
const LATIN_ENDERS = new Set([".", "!", "?", ";"]);
const CLOSERS = new Set(["”", "」", "』", '"', "'", ")", "）"]);

function hardSplit(text: string, maxChars: number): string[] {
  const out: string[] = [];
  const chars = [...text];
  for (let i = 0; i < chars.length; i += maxChars) out.push(chars.slice(i, i + maxChars).join(""));
  return out;
}

/** Split one block so that no piece exceeds maxChars: by sentences, then by words, then by force. */
function splitLong(text: string, maxChars: number): string[] {
  if (text.length <= maxChars) return [text];
  const pieces: string[] = [];
  let current = "";
  const sep = (a: string, b: string): string =>
    a && !/[\p{Script=Han}。！？；，]$/u.test(a) && !/^[\p{Script=Han}]/u.test(b) ? " " : "";
  const push = (s: string): void => {
    if (!current) current = s;
    else if (current.length + sep(current, s).length + s.length <= maxChars) current += sep(current, s) + s;
    else {
      pieces.push(current);
      current = s;
    }
  };
  for (const sentence of splitSentences(text)) {
    if (sentence.length <= maxChars) push(sentence);
    else {
      const words = sentence.split(/(?<=[\s，,、])/u);
      for (const w of words) {
        if (w.length <= maxChars) push(w.trim() || w);
        else for (const h of hardSplit(w, maxChars)) push(h);
      }
    }
  }
  if (current) pieces.push(current);
  return pieces.map((p) => p.trim()).filter(Boolean);
}

function parseBlocks(markdown: string): Block[] {
  const lines = markdown.replace(/\r\n?/g, "\n").split("\n");
  const blocks: Block[] = [];
  const headings: { level: number; text: string }[] = [];
  let buffer: string[] = [];
  let inFence = false;
  const path = (): string[] => headings.map((h) => h.text);
  const flush = (): void => {
    const text = buffer.join("\n").trim();
    if (text) blocks.push({ text, headingPath: path() });
    buffer = [];
  };
  const setHeading = (level: number, text: string): void => {
    while (headings.length && (headings[headings.length - 1]?.level ?? 0) >= level) headings.pop();
    if (text) headings.push({ level, text });
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (FENCE.test(line)) {
      if (!inFence) flush();
      inFence = !inFence;
      buffer.push(line);
      if (!inFence) flush();
      continue;
    }
    if (inFence) {
      buffer.push(line);
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      flush();
      setHeading(heading[1]?.length ?? 1, (heading[2] ?? "").trim());
      continue;
    }
    const next = lines[i + 1];
    if (buffer.length === 0 && line.trim() && next !== undefined && SETEXT.exec(next) && !LIST_ITEM.test(line)) {
      setHeading(next.trim().startsWith("=") ? 1 : 2, line.trim());
      i++;
      continue;
    }
    if (!line.trim()) {
      flush();
      continue;
    }
    if (LIST_ITEM.test(line)) flush();
    buffer.push(line);
  }
  flush();
  return blocks;
}

/**
 * Split Markdown along its structure — headings, paragraphs, list items, code fences — keeping
 * each piece's heading path. Long pieces are split on sentence enders (Chinese 。！？； included),
 * tiny neighbours in the same section are merged, and no chunk exceeds maxChars.
 */
export function chunkMarkdown(markdown: string, options: ChunkMarkdownOptions = {}): KnowledgeChunk[] {
  const maxChars = Math.max(20, options.maxChars ?? 800);
  const minChars = Math.min(options.minChars ?? 120, maxChars);
  const pieces: Block[] = [];
  for (const block of parseBlocks(markdown)) {
    for (const text of splitLong(block.text, maxChars)) pieces.push({ text, headingPath: block.headingPath });
  }

  const chunks: KnowledgeChunk[] = [];
  const samePath = (a: string[], b: string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
  let previous = "";
  for (const piece of pieces) {
    const last = chunks[chunks.length - 1];
    // A chunk is shown as Markdown (an answer quotes it): text after a list item needs a blank
    // line, or it reads as part of the item.
    const joint = LIST_ITEM.test(previous) && !LIST_ITEM.test(piece.text) ? "\n\n" : "\n";
    if (
      last &&
      samePath(last.headingPath, piece.headingPath) &&
      (last.text.length < minChars || piece.text.length < minChars) &&
      last.text.length + joint.length + piece.text.length <= maxChars
    ) {
      last.text = `${last.text}${joint}${piece.text}`;
    } else {
      chunks.push({ text: piece.text, headingPath: [...piece.headingPath] });
    }
    previous = piece.text;
  }
  return chunks;
}

/** One chunk per phrasing of an FAQ entry (question first, then alternatives, de-duplicated). */
export function faqChunks(entry: FaqEntryInput): FaqChunk[] {
  const seen = new Set<string>();
  const out: FaqChunk[] = [];
  for (const phrasing of [entry.question, ...(entry.alternatives ?? [])]) {
    const text = phrasing.trim();
    const key = text.normalize("NFKC").toLowerCase();
    if (!text || seen.has(key)) continue;
    seen.add(key);
    out.push({ text, answer: entry.answer });
  }
  return out;
}
