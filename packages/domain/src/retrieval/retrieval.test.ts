import { describe, expect, it } from "vitest";
import { faqChunks } from "../knowledge";
import { tokenize } from "../text";
import {
  answerConfidence,
  cosineSimilarity,
  DEFAULT_ANSWER_THRESHOLD,
  EMBEDDING_DIMS,
  fnv1a32,
  hashedNgramEmbedding,
  HybridRetriever,
  hybridSearch,
  KnowledgeIndex,
  LexicalIndex,
  LexicalShard,
  bm25Scores,
  MemoryVectors,
  phraseMatch,
  PrefetchedRetriever,
  ngramFeatures,
  reciprocalRankFusion,
  retrieve,
  VectorIndex,
  type RetrievalDoc,
} from "./index";

const faq = [
  {
    id: "refund",
    question: "How do I get a refund?",
    alternatives: ["I want my money back", "Can I return my order for a refund?"],
    answer: "Open Orders, choose the order and press Refund. Money returns in 3–5 working days.",
  },
  {
    id: "shipping",
    question: "How long does shipping take?",
    alternatives: ["When will my package arrive?", "delivery time"],
    answer: "Standard delivery takes 2–4 days.",
  },
  {
    id: "password",
    question: "How do I reset my password?",
    alternatives: ["I forgot my password", "can't log in to my account"],
    answer: "Use 'Forgot password' on the sign-in page.",
  },
  {
    id: "zh-refund",
    question: "怎么申请退款？",
    alternatives: ["我想退款怎么办", "退款多久到账"],
    answer: "在订单页面点击“申请退款”，款项将在3到5个工作日内原路退回。",
  },
  {
    id: "zh-invoice",
    question: "如何开具发票？",
    alternatives: ["我需要发票"],
    answer: "在订单详情中点击“开发票”，填写抬头即可。",
  },
];

const tokenizeForTest = (text: string): string[] => tokenize(text);

function faqDocs(): RetrievalDoc[] {
  return faq.flatMap((e) =>
    faqChunks(e).map((c, i) => ({ id: `${e.id}#${i}`, sourceId: e.id, text: c.text, answer: c.answer })),
  );
}

describe("hashedNgramEmbedding", () => {
  it("is deterministic, 256-dimensional and L2-normalised", () => {
    const a = hashedNgramEmbedding("How do I get a refund?");
    expect(a).toHaveLength(EMBEDDING_DIMS);
    expect(EMBEDDING_DIMS).toBe(256);
    expect(hashedNgramEmbedding("How do I get a refund?")).toEqual(a);
    expect(Math.hypot(...a)).toBeCloseTo(1, 10);
    expect(hashedNgramEmbedding("退款", 64)).toHaveLength(64);
  });

  it("gives the zero vector for empty text", () => {
    expect(hashedNgramEmbedding("").every((x) => x === 0)).toBe(true);
  });

  it("puts related texts closer than unrelated ones", () => {
    const q = hashedNgramEmbedding("refunding my order");
    expect(cosineSimilarity(q, hashedNgramEmbedding("order refunds"))).toBeGreaterThan(
      cosineSimilarity(q, hashedNgramEmbedding("reset the password")),
    );
    const z = hashedNgramEmbedding("退款申请");
    expect(cosineSimilarity(z, hashedNgramEmbedding("怎么申请退款"))).toBeGreaterThan(
      cosineSimilarity(z, hashedNgramEmbedding("如何开具发票")),
    );
  });

  it("keeps the earlier word features for colloquial Chinese (stored embeddings stay valid)", () => {
    const features = ngramFeatures("退款咋弄");
    expect(features.has("w:咋")).toBe(true);
    expect(features.has("w:怎么")).toBe(false);
  });

  it("uses a stable hash", () => {
    expect(fnv1a32("kefu")).toBe(fnv1a32("kefu"));
    expect(fnv1a32("kefu")).not.toBe(fnv1a32("kefv"));
  });
});

describe("LexicalIndex", () => {
  const docs = [
    { text: "refund policy for orders" },
    { text: "shipping and delivery times" },
    { text: "refund refund refund" },
  ];
  it("ranks by BM25 and reports query coverage", () => {
    const index = new LexicalIndex(docs);
    const hits = index.search("order refund", 3);
    expect(hits[0]?.index).toBe(0);
    expect(hits[0]?.coverage).toBeCloseTo(1);
    expect(hits.map((h) => h.index)).not.toContain(1);
    expect(index.search("unrelated words", 3)).toEqual([]);
  });
  it("counts unknown query terms against coverage", () => {
    const hit = new LexicalIndex(docs).search("refund xylophone", 1)[0];
    expect(hit?.coverage).toBeGreaterThan(0);
    expect(hit?.coverage).toBeLessThan(0.6);
  });
});

