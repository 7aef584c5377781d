import { describe, expect, it } from "vitest";
import { clusterQuestions, type ClusterItem } from "./clusters";

const t0 = Date.UTC(2026, 0, 1);
let seq = 0;
const q = (text: string, minutes = seq): ClusterItem => ({ id: `m${seq++}`, text, at: new Date(t0 + minutes * 60_000) });
const groupOf = (clusters: ReturnType<typeof clusterQuestions>, id: string) => clusters.findIndex((c) => c.itemIds.includes(id));

describe("clusterQuestions", () => {
  it("groups English paraphrases and keeps unrelated questions apart", () => {
    const items = [
      q("how do I get a refund"),
      q("money back please"),
      q("I want my money back!"),
      q("Do you ship to Canada?"),
      q("What are your opening hours"),
      q("How do I reset my password?"),
    ];
    const clusters = clusterQuestions(items);
    const refund = groupOf(clusters, items[0]!.id);
    expect(groupOf(clusters, items[1]!.id)).toBe(refund);
    expect(groupOf(clusters, items[2]!.id)).toBe(refund);
    const others = items.slice(3).map((i) => groupOf(clusters, i.id));
    expect(new Set([refund, ...others]).size).toBe(4);
    expect(clusters[0]!.count).toBe(3);
    expect(["how do I get a refund", "money back please", "I want my money back!"]).toContain(clusters[0]!.label);
  });

  it("groups Chinese paraphrases and keeps unrelated questions apart", () => {
    const items = [q("退款怎么办"), q("怎么退钱"), q("我想退钱"), q("什么时候发货？"), q("发货要多久"), q("你们几点开门"), q("营业时间是几点")];
    const clusters = clusterQuestions(items);
    const [refund, , , ship, ship2, open, open2] = items.map((i) => groupOf(clusters, i.id));
    expect(groupOf(clusters, items[1]!.id)).toBe(refund);
    expect(groupOf(clusters, items[2]!.id)).toBe(refund);
    expect(ship2).toBe(ship);
    expect(open2).toBe(open);
    expect(new Set([refund, ship, open]).size).toBe(3);
  });

  it("counts every asking, keeps the newest time and lists members newest first", () => {
    const items = [q("refund please", 10), q("Refund please.", 30), q("money back", 20), q("where is my parcel", 50)];
    const clusters = clusterQuestions(items);
    const refund = clusters.find((c) => c.itemIds.includes(items[0]!.id))!;
    expect(refund.count).toBe(3);
    expect(refund.lastAt).toEqual(new Date(t0 + 30 * 60_000));
    expect(refund.itemIds).toEqual([items[1]!.id, items[2]!.id, items[0]!.id]);
    // The most asked phrasing is the label, as a visitor typed it.
    expect(["refund please", "Refund please."]).toContain(refund.label);
    expect(clusters[0]).toBe(refund);
  });

  it("ranks by count, then recency", () => {
    const items = [q("cancel my order", 1), q("cancel the order", 2), q("do you sell gift cards", 100), q("warranty length", 5)];
    const clusters = clusterQuestions(items);
    expect(clusters.map((c) => c.count)).toEqual([2, 1, 1]);
    expect(clusters[1]!.label).toBe("do you sell gift cards");
  });

  it("distinct texts with their counts cluster as if each asking were an item", () => {
    const counted: ClusterItem[] = [
      { id: "a", text: "money back please", at: new Date(t0), count: 5 },
      { id: "b", text: "how do I get a refund", at: new Date(t0 + 60_000), count: 2 },
      { id: "c", text: "track my order", at: new Date(t0), count: 4 },
    ];
    const expanded = counted.flatMap((c) => Array.from({ length: c.count! }, (_, i) => ({ id: `${c.id}${i}`, text: c.text, at: c.at })));
    const weighted = clusterQuestions(counted);
    const one = clusterQuestions(expanded);
    expect(weighted.map((c) => [c.label, c.count, c.key, c.lastAt])).toEqual(one.map((c) => [c.label, c.count, c.key, c.lastAt]));
    expect(weighted.map((c) => c.count)).toEqual([7, 4]);
  });

  it("is deterministic whatever the input order, with stable keys", () => {
    const items = [q("how do I get a refund"), q("money back please"), q("退款怎么办"), q("怎么退钱"), q("track my order"), q("where is my order"), q("hi")];
    const a = clusterQuestions(items);
    const b = clusterQuestions([...items].reverse());
    expect(b).toEqual(a);
    const keys = a.map((c) => c.key);
    expect(new Set(keys).size).toBe(keys.length);
    // The same main terms give the same key when other questions come and go.
    const refundKey = a.find((c) => c.itemIds.includes(items[0]!.id))!.key;
    expect(clusterQuestions(items.slice(0, 2))[0]!.key).toBe(refundKey);
  });

  it("keeps questions without content words by their exact text and skips empty ones", () => {
    const items = [q("hi"), q("Hi!"), q("hello"), q("   ")];
    const clusters = clusterQuestions(items);
    expect(clusters.reduce((s, c) => s + c.count, 0)).toBe(3);
    expect(clusters[0]!.count).toBe(2);
  });

  it("clusters 10k questions in well under a second", () => {
    const topics = [
      ["how do I get a refund for order", "money back for order please", "refund status of order", "退款怎么办", "怎么退钱"],
      ["do you ship to", "shipping to", "delivery to", "什么时候发货到", "发货要多久到"],
      ["reset password for account", "forgot my password account", "密码忘了账号", "change password of account"],
      ["cancel subscription plan", "stop my membership plan", "取消订阅套餐"],
    ];
    const places = Array.from({ length: 400 }, (_, i) => `place${i}`);
    const items: ClusterItem[] = [];
    for (let i = 0; i < 10_000; i++) {
      const topic = topics[i % topics.length]!;
      items.push({ id: `x${i}`, text: `${topic[i % topic.length]} ${places[(i * 7919) % places.length]} ${i % 3 ? "" : `item${i % 977}`}`, at: new Date(t0 + i * 1000) });
    }
    clusterQuestions(items.slice(0, 200)); // warm the segmenter
    const start = performance.now();
    const clusters = clusterQuestions(items);
    const ms = performance.now() - start;
    expect(clusters.reduce((s, c) => s + c.count, 0)).toBe(10_000);
    // About 0.2 s on an idle two-core machine; the bound leaves room for a busy CI runner.
    expect(ms).toBeLessThan(2000);
  });
});

