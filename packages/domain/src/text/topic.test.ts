import { describe, expect, it } from "vitest";
import { hasNoTopic, sharesTopic } from "./topic";

describe("hasNoTopic", () => {
  it("finds no topic in question words, particles, greetings and thanks alone", () => {
    for (const q of ["多久", "多久？", "要多久啊", "大概多长时间", "怎么办", "可以吗", "能不能", "在吗", "你好", "好的", "how long?", "how much is it", "what about it", "can I?", "hello", "thanks!", ""]) {
      expect(hasNoTopic(q), q).toBe(true);
    }
  });

  it("finds a topic in any content word, however short the question", () => {
    for (const q of ["退款多久到账", "能退吗", "有货吗", "发票", "多少钱", "怎么付款", "保修多久", "refund", "is it free", "how long does shipping take", "2 days?", "VIP"]) {
      expect(hasNoTopic(q), q).toBe(false);
    }
  });
});

describe("sharesTopic", () => {
  it("needs a Chinese question and its match to share a character of substance, not only how they ask", () => {
    expect(sharesTopic("附近有什么好吃的", "积分有什么用")).toBe(false);
    expect(sharesTopic("iPhone 什么时候出新款", "什么时候发货？")).toBe(false);
    expect(sharesTopic("退钱要多久", "退款多久到账")).toBe(true);
    expect(sharesTopic("怎麼退貨", "怎么退货")).toBe(true);
  });

  it("has no opinion on questions without Chinese topic characters", () => {
    for (const [q, m] of [["多久？", "保修期多久"], ["how long does shipping take", "delivery time"], ["", "退款"]]) {
      expect(sharesTopic(q!, m!), q).toBe(true);
    }
  });
});
