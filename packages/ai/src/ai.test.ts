import { describe, expect, it } from "vitest";
import { HumanMessage, SystemMessage, type AIMessageChunk } from "@langchain/core/messages";
import { EMBEDDING_DIMS, hashedNgramEmbedding, HybridRetriever } from "@kefu/domain";
import {
  answerFromKnowledge,
  answerFromSource,
  DONT_KNOW_TEXT,
  NOT_SURE_TEXT,
  ExtractiveChatModel,
  HashedNgramEmbeddings,
  RANKING_SIZE,
  streamAnswer,
  streamPieces,
  type AnswerStreamEvent,
} from "./index";
import { faqDocs, PASSWORD_FAQ, REFUND_FAQ } from "./testing/faq-fixture";

const entries = [
  REFUND_FAQ,
  PASSWORD_FAQ,
  {
    id: "zh-refund",
    question: "怎么申请退款？",
    alternatives: ["我想退款怎么办"],
    answer: "在订单页面点击“申请退款”。款项将在3到5个工作日内原路退回。",
  },
];
const docs = faqDocs(entries);

describe("HashedNgramEmbeddings", () => {
  it("embeds deterministically with 256 normalised dims", async () => {
    const embeddings = new HashedNgramEmbeddings();
    const [a, b] = await embeddings.embedDocuments(["refund please", "退款"]);
    expect(a).toHaveLength(EMBEDDING_DIMS);
    expect(b).toHaveLength(EMBEDDING_DIMS);
    expect(await embeddings.embedQuery("refund please")).toEqual(a);
    expect(a).toEqual(hashedNgramEmbedding("refund please"));
    expect(Math.hypot(...(a ?? []))).toBeCloseTo(1, 10);
  });
});

