import { describe, expect, it } from "vitest";
import { canonicalizeChinese, normalizeText, tokenize } from "./index";

const canon = (text: string): string => canonicalizeChinese(normalizeText(text));

describe("canonicalizeChinese", () => {
  it("unifies colloquial how / what / why / when / where words", () => {
    for (const q of ["咋退款", "怎样退款", "如何退款", "怎么退款"]) expect(canon(q)).toBe("怎么退款");
    expect(canon("啥时候发货")).toBe("什么时候发货");
    expect(canon("为啥扣钱")).toBe("为什么扣钱");
    expect(canon("退款要多长时间")).toBe("退款要多久");
    expect(canon("一般几天能到")).toBe("一般多久能到");
    // "Several days", "these days", "a few days ago" are not questions.
    for (const q of ["退了好几天了", "这几天发货慢", "几天前下的单", "十几天了"]) expect(canon(q)).toBe(q);
    expect(canon("在哪儿开发票")).toBe(canon("在哪开发票"));
    expect(canon("在哪开发票")).toBe("在哪里开发票");
    expect(canon("哪个套餐便宜")).toBe("哪个套餐便宜"); // "which" is not "where"
  });

  it("maps 'what to do' forms to the how-word but keeps 办理", () => {
    for (const q of ["地址写错了咋办", "地址写错了怎么办", "地址写错了咋整", "地址写错了怎么弄"]) {
      expect(canon(q)).toBe("地址写错了怎么");
    }
    expect(canon("怎么办理退款")).toBe("怎么办理退款");
  });

  it("unifies can / may and drops the A-not-A question tail", () => {
    for (const q of ["能退货吗", "可以退货吗", "能不能退货", "能否退货"]) expect(canon(q)).toMatch(/^能退货/);
    expect(tokenize("能退货不？", { cjkBigrams: false })).toEqual(tokenize("可以退货吗？", { cjkBigrams: false }));
    expect(tokenize("发货了没")).toEqual(tokenize("发货了"));
    // A 不 inside the sentence is a negation and stays.
    expect(tokenize("不喜欢能退吗")).toContain("不");
  });

  it("drops hedges the segmenter would glue to the next word, and clause-final 怎么样", () => {
    const terms = tokenize("寄到成都大概要几天");
    expect(terms).not.toContain("概要");
    expect(terms).toContain("多久");
    expect(tokenize("今天天气怎么样？", { cjkBigrams: false })).toEqual(["今天", "天气"]);
    expect(tokenize("怎样开发票")).toEqual(tokenize("怎么开发票"));
  });

  it("leaves text without Han characters alone", () => {
    expect(canon("How do I get a refund?")).toBe("how do i get a refund?");
  });
});

describe("tokenize with colloquial Chinese", () => {
  it("drops colloquial particles and fillers, keeping negations", () => {
    expect(tokenize("我要退款呗", { cjkBigrams: false })).toEqual(["退款"]);
    expect(tokenize("不要自动续费")).toContain("不要");
  });

  it("gives the same terms for colloquial and formal phrasings", () => {
    expect(tokenize("退款咋弄")).toEqual(tokenize("退款怎么办"));
    expect(tokenize("啥时候发货")).toEqual(tokenize("什么时候发货"));
  });

  it("keeps the earlier tokenisation with canonicalize: false", () => {
    expect(tokenize("咋退款", { canonicalize: false })).toContain("咋");
    expect(tokenize("退款要几天", { canonicalize: false })).toContain("要");
    expect(tokenize("退款要几天")).not.toContain("要");
    expect(tokenize("How do I get a refund?", { canonicalize: false })).toEqual(tokenize("How do I get a refund?"));
  });
});
