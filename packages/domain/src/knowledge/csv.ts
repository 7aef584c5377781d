/**
 * FAQ import from CSV (RFC 4180: quoted fields, doubled quotes, CRLF or LF, a
 * leading BOM). The header names the columns, in English or Chinese:
 * question/问题, answer/答案, and optionally alternatives/其他问法 (phrasings
 * separated by "|" or new lines).
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  const input = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < input.length; i++) {
    const c = input[i]!;
    if (quoted) {
      if (c === '"' && input[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === "") quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && input[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((cell) => cell.trim() !== ""));
}

const COLUMN_NAMES = {
  question: ["question", "问题", "問題", "q"],
  answer: ["answer", "答案", "回答", "a"],
  alternatives: ["alternatives", "alternative questions", "其他问法", "相似问法", "其他問法"],
};

export interface FaqCsvRow {
  /** 1-based line of the row in the file (header = 1), for error messages. */
  line: number;
  question: string;
  alternatives: string[];
  answer: string;
}

export type FaqCsvResult = { ok: true; rows: FaqCsvRow[] } | { ok: false; reason: string };

export function faqRowsFromCsv(text: string): FaqCsvResult {
  const [header, ...body] = parseCsv(text);
  if (!header) return { ok: false, reason: "The file is empty." };
  const names = header.map((h) => h.trim().toLowerCase());
  const column = (key: keyof typeof COLUMN_NAMES) => names.findIndex((n) => COLUMN_NAMES[key].includes(n));
  const q = column("question");
  const a = column("answer");
  const alt = column("alternatives");
  if (q === -1 || a === -1) {
    return { ok: false, reason: 'The first row must name the columns "question" and "answer" (or 问题 and 答案).' };
  }
  if (body.length === 0) return { ok: false, reason: "The file has a header but no FAQ rows." };
  return {
    ok: true,
    rows: body.map((cells, i) => ({
      line: i + 2,
      question: (cells[q] ?? "").trim(),
      answer: (cells[a] ?? "").trim(),
      alternatives:
        alt === -1
          ? []
          : (cells[alt] ?? "")
              .split(/[|\n]/)
              .map((s) => s.trim())
              .filter(Boolean),
    })),
  };
}