describe("VectorIndex", () => {
  it("finds the nearest vector by cosine", () => {
    const index = new VectorIndex(["a", "b"], [[1, 0], [0, 2]], 2);
    expect(index.search([0, 1], 1)[0]).toEqual({ doc: "b", index: 1, score: 1 });
    expect(() => new VectorIndex(["a"], [[1, 0, 0]], 2)).toThrow(RangeError);
  });
});

describe("reciprocalRankFusion", () => {
  it("rewards items ranked well in several lists", () => {
    const fused = reciprocalRankFusion([
      ["a", "b", "c"],
      ["b", "c", "a"],
      ["b", "d"],
    ]);
    expect(fused[0]?.id).toBe("b");
    expect(fused.map((f) => f.id).sort()).toEqual(["a", "b", "c", "d"]);
    expect(fused[0]?.score).toBeCloseTo(1 / 62 + 1 / 61 + 1 / 61);
  });
  it("honours weights and breaks ties by first appearance", () => {
    expect(reciprocalRankFusion([["x"], ["y"]]).map((f) => f.id)).toEqual(["x", "y"]);
    expect(reciprocalRankFusion([["x"], ["y"]], { weights: [1, 2] })[0]?.id).toBe("y");
  });
});

describe("HybridRetriever", () => {
  const retriever = new HybridRetriever(faqDocs());

  it("groups phrasings of one FAQ entry into one hit", () => {
    const hits = retriever.retrieve("refund my order", 10);
    expect(hits[0]?.doc.sourceId).toBe("refund");
    const ids = hits.map((h) => h.doc.sourceId);
    expect(new Set(ids).size).toBe(ids.length);
    for (let i = 1; i < hits.length; i++) expect(hits[i - 1]!.score).toBeGreaterThanOrEqual(hits[i]!.score);
  });

  it("answers paraphrases in English and Chinese", () => {
    expect(retriever.retrieve("I forgot the password for my account", 1)[0]?.doc.sourceId).toBe("password");
    expect(retriever.retrieve("when does my parcel arrive", 1)[0]?.doc.sourceId).toBe("shipping");
    expect(retriever.retrieve("退款什么时候到账", 1)[0]?.doc.sourceId).toBe("zh-refund");
    expect(retriever.retrieve("发票怎么开", 1)[0]?.doc.sourceId).toBe("zh-invoice");
  });

  it("matches a question in Traditional Chinese to a Simplified entry, and the other way round", () => {
    expect(retriever.retrieve("我想申請退款，多久到帳", 1)[0]?.doc.sourceId).toBe("zh-refund");
    expect(retriever.retrieve("發票怎麼開", 1)[0]?.doc.sourceId).toBe("zh-invoice");
    const traditional = new HybridRetriever(
      faqChunks({ question: "如何開立發票？", alternatives: [], answer: "在訂單詳情中點擊「開發票」。" })
        .map((c, i) => ({ id: `tw-invoice#${i}`, sourceId: "tw-invoice", text: c.text, answer: c.answer }))
        .concat(faqDocs().filter((d) => d.sourceId !== "zh-invoice")),
    );
    const q = "发票怎么开";
    expect(traditional.retrieve(q, 1)[0]?.doc.sourceId).toBe("tw-invoice");
    expect(answerConfidence(q, traditional.retrieve(q, 5))).toBeGreaterThanOrEqual(DEFAULT_ANSWER_THRESHOLD);
  });

  it("exposes scores of the best chunk", () => {
    const hit = retriever.retrieve("I forgot my password", 1)[0];
    expect(hit?.doc.text).toBe("I forgot my password");
    expect(hit?.vectorScore).toBeCloseTo(1, 5);
    expect(hit?.lexicalScore).toBeGreaterThan(0);
    expect(hit?.coverage).toBeCloseTo(1);
  });

  it("uses stored embeddings when present, and handles empty input", () => {
    const docs = faqDocs().map((d) => ({ ...d, embedding: hashedNgramEmbedding(d.text) }));
    expect(retrieve(docs, "reset password", 1)[0]?.doc.sourceId).toBe("password");
    expect(new HybridRetriever([]).retrieve("anything")).toEqual([]);
    expect(retriever.retrieve("", 3)).toEqual([]);
  });
});

