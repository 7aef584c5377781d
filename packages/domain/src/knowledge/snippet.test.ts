import { describe, expect, it } from "vitest";
import { highlightSnippet } from "./snippet";

describe("highlightSnippet", () => {
  it("finds the match case-insensitively and keeps its original case", () => {
    expect(highlightSnippet("Refunds take 5 days.", "REFUND")).toEqual({ before: "", match: "Refund", after: "s take 5 days." });
  });
  it("works for Chinese without spaces", () => {
    expect(highlightSnippet("请在订单页点击申请退款，3天内到账。", "退款", 4)).toEqual({ before: "…点击申请", match: "退款", after: "，3天内…" });
  });
  it("cuts long context at word boundaries and flattens whitespace", () => {
    const text = "one two three four five six seven\n\neight nine ten eleven twelve";
    expect(highlightSnippet(text, "seven", 12)).toEqual({ before: "…five six ", match: "seven", after: " eight nine…" });
  });
  it("returns null when there is no match or no query", () => {
    expect(highlightSnippet("hello", "bye")).toBeNull();
    expect(highlightSnippet("hello", "  ")).toBeNull();
  });
});
