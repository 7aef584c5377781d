import { describe, expect, it } from "vitest";
import { answerConfidence, DEFAULT_ANSWER_THRESHOLD, rightEntryProbability } from "./confidence";
import { type RetrievalHit } from "./types";

const hit = (over: Partial<RetrievalHit>): RetrievalHit => ({
  doc: { id: "a#0", sourceId: "a", text: "t", answer: "A" },
  score: 0.5,
  lexicalScore: 1,
  vectorScore: 0.3,
  coverage: 0.3,
  sourceCoverage: 0.3,
  centroidScore: 0.3,
  classifierScore: null,
  ...over,
});

/** The evidence `c` blended with the top score's lead (×4, at most 1, at most `c`). */
const blend = (c: number, lead: number) => 0.72 * c + 0.43 * Math.min(Math.min(1, 4 * lead), c);
const other = (score: number) => hit({ doc: { id: "b#0", sourceId: "b", text: "t", answer: "B" }, score });

describe("answerConfidence", () => {
  it("uses the chunk cosine and the margin without a classifier", () => {
    const alone = answerConfidence("q", [hit({})]);
    expect(alone).toBeCloseTo(blend(0.45 * 0.3 + 0.35 * 0.3 + 0.1 * 0.3 + 0.1 * 1, 0.5), 10);
    // A runner-up as strong as the top hit takes the margin and the lead away.
    expect(answerConfidence("q", [hit({}), other(0.5)])).toBeCloseTo(blend(0.45 * 0.3 + 0.35 * 0.3 + 0.1 * 0.3, 0), 10);
  });

  it("is surer when the top source leads its neighbour, but a lone weak match gains no more than its evidence", () => {
    const tie = answerConfidence("q", [hit({ classifierScore: 0.5 }), other(0.5)]);
    const lead = answerConfidence("q", [hit({ classifierScore: 0.5 }), other(0.4)]);
    expect(lead).toBeGreaterThan(tie);
    const weak = hit({ sourceCoverage: 0.05, centroidScore: 0.05, classifierScore: 0.1, score: 0.2 });
    const evidence = 0.53 * 0.05 + 0.3 * 0.05 + 0.17 * 0.1;
    expect(answerConfidence("q", [weak])).toBeLessThanOrEqual(1.15 * evidence + 1e-12);
    expect(answerConfidence("q", [weak])).toBeLessThan(0.1);
  });

  it("uses the classifier's posterior where the knowledge base has one", () => {
    const sure = answerConfidence("q", [hit({ classifierScore: 0.9 }), { ...other(0.45), classifierScore: 0.05 }]);
    const unsure = answerConfidence("q", [hit({ classifierScore: 0.05 }), { ...other(0.45), classifierScore: 0.9 }]);
    // Same words and cosines: the posterior decides between answering and not.
    expect(sure).toBeGreaterThanOrEqual(DEFAULT_ANSWER_THRESHOLD);
    expect(unsure).toBeLessThan(DEFAULT_ANSWER_THRESHOLD);
    expect(sure).toBeLessThanOrEqual(1);
  });

  it("tells the right entry from a near neighbour by the top two hits' evidence", () => {
    const top = hit({ classifierScore: 0.5, sourceCoverage: 0.8, score: 0.6 });
    const neighbour = (over: Partial<RetrievalHit>) => ({ ...other(0.58), classifierScore: 0.45, sourceCoverage: 0.8, ...over });
    const tied = rightEntryProbability("花呗 怎么 还款", [top, neighbour({})]);
    const apart = rightEntryProbability("花呗 怎么 还款", [top, neighbour({ score: 0.3, classifierScore: 0.1, sourceCoverage: 0.3 })]);
    expect(apart).toBeGreaterThan(tied);
    expect(tied).toBeGreaterThan(0);
    expect(apart).toBeLessThan(1);
    // The same evidence on a longer question is less likely a coincidence of a word or two.
    expect(rightEntryProbability("花呗 还款 日期 可以 推迟 吗", [top, neighbour({})])).toBeGreaterThan(tied);
    // Calibrated knowledge weighs it; otherwise the evidence stands alone, as the default threshold expects.
    const near = { nearNeighbours: true };
    expect(answerConfidence("花呗 怎么 还款", [top, neighbour({})], near)).toBeLessThan(answerConfidence("花呗 怎么 还款", [top, neighbour({})]));
    expect(answerConfidence("花呗 怎么 还款", [top, neighbour({ score: 0.3, classifierScore: 0.1, sourceCoverage: 0.3 })], near)).toBeGreaterThan(
      answerConfidence("花呗 怎么 还款", [top, neighbour({})], near),
    );
    expect(rightEntryProbability("q", [])).toBe(0);
  });

  it("prefers the built-in embedder's cosines when another model ranked the hits", () => {
    const inflated = hit({ centroidScore: 0.95, vectorScore: 0.95, sourceCoverage: 0, builtinCosines: { centroid: 0.1, chunk: 0.1 } });
    expect(answerConfidence("q", [inflated])).toBeLessThan(DEFAULT_ANSWER_THRESHOLD);
    expect(answerConfidence("q", [{ ...inflated, builtinCosines: undefined }])).toBeGreaterThanOrEqual(DEFAULT_ANSWER_THRESHOLD);
  });

  it("is 0 without hits, for a blank query or a zero score", () => {
    expect(answerConfidence("q", [])).toBe(0);
    expect(answerConfidence("  ", [hit({})])).toBe(0);
    expect(answerConfidence("q", [hit({ score: 0 })])).toBe(0);
  });
});
