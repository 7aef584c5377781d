import { describe, expect, it } from "vitest";
import { faqChunks } from "../knowledge";
import { answerConfidence, DEFAULT_ANSWER_THRESHOLD, hashedNgramEmbedding, hybridSearch, KnowledgeIndex, MemoryVectors, type RetrievalDoc } from "./index";

// An imported intent has hundreds of phrasings where a written FAQ entry has one to three. The
// source-level evidence (BM25 over all of a source's chunks, the centroid of their vectors, the
// classifier) must neither let such an entry win questions of the small entries around it nor
// lower its own scores just for its size.

const SMALL: [string, string[]][] = [
  ["refund", ["How do I get a refund?", "I want my money back"]],
  ["password", ["How do I reset my password?", "I forgot my password"]],
  ["invoice", ["Where can I download my invoice?"]],
  ["hours", ["What are your opening hours?", "When is the store open?"]],
  ["cancel", ["How do I cancel my order?", "Cancel an order I just placed"]],
  ["address", ["How do I change my delivery address?"]],
  ["payment", ["Which payment methods do you accept?", "Can I pay by credit card?"]],
  ["warranty", ["How long is the warranty?"]],
  ["coupon", ["My coupon code does not work"]],
  ["account", ["How do I delete my account?"]],
];

const STARTS = ["where is", "track", "any news on", "status of", "has anything happened with", "I am waiting for", "can you check", "what happened to", "locate", "follow"];
const THINGS = ["my parcel", "my package", "the shipment", "my delivery", "the parcel I ordered", "my package from last week"];
const ENDS = ["", " please", " today", " right now", " for me", "?"];
/** 360 phrasings of "where is my parcel". */
const TRACKING = STARTS.flatMap((s) => THINGS.flatMap((t) => ENDS.map((e) => `${s} ${t}${e}`)));

const ANSWERS: Record<string, string> = {
  refund: "Refunds are paid to the original payment method within 5 days.",
  password: "Use the 'Forgot password' link on the sign-in page.",
  invoice: "Invoices are in Account > Orders.",
  hours: "We are open 9am to 6pm, Monday to Saturday.",
  cancel: "Orders can be cancelled from the Orders page until they ship.",
  address: "Edit the address in Account > Addresses before the order ships.",
  payment: "We accept Visa, Mastercard, Alipay and WeChat Pay.",
  warranty: "Every device has a two-year warranty.",
  coupon: "Coupons apply to full-price items only and expire after 30 days.",
  account: "Write to support to delete your account.",
  tracking: "Follow your parcel with the tracking link in the shipping e-mail.",
};

function docs(trackingPhrasings: readonly string[]): RetrievalDoc[] {
  const entries: [string, string[]][] = [...SMALL, ["tracking", [...trackingPhrasings]]];
  return entries.flatMap(([id, [question, ...alternatives]]) =>
    faqChunks({ question: question!, alternatives, answer: ANSWERS[id] ?? "" }).map((c, i) => ({ id: `${id}#${i}`, sourceId: id, text: c.text, answer: c.answer })),
  );
}

function searcher(all: RetrievalDoc[]) {
  const index = new KnowledgeIndex();
  const bySource = new Map<string, RetrievalDoc[]>();
  for (const d of all) bySource.set(d.sourceId, [...(bySource.get(d.sourceId) ?? []), d]);
  for (const [id, chunks] of bySource) index.upsertSource({ id, version: "1", chunks });
  index.trainClassifier();
  return async (q: string) => {
    const hits = await hybridSearch([index], new MemoryVectors(all).forQuery(hashedNgramEmbedding(q)), q);
    return { top: hits[0]?.doc.sourceId, confidence: answerConfidence(q, hits) };
  };
}

describe("an FAQ entry with 360 phrasings among entries of one or two", () => {
  const big = searcher(docs(TRACKING));

  it("does not take the small entries' questions", async () => {
    const questions: [string, string][] = [
      ["can I get my money back for my order", "refund"],
      ["reset password please", "password"],
      ["download the invoice for my package", "invoice"],
      ["is the store open today", "hours"],
      ["cancel my order please", "cancel"],
      ["change the delivery address of my parcel", "address"],
      ["do you accept credit cards", "payment"],
      ["how long is my warranty", "warranty"],
      ["the coupon code is not working", "coupon"],
      ["delete my account", "account"],
    ];
    for (const [q, want] of questions) expect((await big(q)).top, q).toBe(want);
  });

  it("gives no confidence to an unrelated question", async () => {
    // 0.53 on the learned prior of its 360 examples before the classifier weighed labels by size.
    for (const q of ["what is the capital of Peru?", "is there a student discount"]) {
      const { top, confidence } = await big(q);
      expect(confidence, q).toBeLessThan(DEFAULT_ANSWER_THRESHOLD);
      expect(top, q).not.toBe("tracking");
    }
  });

  it("answers its own unseen phrasings, a little less surely than with three (its centroid is an average of 360)", async () => {
    const small = searcher(docs(TRACKING.slice(0, 3)));
    for (const q of ["where on earth is my parcel", "I still have not received my package, where is it", "tracking for the shipment please"]) {
      const withAll = await big(q);
      const withThree = await small(q);
      expect(withAll.top, q).toBe("tracking");
      expect(withAll.confidence, q).toBeGreaterThanOrEqual(DEFAULT_ANSWER_THRESHOLD);
      // Measured: 0.70 against 0.80 for the first; the other two gain (0.49 against 0.29, 0.89 against 0.43).
      expect(withAll.confidence, q).toBeGreaterThanOrEqual(withThree.confidence - 0.15);
    }
  });
});
