import { describe, expect, it } from "vitest";
import { hasNoTopic } from "./topic";

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
