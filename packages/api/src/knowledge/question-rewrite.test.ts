import { type RetrievalHit } from "@kefu/domain";
import { describe, expect, it } from "vitest";
import { fuseHits } from "./question-rewrite.ts";

const hit = (sourceId: string, score: number): RetrievalHit =>
  ({ doc: { id: `${sourceId}#${score}`, sourceId, text: sourceId, answer: sourceId }, score, lexicalScore: 0, vectorScore: 0, coverage: 0, sourceCoverage: 0, centroidScore: 0, classifierScore: null }) as RetrievalHit;

describe("fuseHits", () => {
  it("keeps each source's better hit of the two searches, best first, k of them", () => {
    const fused = fuseHits([hit("a", 0.5), hit("b", 0.3)], [hit("b", 0.7), hit("c", 0.2), hit("a", 0.1)], 2);
    expect(fused.map((h) => [h.doc.sourceId, h.score])).toEqual([
      ["b", 0.7],
      ["a", 0.5],
    ]);
  });
});
