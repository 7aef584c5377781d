import { describe, expect, it } from "vitest";
import { compileSynonyms, detectLanguage, normalizeText, porterStem, tokenize } from "./index";

describe("tokenize", () => {
  it("segments Chinese into words, not only single characters", () => {
    const terms = tokenize("我想退款怎么办", { cjkBigrams: false });
    expect(terms).toContain("退款");
    expect(terms.some((t) => t.length > 1)).toBe(true);
    expect(terms).not.toContain("我想"); // politeness filler is a stop word
  });

  it("adds CJK bigrams unless asked not to (the segmenter splits 发货 here)", () => {
    expect(tokenize("订单还没发货", { cjkBigrams: false })).not.toContain("发货");
    expect(tokenize("订单还没发货")).toContain("发货");
  });

  it("stems English words so inflections match", () => {
    expect(tokenize("refunds")).toEqual(tokenize("refund"));
    expect(tokenize("Cancelling my orders")).toEqual(tokenize("cancel my order"));
  });

  it("drops stop words but keeps negations and question words", () => {
    const terms = tokenize("The card is not working and the app is slow");
    expect(terms).not.toContain("the");
    expect(terms).not.toContain("is");
    expect(terms).toContain("not");
    expect(tokenize("when will my card arrive")).toContain("when");
    expect(tokenize("I don't have it")).toContain("not");
  });

  it("normalises full-width forms and case, and keeps numbers", () => {
    expect(normalizeText("ＡＢＣ　１２３")).toBe("abc 123");
    expect(tokenize("Order ＃１２３４５ costs 3.5 USD", { synonyms: compileSynonyms([]) })).toEqual(["order", "12345", "cost", "3.5", "usd"]);
    expect(tokenize("退款需要3个工作日")).toContain("3");
  });

  it("handles mixed Chinese and English", () => {
    const terms = tokenize("iPhone退款政策");
    expect(terms).toContain(porterStem("iphone"));
    expect(terms).toContain("退款");
  });

  it("returns nothing for empty or punctuation-only text", () => {
    expect(tokenize("")).toEqual([]);
    expect(tokenize("？！...")).toEqual([]);
  });
});

describe("porterStem", () => {
  it("follows the Porter algorithm on classic examples", () => {
    const cases: Record<string, string> = {
      caresses: "caress",
      ponies: "poni",
      cats: "cat",
      agreed: "agre",
      hopping: "hop",
      relational: "relat",
      happiness: "happi",
      generalization: "gener",
      sky: "sky",
    };
    for (const [word, stem] of Object.entries(cases)) expect(porterStem(word)).toBe(stem);
  });
});

describe("detectLanguage", () => {
  it("tells Chinese from English, including mixed text", () => {
    expect(detectLanguage("我想退款")).toBe("zh");
    expect(detectLanguage("我的iPhone怎么退款")).toBe("zh");
    expect(detectLanguage("How do I get a refund?")).toBe("en");
    expect(detectLanguage("What does 退款 mean in this context?")).toBe("en");
    expect(detectLanguage("")).toBe("en");
  });
});
