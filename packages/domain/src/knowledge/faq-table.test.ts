import { describe, expect, it } from "vitest";
import { faqEntriesFromCsv } from "./csv";
import { faqEntriesFromTable, faqRowsFromTable, MAX_FAQ_IMPORT_ROWS } from "./faq-table";

describe("faqRowsFromTable", () => {
  it("maps English or Chinese headers, with an optional category column, and skips empty rows", () => {
    const result = faqRowsFromTable([
      ["分类", "答案", "问题", "其他问法"],
      ["售后", "请在订单页申请退款。", "怎么退款？", "我想退款|退货流程"],
      ["", "", "", ""],
      ["", "Yes.", "Do you ship abroad?", ""],
    ]);
    expect(result).toEqual({
      ok: true,
      rows: [
        { line: 2, question: "怎么退款？", answer: "请在订单页申请退款。", alternatives: ["我想退款", "退货流程"], category: "售后" },
        { line: 4, question: "Do you ship abroad?", answer: "Yes.", alternatives: [], category: "" },
      ],
    });
  });

  it("finds a header below empty rows and keeps the sheet's row numbers", () => {
    const result = faqRowsFromTable([["", ""], ["question", "answer"], ["", ""], ["Pay?", "By card."]]);
    expect(result).toMatchObject({ ok: true, rows: [{ line: 4, question: "Pay?" }] });
    expect(faqRowsFromTable([[""], ["  "]])).toEqual({ ok: false, reason: "The file is empty." });
  });
});

describe("faqEntriesFromTable (shared by CSV and XLSX)", () => {
  it("returns every entry when every row is valid, category null when empty", () => {
    const result = faqEntriesFromTable(
      [
        ["Question", "Answer", "Category"],
        ["How do I pay?", "By card.", "Billing"],
        ["Hours?", "9 to 5.", ""],
      ],
      "row",
    );
    expect(result).toEqual({
      ok: true,
      entries: [
        { question: "How do I pay?", alternatives: [], answer: "By card.", category: "Billing" },
        { question: "Hours?", alternatives: [], answer: "9 to 5.", category: null },
      ],
    });
  });

  it("refuses the whole table and names the rows to fix, in the file's own unit", () => {
    const table = [["question", "answer", "category"], ["ok?", "yes", ""], ["", "orphan answer", ""], ["no answer?", "", ""], ["long", "x", "c".repeat(81)]];
    expect(faqEntriesFromTable(table, "row")).toEqual({
      ok: false,
      problem: "rows_invalid",
      message: "Nothing was imported. Fix row 3: A question cannot be empty; row 4: Answer is required; row 5: A category must be at most 80 characters.",
    });
    expect(faqEntriesFromCsv("question,answer\nHow do I pay?,By card.\nWhat about refunds?,\n")).toEqual({
      ok: false,
      problem: "rows_invalid",
      message: "Nothing was imported. Fix line 3: Answer is required.",
    });
  });

  it("summarises more than five bad rows, and bounds the number of rows", () => {
    const bad = [["question", "answer"], ...Array.from({ length: 7 }, (_, i) => [`q${i}`, ""])];
    const result = faqEntriesFromTable(bad, "row");
    expect(result.ok === false && result.message).toMatch(/row 6: Answer is required \(and 2 more\)\.$/);
    const big = [["question", "answer"], ...Array.from({ length: MAX_FAQ_IMPORT_ROWS + 1 }, (_, i) => [`q${i}`, "a"])];
    expect(faqEntriesFromTable(big, "row")).toMatchObject({ ok: false, problem: "too_many_rows" });
  });

  it("takes exactly the maximum number of rows, and refuses one more with a clear message", () => {
    const rows = (n: number) => [["question", "answer"], ...Array.from({ length: n }, (_, i) => [`q${i}`, "a"])];
    const atLimit = faqEntriesFromTable(rows(MAX_FAQ_IMPORT_ROWS), "row");
    expect(atLimit.ok && atLimit.entries.length).toBe(2000);
    expect(faqEntriesFromTable(rows(MAX_FAQ_IMPORT_ROWS + 1), "line")).toEqual({
      ok: false,
      problem: "too_many_rows",
      message: "At most 2000 FAQ entries per file; this one has 2001.",
    });
  });

  it("takes an entry of 1,000 phrasings (alternatives split on |), and bounds the phrasings of a file", () => {
    const alternatives = Array.from({ length: 999 }, (_, i) => `phrasing ${i}`).join("|");
    const one = faqEntriesFromTable([["question", "answer", "alternatives"], ["Q", "A", alternatives]], "row");
    expect(one.ok && one.entries[0]!.alternatives).toHaveLength(999);
    const tooMany = faqEntriesFromTable([["question", "answer", "alternatives"], ["Q", "A", `${alternatives}|one more`]], "row");
    expect(tooMany).toMatchObject({ ok: false, problem: "rows_invalid", message: "Nothing was imported. Fix row 2: At most 999 other phrasings (1,000 with the question)." });
    const rows = Array.from({ length: 51 }, (_, r) => [`Q${r}`, "A", Array.from({ length: 999 }, (_, i) => `p${r} ${i}`).join("|")]);
    expect(faqEntriesFromTable([["question", "answer", "alternatives"], ...rows], "row")).toMatchObject({
      ok: false,
      problem: "too_many_phrasings",
      message: "At most 50,000 phrasings per file, questions included; this one has 51,000. Split it into several.",
    });
  });

  it("repairs a lone UTF-16 surrogate in a cell (U+FFFD) instead of refusing the file", () => {
    const result = faqEntriesFromCsv("question,answer,alternatives,category\nPay\ud800?,By card \udc00.,a\ud800|b,Billing\ud800\n");
    expect(result).toEqual({
      ok: true,
      entries: [{ question: "Pay\uFFFD?", answer: "By card \uFFFD.", alternatives: ["a\uFFFD", "b"], category: "Billing\uFFFD" }],
    });
    // Pairs (emoji) are text, kept as they are.
    expect(faqEntriesFromTable([["question", "answer"], ["Hi \ud83d\ude00", "Hello"]], "row")).toMatchObject({ ok: true, entries: [{ question: "Hi \ud83d\ude00" }] });
  });

  it("explains a missing header or an empty table", () => {
    expect(faqEntriesFromTable([], "row")).toEqual({ ok: false, problem: "invalid", message: "The file is empty." });
    expect(faqEntriesFromTable([["title", "body"], ["x", "y"]], "row")).toMatchObject({ problem: "invalid", message: expect.stringContaining('"question" and "answer"') });
    expect(faqEntriesFromTable([["问题", "答案"]], "row")).toMatchObject({ problem: "invalid", message: expect.stringContaining("no FAQ rows") });
  });
});
