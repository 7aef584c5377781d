import { describe, expect, it } from "vitest";
import { tokenize } from "./index";
import { toSimplified } from "./simplified";

describe("toSimplified", () => {
  it("folds Traditional characters and phrases to Simplified", () => {
    expect(toSimplified("怎麼退貨？運費誰付")).toBe("怎么退货？运费谁付");
    expect(toSimplified("為什麼花唄還款後來還顯示欠款")).toBe("为什么花呗还款后来还显示欠款");
    expect(toSimplified("裡面")).toBe("里面");
  });

  it("returns Simplified and non-Chinese text as it is", () => {
    for (const text of ["怎么退货", "这么多么", "什么", "著名作家", "refund, please", "", "退款 refund 123"]) {
      expect(toSimplified(text)).toBe(text);
    }
  });

  it("makes a Traditional question and its Simplified spelling the same terms", () => {
    expect(tokenize("怎麼申請退款？發票開了嗎")).toEqual(tokenize("怎么申请退款？发票开了吗"));
    // The colloquial rewrites and synonym sets, written in Simplified, apply to Traditional too.
    expect(tokenize("咋退錢")).toEqual(tokenize("怎么退款"));
  });
});