describe("answerConfidence", () => {
  const retriever = new HybridRetriever(faqDocs());
  const conf = (q: string): number => answerConfidence(q, retriever.retrieve(q, 5));

  it("scores paraphrases above the threshold and unrelated queries below it", () => {
    for (const q of ["how can I get my money back", "I forgot my password", "我想申请退款"]) {
      expect(conf(q)).toBeGreaterThanOrEqual(DEFAULT_ANSWER_THRESHOLD);
    }
    for (const q of ["what is the weather in Paris tomorrow", "who won the football match", "今天天气怎么样"]) {
      expect(conf(q)).toBeLessThan(DEFAULT_ANSWER_THRESHOLD);
    }
    expect(conf("how do I get a refund")).toBeGreaterThan(conf("what is the weather in Paris tomorrow"));
  });

  it("declines a question that only shares a question word with a small knowledge base", () => {
    // The only Chinese entry always beats the English ones: its margin says nothing here.
    expect(conf("今天天气怎么样？")).toBeLessThan(DEFAULT_ANSWER_THRESHOLD);
    expect(conf("退款咋弄")).toBeGreaterThanOrEqual(DEFAULT_ANSWER_THRESHOLD);
  });

  it("stays within [0, 1] and is 0 without hits", () => {
    expect(answerConfidence("x", [])).toBe(0);
    const c = conf("How do I get a refund?");
    expect(c).toBeGreaterThan(0.5);
    expect(c).toBeLessThanOrEqual(1);
  });
});

function indexOf(docs: readonly RetrievalDoc[], { classifier = true } = {}): KnowledgeIndex {
  const index = new KnowledgeIndex();
  const bySource = new Map<string, RetrievalDoc[]>();
  for (const d of docs) bySource.set(d.sourceId, [...(bySource.get(d.sourceId) ?? []), d]);
  for (const [id, chunks] of bySource) index.upsertSource({ id, version: "1", chunks });
  // As the product's sync does after every change (knowledge/retrieval-cache.ts).
  if (classifier) index.trainClassifier();
  return index;
}

const search = (docs: readonly RetrievalDoc[], index: KnowledgeIndex, q: string, options = {}) =>
  hybridSearch([index], new MemoryVectors(docs).forQuery(hashedNgramEmbedding(q)), q, options);

describe("LexicalShard", () => {
  it("scores like a LexicalIndex built over the same live documents, after removals", () => {
    const texts = ["refund my order", "order status", "reset password", "refund policy for orders", "password rules"];
    const shard = new LexicalShard();
    const slots = texts.map((t) => shard.add(tokenizeForTest(t)));
    shard.remove(slots[1]!, tokenizeForTest(texts[1]!));
    const live = texts.filter((_, i) => i !== 1).map((text) => ({ text }));
    const reference = new LexicalIndex(live, { delta: 0 });
    const [got] = bm25Scores([shard], tokenizeForTest("refund order"));
    const want = reference.search("refund order", 10);
    expect(got!.matched).toHaveLength(want.length);
    for (const hit of want) {
      const slot = texts.indexOf(hit.doc.text);
      expect(got!.scores[slot]).toBeCloseTo(hit.score, 10);
      expect(got!.coverage[slot]).toBeCloseTo(hit.coverage, 10);
    }
    expect(shard.docCount).toBe(4);
    expect(shard.df("order")).toBe(2);
  });

  it("sums statistics over shards as one corpus", () => {
    const one = new LexicalShard();
    const two = new LexicalShard();
    const both = new LexicalShard();
    for (const t of ["refund order", "order status"]) {
      one.add(tokenizeForTest(t));
      both.add(tokenizeForTest(t));
    }
    for (const t of ["reset password", "refund policy"]) {
      two.add(tokenizeForTest(t));
      both.add(tokenizeForTest(t));
    }
    const [a, b] = bm25Scores([one, two], tokenizeForTest("refund"));
    const [all] = bm25Scores([both], tokenizeForTest("refund"));
    expect(a!.scores[0]).toBeCloseTo(all!.scores[0]!, 12);
    expect(b!.scores[1]).toBeCloseTo(all!.scores[3]!, 12);
  });
});