describe("answerFromKnowledge", () => {
  it("quotes the best FAQ answer with a citation", () => {
    const answer = answerFromKnowledge({ question: "how can I get my money back?", docs, language: "en" });
    expect(answer.answered).toBe(true);
    expect(answer.text).toBe(entries[0]?.answer);
    expect(answer.citations).toEqual([
      { sourceId: "refund", title: expect.any(String), snippet: expect.stringContaining("Open Orders") },
    ]);
    expect(answer.confidence).toBeGreaterThan(0.3);
  });

  it("answers Chinese questions and accepts a prebuilt retriever", () => {
    const answer = answerFromKnowledge({ question: "我要退款", docs: new HybridRetriever(docs) });
    expect(answer.answered).toBe(true);
    expect(answer.citations[0]?.sourceId).toBe("zh-refund");
  });

  it("says it does not know, in the reply language, instead of inventing", () => {
    const en = answerFromKnowledge({ question: "What is the capital of Peru?", docs, language: "en" });
    expect(en).toMatchObject({ answered: false, text: DONT_KNOW_TEXT.en, citations: [] });
    const zh = answerFromKnowledge({ question: "今天天气怎么样？", docs, thresholds: { answer: 0.3, suggest: 0.3 } });
    expect(zh).toMatchObject({ answered: false, text: "抱歉，我在知识库中没有找到这个问题的答案。" });
    // With the default "did you mean" band it may offer entries, but never asserts an answer.
    expect(answerFromKnowledge({ question: "今天天气怎么样？", docs })).toMatchObject({ answered: false, citations: [] });
    expect(answerFromKnowledge({ question: "refund", docs: [] }).answered).toBe(false);
  });

  it("lists the ranked sources behind the decision, answered or not", () => {
    const answer = answerFromKnowledge({ question: "how can I get my money back?", docs, language: "en" });
    expect(answer.ranking[0]?.sourceId).toBe(answer.citations[0]?.sourceId);
    expect(answer.ranking.length).toBeLessThanOrEqual(RANKING_SIZE);
    expect(new Set(answer.ranking.map((r) => r.sourceId)).size).toBe(answer.ranking.length);
    const scores = answer.ranking.map((r) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const declined = answerFromKnowledge({ question: "I forgot my password", docs, thresholds: { answer: 1.01, suggest: 1.01 } });
    expect(declined.answered).toBe(false);
    expect(declined.ranking[0]?.sourceId).toBe("password");
    expect(answerFromKnowledge({ question: "refund", docs: [] }).ranking).toEqual([]);
  });

  it("respects explicit thresholds", () => {
    const declined = answerFromKnowledge({ question: "I forgot my password", docs, thresholds: { answer: 1.01, suggest: 1.01 } });
    expect(declined).toMatchObject({ answered: false, decision: "decline", suggestions: [], threshold: 1.01 });
  });

  it("in the band between suggest and answer, asserts nothing and offers the nearest entries", () => {
    const thresholds = { answer: 1.01, suggest: 0 };
    // As the product indexes them: an FAQ entry's chunks carry its question as their title.
    const titled = docs.map((d) => ({ ...d, title: entries.find((e) => e.id === d.sourceId)?.question }));
    const en = answerFromKnowledge({ question: "I forgot my password", docs: titled, language: "en", thresholds });
    expect(en).toMatchObject({ answered: false, decision: "suggest", text: NOT_SURE_TEXT.en, citations: [] });
    expect(en.suggestions[0]).toEqual({ sourceId: "password", title: PASSWORD_FAQ.question });
    expect(en.suggestions.length).toBeLessThanOrEqual(3);
    expect(new Set(en.suggestions.map((s) => s.sourceId)).size).toBe(en.suggestions.length);
    const zh = answerFromKnowledge({ question: "我想退款", docs: titled, thresholds });
    expect(zh).toMatchObject({ decision: "suggest", text: NOT_SURE_TEXT.zh });
    expect(zh.suggestions[0]?.sourceId).toBe("zh-refund");
    // Confident answers and "I don't know" carry no suggestions.
    expect(answerFromKnowledge({ question: "how can I get my money back?", docs, language: "en" })).toMatchObject({ decision: "answer", suggestions: [] });
    expect(answerFromKnowledge({ question: "refund", docs: [], thresholds })).toMatchObject({ decision: "decline", suggestions: [] });
  });

  it("offers the entries a question with no topic matched, however confident the match", () => {
    const thresholds = { answer: 0.01, suggest: 0 };
    const vague = answerFromKnowledge({ question: "怎么办？", docs, thresholds });
    expect(vague.confidence).toBeGreaterThanOrEqual(thresholds.answer);
    expect(vague).toMatchObject({ answered: false, decision: "suggest", citations: [] });
    expect(vague.suggestions[0]?.sourceId).toBe("zh-refund");
    expect(answerFromKnowledge({ question: "退款怎么办？", docs, thresholds })).toMatchObject({ answered: true, decision: "answer" });
  });
});

describe("answerFromSource", () => {
  it("quotes the chosen entry with its citation, like a confident answer", () => {
    const chosen = docs.filter((d) => d.sourceId === "password");
    const answer = answerFromSource({ question: "login trouble", docs: chosen, confidence: 0.25 });
    expect(answer).toMatchObject({ answered: true, decision: "answer", text: PASSWORD_FAQ.answer, confidence: 0.25 });
    expect(answer?.citations).toEqual([expect.objectContaining({ sourceId: "password" })]);
    expect(answer?.evidence).toHaveLength(1);
    expect(answerFromSource({ question: "x", docs: [], confidence: 0.25 })).toBeNull();
  });
});

describe("streamAnswer", () => {
  it("yields deltas that add up to the text, then the answer", async () => {
    const events: AnswerStreamEvent[] = [];
    for await (const e of streamAnswer({ question: "I want my money back", docs })) events.push(e);
    const done = events.at(-1);
    expect(done?.type).toBe("done");
    const deltas = events.filter((e) => e.type === "delta");
    expect(deltas.length).toBeGreaterThan(3);
    if (done?.type !== "done") throw new Error("no done event");
    expect(deltas.map((e) => (e.type === "delta" ? e.text : "")).join("")).toBe(done.answer.text);
  });

  it("splits text losslessly", () => {
    for (const t of ["Hello there. How are you?  Fine!", "你好。价格是3.5元！", "no enders at all"]) {
      expect(streamPieces(t).join("")).toBe(t);
    }
  });
});

describe("ExtractiveChatModel", () => {
  it("invokes with passages passed as call options", async () => {
    const model = new ExtractiveChatModel();
    const message = await model.invoke(
      [new SystemMessage("You are Kefu."), new HumanMessage("how do I reset the password")],
      { passages: docs },
    );
    expect(message.content).toBe(entries[1]?.answer);
    expect(message.response_metadata).toMatchObject({ answered: true, citations: [{ sourceId: "password" }] });
  });

  it("streams the answer in chunks from its own knowledge", async () => {
    const model = new ExtractiveChatModel({ knowledge: docs });
    const chunks: AIMessageChunk[] = [];
    for await (const chunk of await model.stream("how can I get my money back?")) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.map((c) => c.content).join("")).toBe(entries[0]?.answer);
    expect(chunks.at(-1)?.response_metadata).toMatchObject({ answered: true });
  });

  it("says it does not know when nothing matches", async () => {
    const model = new ExtractiveChatModel({ knowledge: docs });
    const message = await model.invoke([new HumanMessage("Who painted the Mona Lisa?")], { language: "en" });
    expect(message.content).toBe(DONT_KNOW_TEXT.en);
    expect(message.response_metadata).toMatchObject({ answered: false });
  });
});
