import { describe, expect, it } from "vitest";
import { cleanGeneratedPhrasings, isChineseText, keptGeneratedPhrasings, looseKey } from "./generated-phrasings";

describe("generated phrasings", () => {
  const entry = { question: "How do I reset my password?", alternatives: ["forgot password"], rejected: ["Password reset please"] };

  it("keeps clean, new phrasings and drops decoration, duplicates, rejected and odd items", () => {
    const raw = [
      "1. I can't log in, how do I change my password?",
      "- forgot password!",
      "“How do I reset my password”",
      "password reset, please",
      "i can't log in, how do I change my password",
      42,
      "x",
      "a".repeat(200),
      "问：密码忘了怎么办",
    ];
    expect(cleanGeneratedPhrasings(raw, entry)).toEqual(["I can't log in, how do I change my password?", "密码忘了怎么办"]);
    expect(cleanGeneratedPhrasings("not a list", entry)).toEqual([]);
    expect(cleanGeneratedPhrasings(["a b", "c d", "e f"], entry, 2)).toEqual(["a b", "c d"]);
  });

  it("treats width, case and punctuation as the same phrasing", () => {
    expect(looseKey("ＡＢＣ， 退款?")).toBe(looseKey("abc退款"));
  });

  it("drops generated phrasings an edit made redundant and stays within the limit", () => {
    const fits = (list: string[]) => list.length <= 3;
    expect(keptGeneratedPhrasings(["a b", "c d", "e f"], { question: "Q", alternatives: ["c d"] }, fits)).toEqual(["a b", "e f"]);
    expect(keptGeneratedPhrasings(["a b", "c d", "e f"], { question: "Q", alternatives: ["x y", "z w"] }, fits)).toEqual(["a b"]);
  });

  it("tells Chinese text from English", () => {
    expect(isChineseText("怎么退款")).toBe(true);
    expect(isChineseText("退款 refund policy for orders")).toBe(false);
    expect(isChineseText("How do refunds work?")).toBe(false);
  });
});