describe("KnowledgeIndex (incremental)", () => {
  it("adds, replaces and deletes sources without a rebuild", () => {
    const docs = faqDocs();
    const index = indexOf(docs);
    expect(index.sourceCount).toBe(5);
    const chunksBefore = index.chunkCount;

    // Replace: the refund entry gets new phrasings; its old ones are gone from the index.
    index.upsertSource({ id: "refund", version: "2", chunks: [{ id: "refund#new", text: "money back guarantee", answer: "Yes." }] });
    expect(index.versions().get("refund")).toBe("2");
    expect(index.chunk("refund#0")).toBeUndefined();
    expect(index.chunk("refund#new")?.sourceId).toBe("refund");
    // Three phrasings out, one in; the entry's answer stays one (lexical-only) chunk.
    expect(index.chunkCount).toBe(chunksBefore - 3 + 1);
    expect(index.sourceChunks("refund").map((c) => c.text)).toEqual(["money back guarantee", "Yes."]);

    // Delete.
    expect(index.removeSource("password")).toBe(true);
    expect(index.removeSource("password")).toBe(false);
    expect(index.has("password")).toBe(false);
    expect(index.sourceChunks("password")).toEqual([]);

    // Add.
    index.upsertSource({ id: "hours", version: "1", title: "Opening hours", chunks: [{ id: "hours#0", text: "When are you open?", answer: "9 to 5." }] });
    expect(index.chunk("hours#0")?.title).toBe("Opening hours");
    expect(index.garbageRatio).toBeGreaterThan(0);
  });

  it("retrieves the same after updates as an index built from scratch", async () => {
    const docs = faqDocs();
    const updated = indexOf(docs);
    const extra: RetrievalDoc = { id: "hours#0", sourceId: "hours", text: "When are you open?", answer: "9 to 5." };
    updated.upsertSource({ id: "hours", version: "1", chunks: [extra] });
    updated.removeSource("shipping");
    expect(updated.classifierStale).toBe(true);
    updated.trainClassifier();
    expect(updated.classifierStale).toBe(false);
    const finalDocs = [...docs.filter((d) => d.sourceId !== "shipping"), extra];
    const fresh = indexOf(finalDocs);
    for (const q of ["I forgot my password", "are you open on sunday", "退款多久到账", "when will my parcel arrive"]) {
      const a = await search(finalDocs, updated, q);
      const b = await search(finalDocs, fresh, q);
      expect(a.map((h) => [h.doc.id, h.score.toFixed(12)])).toEqual(b.map((h) => [h.doc.id, h.score.toFixed(12)]));
    }
  });
});