describe("clusterQuestions with masked personal data", () => {
  it("ignores placeholders, so a question with an e-mail joins its paraphrases", () => {
    const items = [q("Do you sell gift cards?"), q("Can I buy a gift card?"), q("do you sell gift cards? my email is [EMAIL]"), q("call me at [PHONE_1] about my parcel")];
    const clusters = clusterQuestions(items);
    expect(clusters[0]!.itemIds.sort()).toEqual(items.slice(0, 3).map((i) => i.id).sort());
  });
});

describe("clusterQuestions on a mixed set of customer questions", () => {
  const topics: Record<string, string[]> = {
    refund: ["how do I get a refund", "money back please", "I want a refund", "can I get my money back", "refund request"],
    refundZh: ["退款怎么办", "怎么退钱", "我要退款", "钱能退回来吗", "申请退款"],
    hours: ["what are your opening hours", "business hours?", "what time do you open", "when are you open"],
    hoursZh: ["你们几点开门", "营业时间是几点", "几点下班", "你们的营业时间"],
    password: ["how do I reset my password", "forgot my password", "I can't remember my password", "password reset"],
    invoice: ["can I get an invoice", "I need a receipt", "send me the invoice please"],
    shipZh: ["什么时候发货", "发货要多久", "多久能发货", "还没发货"],
  };
  const items = Object.entries(topics).flatMap(([topic, qs]) => qs.map((text, i) => ({ id: `${topic}:${i}`, text, at: new Date(t0 + i) })));
  const clusters = clusterQuestions(items);
  const topicOf = (id: string) => id.split(":")[0]!;

  it("never mixes two topics in a cluster", () => {
    for (const c of clusters) expect(new Set(c.itemIds.map(topicOf)).size).toBe(1);
  });

  it("keeps most paraphrases of each topic together", () => {
    for (const [topic, qs] of Object.entries(topics)) {
      const largest = Math.max(...clusters.filter((c) => topicOf(c.itemIds[0]!) === topic).map((c) => c.count));
      // Paraphrases that share no word with the others ("forgot" / "reset") may stay apart.
      expect(largest, topic).toBeGreaterThanOrEqual(topic === "password" ? 2 : qs.length - 1);
    }
  });
});
