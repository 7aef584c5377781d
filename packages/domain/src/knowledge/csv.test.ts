import { describe, expect, it } from "vitest";
import { faqRowsFromCsv, parseCsv } from "./csv";

describe("parseCsv", () => {
  it("handles quotes, doubled quotes, embedded commas and new lines, CRLF and a BOM", () => {
    const text = '\uFEFFquestion,answer\r\n"Hours, please?","We open at 9.\nClosed on Sundays."\r\n"Say ""hi""",Hello\r\n';
    expect(parseCsv(text)).toEqual([
      ["question", "answer"],
      ["Hours, please?", "We open at 9.\nClosed on Sundays."],
      ['Say "hi"', "Hello"],
    ]);
  });
  it("skips blank lines and keeps a last row without a newline", () => {
    expect(parseCsv("a,b\n\n1,2")).toEqual([["a", "b"], ["1", "2"]]);
  });
});

describe("faqRowsFromCsv", () => {
  it("reads English or Chinese headers in any order, with alternatives split on | or new lines", () => {
    const result = faqRowsFromCsv("答案,问题,其他问法\n请在订单页申请退款。,怎么退款？,我想退款|退货流程\n");
    expect(result).toEqual({
      ok: true,
      rows: [{ line: 2, question: "怎么退款？", answer: "请在订单页申请退款。", alternatives: ["我想退款", "退货流程"], category: "" }],
    });
  });
  it("explains a missing header or an empty file", () => {
    expect(faqRowsFromCsv("")).toEqual({ ok: false, reason: "The file is empty." });
    expect(faqRowsFromCsv("title,body\nx,y")).toMatchObject({ ok: false, reason: expect.stringContaining('"question" and "answer"') });
    expect(faqRowsFromCsv("question,answer\n")).toMatchObject({ ok: false, reason: expect.stringContaining("no FAQ rows") });
  });
});
