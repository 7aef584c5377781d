import { describe, expect, it } from "vitest";
import { MAX_RELATED, offeredEntries, RELATED_SCORE_RATIO, selectSuggestions, suggestionTitle, SUGGESTION_SCORE_RATIO } from "./suggestions";
import { HybridRetriever } from "./hybrid";
import { familiarShare, KnowledgeIndex } from "./knowledge-index";
import { answerDecision, DEFAULT_THRESHOLDS, FAMILIAR_SHARE, FAMILIAR_SUGGEST_FLOOR } from "./thresholds";
import { type RetrievalDoc, type RetrievalHit } from "./types";

const doc = (sourceId: string, over: Partial<RetrievalDoc> = {}): RetrievalDoc => ({ id: `${sourceId}#0`, sourceId, text: `q ${sourceId}`, answer: `A ${sourceId}`, ...over });
const hit = (d: RetrievalDoc, score: number): RetrievalHit => ({
  doc: d,
  score,
  lexicalScore: 1,
  vectorScore: 0.3,
  coverage: 0.3,
  sourceCoverage: 0.3,
  centroidScore: 0.3,
  classifierScore: null,
});

describe("answerDecision", () => {
  const t = { answer: 0.3, suggest: 0.2 };

  it("answers at or above the answer threshold, suggests in the band, declines below it", () => {
    expect(answerDecision(0.3, t)).toBe("answer");
    expect(answerDecision(0.9, t)).toBe("answer");
    expect(answerDecision(0.29, t)).toBe("suggest");
    expect(answerDecision(0.2, t)).toBe("suggest");
    expect(answerDecision(0.19, t)).toBe("decline");
    expect(answerDecision(0, t)).toBe("decline");
  });

  it("has no band when suggest is not below answer", () => {
    expect(answerDecision(0.29, { answer: 0.3, suggest: 0.3 })).toBe("decline");
    expect(answerDecision(0.35, { answer: 0.3, suggest: 0.5 })).toBe("answer");
    expect(answerDecision(0.29, { answer: 0.3, suggest: 0.5 })).toBe("decline");
  });

  it("offers, never answers, a question with no topic matched to an entry that has one", () => {
    expect(answerDecision(0.42, t, { question: "多久？", matched: "保修期多久" })).toBe("suggest");
    expect(answerDecision(0.8, t, { question: "how long?", matched: "How long does shipping take?" })).toBe("suggest");
    // Small talk answered by an entry of small talk, and any question with a topic, as usual.
    expect(answerDecision(0.8, t, { question: "hi", matched: "hello" })).toBe("answer");
    expect(answerDecision(0.42, t, { question: "保修多久", matched: "保修期多久" })).toBe("answer");
    // Below the answer threshold it changes nothing.
    expect(answerDecision(0.1, t, { question: "多久", matched: "保修期多久" })).toBe("decline");
  });

  it("offers, never answers, a Chinese question that shares only its question words with the match", () => {
    expect(answerDecision(0.5, t, { question: "附近有什么好吃的", matched: "积分有什么用" })).toBe("suggest");
    expect(answerDecision(0.5, t, { question: "你们公司的股票代码是多少", matched: "套餐价格是多少？" })).toBe("suggest");
    // One shared character of substance is enough: paraphrases keep one.
    expect(answerDecision(0.5, t, { question: "钱怎么退", matched: "怎么申请退款？" })).toBe("answer");
    expect(answerDecision(0.5, t, { question: "運費多少", matched: "邮费多少" })).toBe("answer");
    // English is not judged by shared words: a paraphrase often has none.
    expect(answerDecision(0.5, t, { question: "where do you hale from", matched: "what is your origin" })).toBe("answer");
  });

  it("below the band, offers a Chinese question in the knowledge's own words; declines one in words it never uses", () => {
    const shop = new HybridRetriever([
      doc("exchange", { text: "怎么换货？", answer: "收到商品 7 天内可以申请换货，换尺码、换颜色都可以。" }),
      doc("returns", { text: "怎么退货？", answer: "收到商品 7 天内可以在订单页申请退货。" }),
      doc("shipping", { text: "运费怎么算？", answer: "订单满 99 元包邮。" }),
    ]);
    const asked = (question: string, confidence: number) =>
      answerDecision(confidence, t, { question, matched: "怎么换货？", familiar: shop.familiarShare(question) });
    expect(shop.familiarShare("能换个颜色吗")).toBeGreaterThanOrEqual(FAMILIAR_SHARE);
    expect(asked("能换个颜色吗", 0.08)).toBe("suggest");
    expect(shop.familiarShare("今天北京天气怎么样")).toBe(0);
    expect(asked("今天北京天气怎么样", 0.08)).toBe("decline");
    // Familiar words are not enough with almost nothing matched.
    expect(asked("能换个颜色吗", FAMILIAR_SUGGEST_FLOOR - 0.01)).toBe("decline");
    // English questions are not judged by their words: on intent sets nearly all are known.
    expect(answerDecision(0.08, t, { question: "can I exchange it", matched: "how do I exchange an item", familiar: 1 })).toBe("decline");
    expect(answerDecision(0.08, t)).toBe("decline");
  });

  it("reads the same familiarity from the knowledge bases in memory as from the in-memory retriever", () => {
    const entries = [
      doc("exchange", { text: "怎么换货？", answer: "收到商品 7 天内可以申请换货，换尺码、换颜色都可以。" }),
      doc("shipping", { text: "How much is shipping?", answer: "Free over 99 euros." }),
    ];
    const index = new KnowledgeIndex();
    for (const e of entries) index.upsertSource({ id: e.sourceId, version: "1", chunks: [{ id: e.id, text: e.text, answer: e.answer }] });
    const retriever = new HybridRetriever(entries);
    for (const q of ["能换个颜色吗", "衣服买小了，能换大一码吗", "今天北京天气怎么样", "is shipping free?", ""]) {
      expect(familiarShare([index], q), q).toBeCloseTo(retriever.familiarShare(q), 9);
    }
  });

  it("has a band by default, below the answer threshold", () => {
    expect(DEFAULT_THRESHOLDS.suggest).toBeLessThan(DEFAULT_THRESHOLDS.answer);
    expect(answerDecision((DEFAULT_THRESHOLDS.suggest + DEFAULT_THRESHOLDS.answer) / 2, DEFAULT_THRESHOLDS)).toBe("suggest");
  });
});