describe("hybridSearch", () => {
  const docs = faqDocs().map((d) => ({ ...d, embedding: hashedNgramEmbedding(d.text) }));
  const index = indexOf(docs);
  const reference = new HybridRetriever(docs);

  it("gives HybridRetriever's weighted scores and hits when not reranked", async () => {
    // HybridRetriever keeps vectors in float32: equal to ~1e-7.
    for (const q of ["refund my order", "I forgot the password for my account", "发票怎么开", "what is the weather"]) {
      const got = await search(docs, index, q, { rerank: false });
      const want = reference.retrieve(q, 5);
      expect(got.map((h) => h.doc.id)).toEqual(want.map((h) => h.doc.id));
      got.forEach((h, i) => {
        expect(h.score).toBeCloseTo(want[i]!.score, 6);
        expect(h.sourceCoverage).toBeCloseTo(want[i]!.sourceCoverage, 6);
        expect(h.centroidScore).toBeCloseTo(want[i]!.centroidScore, 6);
        expect(h.vectorScore).toBeCloseTo(want[i]!.vectorScore, 6);
      });
    }
  });

  it("fuses by RRF on request, with scores in [0, 1]", async () => {
    const hits = await search(docs, index, "how do I get a refund", { fusion: "rrf", rerank: false });
    expect(hits[0]?.doc.sourceId).toBe("refund");
    expect(hits[0]!.score).toBeLessThanOrEqual(1);
    for (let i = 1; i < hits.length; i++) expect(hits[i - 1]!.score).toBeGreaterThanOrEqual(hits[i]!.score);
  });

  it("reranks near-ties by phrase matches and keeps scores in [0, 1]", async () => {
    const twins: RetrievalDoc[] = [
      { id: "a#0", sourceId: "a", text: "card payment declined abroad", answer: "Call us." },
      { id: "b#0", sourceId: "b", text: "payment card abroad declined", answer: "Call us." },
    ];
    // Without a classifier: its posterior would separate two sources of the same words by the
    // order it saw them in.
    const twinIndex = indexOf(twins, { classifier: false });
    const q = "payment card abroad";
    const plain = await search(twins, twinIndex, q, { rerank: false });
    expect(plain[0]!.score).toBeCloseTo(plain[1]!.score, 2);
    const reranked = await search(twins, twinIndex, q, { rerank: true });
    expect(reranked[0]?.doc.sourceId).toBe("b");
    expect(reranked[0]!.score).toBeLessThanOrEqual(1);
    expect(phraseMatch(q, twins[1]!)).toBe(1);
    expect(phraseMatch(q, twins[0]!)).toBe(0);
    expect(phraseMatch("card", twins[0]!)).toBe(0);
  });

  it("takes vector-only candidates from the vector backend", async () => {
    const nearestOnly: RetrievalDoc[] = [{ id: "x#0", sourceId: "x", text: "zzz", answer: "Z" }];
    const idx = indexOf(nearestOnly);
    const backend = {
      search: () =>
        Promise.resolve({
          nearest: [{ chunkId: "unknown", cosine: 0.9 }, { chunkId: "x#0", cosine: 0.8 }],
          chunks: new Map([["x#0", 0.8]]),
          centroids: new Map([["x", 0.8]]),
        }),
    };
    const hits = await hybridSearch([idx], backend, "no words in common");
    expect(hits.map((h) => h.doc.id)).toEqual(["x#0"]);
    expect(hits[0]!.vectorScore).toBe(0.8);
    expect(await hybridSearch([idx], backend, "   ")).toEqual([]);
    expect(await hybridSearch([new KnowledgeIndex()], backend, "anything")).toEqual([]);
  });

  it("uses centroids kept in the index when the backend gives none", async () => {
    const withCentroids = new KnowledgeIndex();
    const bySource = new Map<string, RetrievalDoc[]>();
    for (const d of docs) bySource.set(d.sourceId, [...(bySource.get(d.sourceId) ?? []), d]);
    for (const [id, chunks] of bySource) {
      const centroid = new Array<number>(EMBEDDING_DIMS).fill(0);
      for (const c of chunks) c.embedding!.forEach((x, j) => (centroid[j] = (centroid[j] ?? 0) + x));
      withCentroids.upsertSource({ id, version: "1", chunks, centroid });
    }
    withCentroids.trainClassifier();
    const q = "I forgot the password for my account";
    const qv = hashedNgramEmbedding(q);
    const full = new MemoryVectors(docs).forQuery(qv);
    const noCentroids = { search: async (k: number, ids: readonly string[]) => ({ ...(await full.search(k, ids)), centroids: undefined }) };
    const got = await hybridSearch([withCentroids], noCentroids, q, { queryVector: qv });
    const want = await hybridSearch([index], full, q);
    // The index keeps centroids in float32: equal to ~1e-7.
    expect(got.map((h) => [h.doc.id, h.score.toFixed(6), h.centroidScore.toFixed(6)])).toEqual(
      want.map((h) => [h.doc.id, h.score.toFixed(6), h.centroidScore.toFixed(6)]),
    );
  });

  it("is served by PrefetchedRetriever to synchronous callers", async () => {
    const hits = await search(docs, index, "reset password");
    const r = new PrefetchedRetriever("reset password", hits);
    expect(r.retrieve("reset password", 1)).toEqual(hits.slice(0, 1));
    expect(() => r.retrieve("something else")).toThrow();
  });
});

describe("an FAQ entry's answer as a chunk", () => {
  it("is added to FAQ entries only: not to documents, whose passages are their own answers", () => {
    const index = new KnowledgeIndex();
    index.upsertSource({ id: "faq", version: "1", chunks: [{ id: "faq#0", text: "Can I pay on delivery?", answer: "Yes, cash on delivery is accepted." }] });
    index.upsertSource({
      id: "doc",
      version: "1",
      chunks: [
        { id: "doc#0", text: "Fees\nThe card fee is two percent.", answer: "The card fee is two percent." },
        { id: "doc#1", text: "Fees\nWire transfers are free.", answer: "Wire transfers are free." },
      ],
    });
    index.upsertSource({ id: "one", version: "1", chunks: [{ id: "one#0", text: "Hours\nWe open at nine.", answer: "We open at nine." }] });
    expect(index.sourceChunks("faq").map((c) => c.text)).toEqual(["Can I pay on delivery?", "Yes, cash on delivery is accepted."]);
    expect(index.sourceChunks("doc")).toHaveLength(2);
    expect(index.sourceChunks("one")).toHaveLength(1);
    // The answer's words find the entry that was written with other ones.
    expect(new HybridRetriever([...index.sourceChunks("faq").slice(0, 1), ...index.sourceChunks("doc")]).retrieve("cash", 1)[0]?.doc.sourceId).toBe("faq");
  });
});
