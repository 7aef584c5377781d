import { ZFaqInput, type FaqInput } from "../schemas/knowledge";
import { toWellFormedText } from "../schemas/text";

/**
 * FAQ import from a table of strings (a CSV file or the first sheet of an XLSX
 * workbook): one validation path for every format. The first row names the
 * columns, in English or Chinese: question/问题, answer/答案, optionally
 * alternatives/其他问法 (phrasings separated by "|" or new lines) and
 * category/分类. All rows are valid, or the result names the rows to fix.
 */
export const MAX_FAQ_IMPORT_ROWS = 2000;
/**
 * Phrasings (chunks) one FAQ file may add, questions included: with up to 1,000 phrasings an entry,
 * rows alone no longer bound the import's one transaction (15,000 phrasings take seconds).
 */
export const MAX_FAQ_IMPORT_PHRASINGS = 50_000;
export const MAX_FAQ_CATEGORY_LENGTH = 80;

const COLUMN_NAMES = {
  question: ["question", "问题", "問題", "q"],
  answer: ["answer", "答案", "回答", "a"],
  alternatives: ["alternatives", "alternative questions", "其他问法", "相似问法", "其他問法"],
  category: ["category", "分类", "分類", "类别"],
} as const;
type Column = keyof typeof COLUMN_NAMES;

/** Whether a table's first row names the question and answer columns of an FAQ table. */
export function isFaqHeader(cells: readonly string[]): boolean {
  const names = cells.map((c) => c.trim().toLowerCase());
  return (["question", "answer"] as const).every((key) => names.some((n) => (COLUMN_NAMES[key] as readonly string[]).includes(n)));
}

export interface FaqTableRow {
  /** 1-based position of the row in the file (header = 1), for error messages. */
  line: number;
  question: string;
  alternatives: string[];
  answer: string;
  /** "" when the file has no category column or the cell is empty. */
  category: string;
}

export type FaqTableRowsResult = { ok: true; rows: FaqTableRow[] } | { ok: false; reason: string };

/** Maps the header to columns and reads each body row's cells (no validation yet). */
export function faqRowsFromTable(table: readonly (readonly string[])[]): FaqTableRowsResult {
  // Sheets may start lower down: the header is the first row with something in it.
  const start = table.findIndex((row) => row.some((cell) => cell.trim() !== ""));
  if (start === -1) return { ok: false, reason: "The file is empty." };
  const header = table[start]!;
  const body = table.slice(start + 1);
  const names = header.map((h) => h.trim().toLowerCase());
  const index = (key: Column) => names.findIndex((n) => (COLUMN_NAMES[key] as readonly string[]).includes(n));
  const q = index("question");
  const a = index("answer");
  const alt = index("alternatives");
  const cat = index("category");
  if (q === -1 || a === -1) {
    return { ok: false, reason: 'The first row must name the columns "question" and "answer" (or 问题 and 答案).' };
  }
  // A file's text is repaired, not refused: a lone UTF-16 surrogate (which Postgres cannot store)
  // becomes U+FFFD, so it never fails validation or the import's transaction.
  const cell = (cells: readonly string[], i: number) => (i === -1 ? "" : toWellFormedText(cells[i] ?? "").trim());
  const rows = body
    .map((cells, i) => ({
      line: start + i + 2,
      question: cell(cells, q),
      answer: cell(cells, a),
      alternatives: cell(cells, alt)
        .split(/[|\n]/)
        .map((s) => s.trim())
        .filter(Boolean),
      category: cell(cells, cat),
    }))
    // Spreadsheets often carry formatted but empty rows; they are not entries.
    .filter((row) => row.question || row.answer || row.alternatives.length > 0);
  if (rows.length === 0) return { ok: false, reason: "The file has a header but no FAQ rows." };
  return { ok: true, rows };
}

export type FaqImportEntry = FaqInput & { category: string | null };

export type FaqTableProblem = "invalid" | "too_many_rows" | "too_many_phrasings" | "rows_invalid";
export type FaqTableResult =
  | { ok: true; entries: FaqImportEntry[] }
  | { ok: false; problem: FaqTableProblem; message: string };

/**
 * Validates a whole table: every entry, or a message naming up to five rows to fix.
 * `unit` is how the file's rows are called to its author ("line" in CSV, "row" in a sheet).
 */
export function faqEntriesFromTable(table: readonly (readonly string[])[], unit: "line" | "row"): FaqTableResult {
  const parsed = faqRowsFromTable(table);
  if (!parsed.ok) return { ok: false, problem: "invalid", message: parsed.reason };
  if (parsed.rows.length > MAX_FAQ_IMPORT_ROWS) {
    return {
      ok: false,
      problem: "too_many_rows",
      message: `At most ${MAX_FAQ_IMPORT_ROWS} FAQ entries per file; this one has ${parsed.rows.length}.`,
    };
  }
  const phrasings = parsed.rows.reduce((n, row) => n + 1 + row.alternatives.length, 0);
  if (phrasings > MAX_FAQ_IMPORT_PHRASINGS) {
    return {
      ok: false,
      problem: "too_many_phrasings",
      message: `At most ${MAX_FAQ_IMPORT_PHRASINGS.toLocaleString("en")} phrasings per file, questions included; this one has ${phrasings.toLocaleString("en")}. Split it into several.`,
    };
  }
  const entries: FaqImportEntry[] = [];
  const problems: string[] = [];
  for (const row of parsed.rows) {
    const entry = ZFaqInput.safeParse(row);
    if (!entry.success) {
      problems.push(`${unit} ${row.line}: ${(entry.error.issues[0]?.message ?? "invalid").replace(/\.$/, "")}`);
    } else if (row.category.length > MAX_FAQ_CATEGORY_LENGTH) {
      problems.push(`${unit} ${row.line}: A category must be at most ${MAX_FAQ_CATEGORY_LENGTH} characters`);
    } else {
      entries.push({ ...entry.data, category: row.category || null });
    }
  }
  if (problems.length > 0) {
    const more = problems.length > 5 ? ` (and ${problems.length - 5} more)` : "";
    return { ok: false, problem: "rows_invalid", message: `Nothing was imported. Fix ${problems.slice(0, 5).join("; ")}${more}.` };
  }
  return { ok: true, entries };
}