describe("selectSuggestions", () => {
  it("offers up to three distinct sources near the top score, best first", () => {
    const hits = [hit(doc("a"), 0.8), hit(doc("b"), 0.7), hit(doc("a", { id: "a#1" }), 0.65), hit(doc("c"), 0.6), hit(doc("d"), 0.5)];
    expect(selectSuggestions(hits).map((s) => s.sourceId)).toEqual(["a", "b", "c"]);
    expect(selectSuggestions(hits, { max: 1 }).map((s) => s.sourceId)).toEqual(["a"]);
  });

  it("leaves out entries far behind the best one, and entries with nothing to answer", () => {
    const cut = 0.8 * SUGGESTION_SCORE_RATIO;
    const hits = [hit(doc("a"), 0.8), hit(doc("empty", { answer: "  " }), 0.75), hit(doc("b"), cut), hit(doc("c"), cut - 0.01)];
    expect(selectSuggestions(hits).map((s) => s.sourceId)).toEqual(["a", "b"]);
  });

  it("offers nothing without a scored hit", () => {
    expect(selectSuggestions([])).toEqual([]);
    expect(selectSuggestions([hit(doc("a"), 0)])).toEqual([]);
  });
});

describe("suggestionTitle", () => {
  it("shows an FAQ entry's question, a document's title and heading", () => {
    expect(suggestionTitle(doc("a", { title: "How do I get a refund?", text: "money back please" }))).toBe("How do I get a refund?");
    expect(suggestionTitle(doc("d", { title: "Shipping guide", headingPath: ["Returns", "Costs"] }))).toBe("Shipping guide › Costs");
    expect(suggestionTitle(doc("d", { headingPath: ["Guide"], title: "Guide" }))).toBe("Guide");
  });

  it("falls back to the first line of the matched text, shortened", () => {
    expect(suggestionTitle(doc("a", { text: "\nfirst line\nsecond" }))).toBe("first line");
    const long = suggestionTitle(doc("a", { title: "长".repeat(300) }));
    expect([...long]).toHaveLength(120);
    expect(long.endsWith("…")).toBe(true);
  });
});

describe("offeredEntries", () => {
  const hits = [hit(doc("a"), 1), hit(doc("a", { id: "a#1" }), 0.95), hit(doc("b"), 0.8), hit(doc("c"), 0.72), hit(doc("d"), 0.71), hit(doc("e"), 0.4)];

  it("offers the band's nearest entries when not sure, the answer's close runner-ups when answering, nothing when declining", () => {
    expect(offeredEntries(hits, "suggest").map((s) => s.sourceId)).toEqual(["a", "b", "c"]);
    expect(offeredEntries(hits, "answer").map((s) => s.sourceId)).toEqual(["b", "c"]);
    expect(offeredEntries(hits, "decline")).toEqual([]);
  });

  it("offers no related question when the runner-ups are far behind the answer", () => {
    const clear = [hit(doc("a"), 1), hit(doc("b"), RELATED_SCORE_RATIO - 0.01), hit(doc("c"), 0.2)];
    expect(offeredEntries(clear, "answer")).toEqual([]);
    expect(offeredEntries(clear, "suggest").map((s) => s.sourceId)).toEqual(["a", "b"]);
  });

  it("never offers the answered entry itself, and at most MAX_RELATED", () => {
    const close = ["a", "b", "c", "d", "e"].map((id, i) => hit(doc(id), 1 - i * 0.01));
    const related = offeredEntries(close, "answer").map((s) => s.sourceId);
    expect(related).not.toContain("a");
    expect(related).toHaveLength(MAX_RELATED);
  });
});
