import { describe, expect, it } from "vitest";
import { handoffSummary, type TranscriptEntry } from "./summary";

const transcript: TranscriptEntry[] = [
  { role: "bot", text: "Hi! I'm an AI assistant." },
  { role: "visitor", text: "hello" },
  { role: "visitor", text: "My invoice for March was charged twice on my credit card, I need one charge refunded" },
  {
    role: "bot",
    text: "Refunds are issued within 5 business days. You can request one from the billing page.",
    citations: [{ title: "Refund policy" }, { title: "Billing FAQ" }, { title: "Refund policy" }],
    answered: true,
    
  },
  { role: "visitor", text: "Where exactly is the refund button on the billing page?" },
  { role: "bot", text: "Sorry, I don't know.", answered: false },
  { role: "visitor", text: "talk to a human please" },
  { role: "agent", text: "Hi, I'm Ana." },
];

describe("handoffSummary", () => {
  it("quotes what is still open (not a question the bot answered) and lists what the bot tried (en)", () => {
    const s = handoffSummary(transcript, "en");
    expect(s.wants).toBe('"Where exactly is the refund button on the billing page?"');
    expect(s.tried).toEqual([
      'Answered "Refunds are issued within 5 business days." (sources: Refund policy, Billing FAQ)',
      'Could not answer "Where exactly is the refund button on the billing page?"',
    ]);
  });

  it("writes zh templates and picks Chinese messages", () => {
    const s = handoffSummary(
      [
        { role: "visitor", text: "你好" },
        { role: "visitor", text: "我上个月的订单一直没有发货，订单号是 20250601" },
        { role: "bot", text: "订单通常在48小时内发货。您可以在订单页面查看物流。", citations: [{ title: "发货说明" }] },
        { role: "visitor", text: "转人工" },
      ],
      "zh",
    );
    expect(s.wants).toBe("“我上个月的订单一直没有发货，订单号是 20250601”");
    expect(s.tried).toEqual(["已回答：“订单通常在48小时内发货。”（来源：发货说明）"]);
  });

  it("wants what the visitor came to a person for, not their first question", () => {
    const s = handoffSummary(
      [
        { role: "visitor", text: "What are your opening hours on public holidays?" },
        { role: "bot", text: "We are open 10:00-16:00 on public holidays.", citations: [{ title: "Opening hours" }] },
        { role: "visitor", text: "My parcel arrived damaged" },
        { role: "bot", text: "Sorry, I don't know.", answered: false },
        { role: "visitor", text: "The screen of the laptop in order 4417 is cracked, I want a replacement, not a refund" },
        { role: "visitor", text: "human please" },
      ],
      "en",
    );
    expect(s.wants).toBe('"The screen of the laptop in order 4417 is cracked, I want a replacement, not a refund"');
    expect(s.wants).not.toContain("opening hours");

    // A short "still broken" after a fuller description of the same open problem: both, in order.
    const zh = handoffSummary(
      [
        { role: "visitor", text: "怎么退货？" },
        { role: "bot", text: "在订单页面点击“退货”。", citations: [{ title: "退货" }] },
        { role: "visitor", text: "我买的洗衣机安装后一直漏水，师傅上门两次都没修好" },
        { role: "bot", text: "抱歉，我不太清楚。", answered: false },
        { role: "visitor", text: "还是漏水" },
        { role: "visitor", text: "转人工" },
      ],
      "zh",
    );
    expect(zh.wants).toBe("“我买的洗衣机安装后一直漏水，师傅上门两次都没修好”；“还是漏水”");
  });

  it("says so when the visitor only asked for a human", () => {
    expect(handoffSummary([{ role: "visitor", text: "人工客服" }], "zh").wants).toContain("没有说明");
    expect(handoffSummary([{ role: "visitor", text: "Hi, agent please" }], "en")).toEqual({
      wants: "The visitor asked for a human without describing the problem.",
      tried: [],
    });
  });

  it("clips long messages and keeps the five most recent distinct attempts", () => {
    const long = "word ".repeat(100);
    const many: TranscriptEntry[] = [{ role: "visitor", text: long }];
    for (let i = 0; i < 7; i++) many.push({ role: "visitor", text: `question ${i}` }, { role: "bot", text: "", answered: false }, { role: "bot", text: "No idea.", answered: false });
    const s = handoffSummary(many, "en");
    expect(s.wants.length).toBeLessThanOrEqual(162 + 10);
    expect(s.tried).toHaveLength(5);
    expect(s.tried.at(-1)).toBe('Could not answer "question 6"');
  });

  it("leaves out an image the bot could not read: no 'Could not answer \"\"'", () => {
    const s = handoffSummary(
      [
        { role: "visitor", text: "my cup arrived broken" },
        { role: "bot", text: "Sorry, I don't know.", answered: false },
        { role: "visitor", text: "" },
        { role: "bot", text: "I can only read text, not images.", answered: false },
      ],
      "en",
    );
    expect(s).toEqual({ wants: '"my cup arrived broken"', tried: ['Could not answer "my cup arrived broken"'] });
  });
});
