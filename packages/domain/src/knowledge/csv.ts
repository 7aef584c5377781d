import { faqEntriesFromTable, faqRowsFromTable, type FaqTableResult, type FaqTableRow, type FaqTableRowsResult } from "./faq-table";

/**
 * FAQ import from CSV (RFC 4180: quoted fields, doubled quotes, CRLF or LF, a
 * leading BOM). The header names the columns, in English or Chinese:
 * see faq-table.ts (shared with XLSX import).
 */
export function parseCsv(text: string): string[][] {
  return parseCsvRecords(text).map((record) => record.cells);
}

/** A CSV record and the line of the file it starts on (1-based; a quoted field may span lines). */
export interface CsvRecord {
  line: number;
  cells: string[];
}

/** The file's non-blank records with their line numbers, for error reports that name lines. */
export function parseCsvRecords(text: string): CsvRecord[] {
  const rows: CsvRecord[] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let start = 1;
  const input = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < input.length; i++) {
    const c = input[i]!;
    if (quoted) {
      if (c === '"' && input[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === "\n" || (c === "\r" && input[i + 1] !== "\n")) line++;
        field += c;
      }
    } else if (c === '"' && field === "") quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && input[i + 1] === "\n") i++;
      row.push(field);
      rows.push({ line: start, cells: row });
      row = [];
      field = "";
      start = ++line;
    } else field += c;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push({ line: start, cells: row });
  }
  return rows.filter((r) => r.cells.some((cell) => cell.trim() !== ""));
}

export type FaqCsvRow = FaqTableRow;
export type FaqCsvResult = FaqTableRowsResult;

/** The CSV's rows mapped to FAQ fields (no validation: see faqEntriesFromCsv). */
export function faqRowsFromCsv(text: string): FaqCsvResult {
  return faqRowsFromTable(parseCsv(text));
}

/** The CSV's FAQ entries, validated by the same rules as every other import format. */
export function faqEntriesFromCsv(text: string): FaqTableResult {
  return faqEntriesFromTable(parseCsv(text), "line");
}
