import { describe, expect, it } from "vitest";
import { cleanSynonymTerms, splitSynonymTerms, ZCreateSynonymSetRequest } from "./synonyms";

describe("synonym set input", () => {
  it("splits a typed line on commas (both widths), 、, semicolons and new lines", () => {
    expect(splitSynonymTerms("会员卡，储值卡、VIP卡\n hoodie, sweat shirt; jumper；")).toEqual(["会员卡", "储值卡", "VIP卡", "hoodie", "sweat shirt", "jumper"]);
  });

  it("keeps each word once, as the tokenizer reads it, in order", () => {
    expect(cleanSynonymTerms([" Hoodie", "hoodie ", "ｈｏｏｄｉｅ", "", "hooded  top"])).toEqual(["Hoodie", "hooded top"]);
  });

  it("needs two different words, at most 20, each at most 50 characters", () => {
    expect(ZCreateSynonymSetRequest.safeParse({ terms: ["退款", "退钱", "退款"] }).data).toEqual({ terms: ["退款", "退钱"] });
    expect(ZCreateSynonymSetRequest.safeParse({ terms: ["退款", " 退款 "] }).success).toBe(false);
    expect(ZCreateSynonymSetRequest.safeParse({ terms: ["ok", "x".repeat(51)] }).success).toBe(false);
    expect(ZCreateSynonymSetRequest.safeParse({ terms: Array.from({ length: 21 }, (_, i) => `w${i}`) }).success).toBe(false);
  });
});
