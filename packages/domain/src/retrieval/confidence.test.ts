import { describe, expect, it } from "vitest";
import { answerConfidence, DEFAULT_ANSWER_THRESHOLD } from "./confidence";
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

describe("answerConfidence", () => {
  it("uses the chunk cosine and the margin without a classifier", () => {
    const alone = answerConfidence("q", [hit({})]);
    expect(alone).toBeCloseTo(0.45 * 0.3 + 0.35 * 0.3 + 0.1 * 0.3 + 0.1 * 1, 10);
    // A runner-up as strong as the top hit takes the margin away.
    expect(answerConfidence("q", [hit({}), hit({ doc: { id: "b#0", sourceId: "b", text: "t", answer: "B" } })])).toBeCloseTo(alone - 0.1, 10);
  });

  it("uses the classifier's posterior where the knowledge base has one", () => {
    const sure = answerConfidence("q", [hit({ classifierScore: 0.9 })]);
    const unsure = answerConfidence("q", [hit({ classifierScore: 0.05 })]);
    expect(sure).toBeCloseTo(0.53 * 0.3 + 0.3 * 0.3 + 0.17 * 0.9, 10);
    // Same words and cosines: the posterior decides between answering and not.
    expect(sure).toBeGreaterThanOrEqual(DEFAULT_ANSWER_THRESHOLD);
    expect(unsure).toBeLessThan(DEFAULT_ANSWER_THRESHOLD);
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
