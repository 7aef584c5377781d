import { describe, expect, it } from "vitest";
import { chunkMarkdown, faqChunks, splitSentences } from "./index";

const md = `# 帮助中心

## 退款

退款一般需要3到5个工作日。如果超过7天仍未到账，请联系客服！我们会尽快处理。退款将原路返回到您的支付账户。

- 第一步：提交申请
- 第二步：等待审核

## Shipping

We ship worldwide.

### Costs

Shipping is free above 50 EUR.

\`\`\`
# not a heading
\`\`\`
`;

describe("chunkMarkdown", () => {
  it("keeps the heading path of every chunk", () => {
    const chunks = chunkMarkdown(md);
    expect(chunks.map((c) => c.headingPath)).toEqual([
      ["帮助中心", "退款"],
      ["帮助中心", "Shipping"],
      ["帮助中心", "Shipping", "Costs"],
    ]);
    expect(chunks[2]?.text).toContain("# not a heading"); // fenced code is not a heading
  });

  it("splits long Chinese paragraphs on sentence enders and caps the size", () => {
    const chunks = chunkMarkdown(md, { maxChars: 40, minChars: 10 });
    for (const c of chunks) expect(c.text.length).toBeLessThanOrEqual(40);
    const refund = chunks.filter((c) => c.headingPath.at(-1) === "退款").map((c) => c.text);
    expect(refund[0]?.endsWith("。")).toBe(true);
    expect(refund.join("")).toContain("请联系客服！");
    expect(refund).toContain("- 第一步：提交申请");
  });

  it("merges tiny pieces within a section", () => {
    const chunks = chunkMarkdown("# A\n\n- one\n- two\n- three\n\n# B\n\ntext", { maxChars: 200 });
    expect(chunks).toEqual([
      { text: "- one\n- two\n- three", headingPath: ["A"] },
      { text: "text", headingPath: ["B"] },
    ]);
  });

  it("keeps a blank line between a list and the text after it, so the chunk reads as Markdown", () => {
    const chunks = chunkMarkdown("# A\n\nRefunds go back:\n\n- by card: 3 days\n- by transfer: 5 days\n\nStill missing? Write to us.");
    expect(chunks).toEqual([{ text: "Refunds go back:\n- by card: 3 days\n- by transfer: 5 days\n\nStill missing? Write to us.", headingPath: ["A"] }]);
  });

  it("hard-splits text without any sentence boundary", () => {
    const chunks = chunkMarkdown("字".repeat(95), { maxChars: 30 });
    expect(chunks.map((c) => c.text.length)).toEqual([30, 30, 30, 5]);
  });

  it("understands setext headings and returns nothing for empty input", () => {
    expect(chunkMarkdown("Title\n=====\n\nBody")).toEqual([{ text: "Body", headingPath: ["Title"] }]);
    expect(chunkMarkdown("  \n\n")).toEqual([]);
  });
});

describe("splitSentences", () => {
  it("splits on Chinese and Latin enders but not inside numbers", () => {
    expect(splitSentences("你好。价格是3.5元！对吗？是的；Version 3.5 is out. Next!")).toEqual([
      "你好。",
      "价格是3.5元！",
      "对吗？",
      "是的；",
      "Version 3.5 is out.",
      "Next!",
    ]);
  });
});

describe("faqChunks", () => {
  it("makes one chunk per distinct phrasing, all with the answer", () => {
    const chunks = faqChunks({
      question: "How do I get a refund?",
      alternatives: ["Refund please", "how do i get a refund?", " "],
      answer: "Go to Orders → Refund.",
    });
    expect(chunks).toEqual([
      { text: "How do I get a refund?", answer: "Go to Orders → Refund." },
      { text: "Refund please", answer: "Go to Orders → Refund." },
    ]);
  });
});
