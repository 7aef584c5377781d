import { describe, expect, it } from "vitest";
import { compileSynonyms, tokenize, withSynonyms } from "./index";
import { SERVICE_SYNONYMS } from "./service-lexicon";

const same = (a: string, b: string) => expect(new Set(tokenize(a))).toEqual(new Set(tokenize(b)));

describe("built-in customer-service synonyms", () => {
  it("match customers' words to the knowledge base's, in Chinese and English", () => {
    same("怎么退钱", "怎么退款");
    same("缺货了", "售罄了");
    same("运费多少", "邮费多少");
    same("money back", "refund");
    same("delivery time", "shipping time");
    same("promo code", "coupon");
    expect(tokenize("how much is it")).toContain("price");
  });

  it("cover shops, payments, accounts and software sold to businesses", () => {
    same("能到付吗", "能货到付款吗");
    same("怎么提现", "怎么取现");
    same("账号被封了", "账号冻结了");
    same("密码忘了", "忘记密码");
    same("能本地部署吗", "能私有化部署吗");
    same("想跟我们的系统打通", "想跟我们的系统对接");
  });

  it("keep different questions apart", () => {
    expect(tokenize("提额")).not.toEqual(tokenize("降额"));
    expect(tokenize("怎么绑卡")).not.toEqual(tokenize("怎么解除绑定"));
    expect(tokenize("账号冻结了")).not.toEqual(tokenize("账号解冻了"));
    expect(tokenize("退货")).not.toEqual(tokenize("退款"));
    expect(tokenize("return my order")).not.toEqual(tokenize("refund my order"));
  });

  it("do not rewrite a shorter form inside a longer listed one", () => {
    expect(tokenize("支持分期付款吗", { cjkBigrams: false })).toContain("分期付款");
    expect(tokenize("能分几期", { cjkBigrams: false })).toContain("分期付款");
  });

  it("match English words by stem and phrases as words", () => {
    same("it was delivered damaged", "it was shipped broken");
    expect(tokenize("I want to sign in")).toEqual(tokenize("I want to login"));
    // Words inside other words are left alone.
    expect(tokenize("the billing cycle")).toContain("invoic");
    expect(tokenize("rebill")).toContain("rebil");
  });
});

describe("a tenant's own synonym sets", () => {
  it("come before the built-in ones and apply to texts and queries alike", () => {
    const own = compileSynonyms(withSynonyms([["会员卡", "储值卡", "vip卡"], ["hoodie", "sweatshirt"]], SERVICE_SYNONYMS));
    expect(tokenize("储值卡余额", { synonyms: own })).toEqual(tokenize("会员卡余额", { synonyms: own }));
    expect(tokenize("do you sell sweatshirts", { synonyms: own })).toContain("hoodi");
    // The built-in sets still apply.
    expect(tokenize("退钱", { synonyms: own })).toEqual(tokenize("退款", { synonyms: own }));
  });

  it("are ignored when empty and give a cache key that changes with them", () => {
    expect(compileSynonyms([[], [" "]]).rewrite("退钱")).toBe("退钱");
    expect(compileSynonyms([["a", "b"]]).key).not.toBe(compileSynonyms([["a", "c"]]).key);
  });

  it("are off with canonicalize: false (stored embeddings keep their tokens)", () => {
    expect(tokenize("money back", { canonicalize: false })).toEqual(["monei", "back"]);
  });
});
