import { describe, expect, it } from "vitest";
import { evalMetrics, firstRelevantRank, percentile, type EvalOutcome } from "./index";

const q = (expected: string[], ranking: string[], answered: boolean, latencyMs = 10): EvalOutcome => ({
  expected,
  ranking,
  answered,
  latencyMs,
});

describe("percentile", () => {
  it("uses the nearest rank", () => {
    const xs = [5, 1, 4, 2, 3];
    expect(percentile(xs, 50)).toBe(3);
    expect(percentile(xs, 95)).toBe(5);
    expect(percentile(xs, 0)).toBe(1);
    expect(percentile(xs, 100)).toBe(5);
    expect(percentile(Array.from({ length: 100 }, (_, i) => i + 1), 95)).toBe(95);
    expect(percentile([], 50)).toBeNull();
  });
});

describe("firstRelevantRank", () => {
  it("is 1-based, 0 when absent, and takes any of several expected ids", () => {
    expect(firstRelevantRank(["a"], ["a", "b"])).toBe(1);
    expect(firstRelevantRank(["c", "b"], ["a", "b", "c"])).toBe(2);
    expect(firstRelevantRank(["z"], ["a", "b"])).toBe(0);
    expect(firstRelevantRank([], ["a"])).toBe(0);
  });
});

describe("evalMetrics", () => {
  it("computes retrieval figures over answerable queries only", () => {
    const m = evalMetrics([
      q(["a"], ["a", "b"], true),
      q(["b"], ["a", "b"], true),
      q(["c"], ["a", "b", "d", "e", "f"], false),
      q(["d"], ["a", "b", "x", "y", "d"], true),
      q([], ["a"], false),
    ]);
    expect(m.answerable).toBe(4);
    expect(m.unanswerable).toBe(1);
    expect(m.queries).toBe(5);
    expect(m.recall_at_1).toBe(1 / 4);
    expect(m.recall_at_5).toBe(3 / 4);
    expect(m.mrr).toBeCloseTo((1 + 1 / 2 + 0 + 1 / 5) / 4, 12);
    expect(m.answer_rate).toBe(3 / 5);
    // Answered answerable: a (right), b (wrong top), d (wrong top).
    expect(m.answered_accuracy).toBe(1 / 3);
  });

  it("scores 'did not answer' against unanswerable queries over all queries", () => {
    const m = evalMetrics([
      q([], [], false), // true positive
      q([], ["a"], false), // true positive
      q([], ["a"], true), // false negative: answered what it should not have
      q(["a"], ["a"], false), // false positive: declined an answerable query
      q(["a"], ["a"], true), // true negative
    ]);
    expect(m.unanswerable_precision).toBe(2 / 3);
    expect(m.unanswerable_recall).toBe(2 / 3);
    expect(m.unanswerable_f1).toBeCloseTo(2 / 3, 12);
    expect(m.answer_rate).toBe(2 / 5);
  });

  it("gives null unanswerable figures without unanswerable queries, and 0 when it never declines", () => {
    const none = evalMetrics([q(["a"], ["a"], false), q(["b"], ["b"], true)]);
    expect(none.unanswerable_precision).toBeNull();
    expect(none.unanswerable_recall).toBeNull();
    expect(none.unanswerable_f1).toBeNull();
    const never = evalMetrics([q([], ["a"], true), q(["a"], ["a"], true)]);
    expect(never).toMatchObject({ unanswerable_precision: 0, unanswerable_recall: 0, unanswerable_f1: 0 });
  });

  it("gives null retrieval figures without answerable queries, and null everything for no queries", () => {
    const m = evalMetrics([q([], [], false)]);
    expect(m).toMatchObject({ recall_at_1: null, recall_at_5: null, mrr: null, answered_accuracy: null, unanswerable_f1: 1 });
    const empty = evalMetrics([]);
    expect(empty).toMatchObject({ queries: 0, answer_rate: null, latency_ms_p50: null, latency_ms_p95: null });
  });

  it("reports latency percentiles over all queries", () => {
    const m = evalMetrics(Array.from({ length: 20 }, (_, i) => q(i % 2 ? [] : ["a"], ["a"], true, i + 1)));
    expect(m.latency_ms_p50).toBe(10);
    expect(m.latency_ms_p95).toBe(19);
  });

  it("counts suggestions apart from answers: the suggestion rate and what one step reaches", () => {
    const s = (expected: string[], ranking: string[], suggested: string[]): EvalOutcome => ({ ...q(expected, ranking, false), suggested });
    const m = evalMetrics([
      q(["a"], ["a", "b"], true), // answered right
      q(["a"], ["b", "a"], true), // answered wrong, nothing offered beside it
      s(["c"], ["d", "c"], ["d", "c"]), // the expected entry is among the suggestions
      s(["e"], ["d", "e"], ["d"]), // suggested, but not the expected entry
      q(["f"], ["f"], false), // declined
      s([], ["x"], ["x"]), // unanswerable, only suggested: still "not answered"
      q([], ["x"], false),
    ]);
    expect(m.suggested_rate).toBe(3 / 7);
    expect(m.related_rate).toBe(0);
    expect(m.answered_or_suggested_recall).toBe(2 / 5);
    expect(m.unanswerable_suggested_rate).toBe(1 / 2);
    expect(m.answered_accuracy).toBe(1 / 2);
    expect(m.answer_rate).toBe(2 / 7);
    expect(m.unanswerable_recall).toBe(1);
    expect(evalMetrics([])).toMatchObject({ suggested_rate: null, answered_or_suggested_recall: null, unanswerable_suggested_rate: null });
    // Without suggestions the recall is the answered accuracy over all answerable queries.
    expect(evalMetrics([q(["a"], ["a"], true), q(["b"], ["b"], false)]).answered_or_suggested_recall).toBe(1 / 2);
  });

  it("counts related questions under an answer: a wrong answer whose entry is offered beside it is one step away", () => {
    const answered = (expected: string[], ranking: string[], suggested: string[]): EvalOutcome => ({ ...q(expected, ranking, true), suggested });
    const m = evalMetrics([
      answered(["a"], ["a", "b"], ["b"]), // right, with a related question
      answered(["b"], ["a", "b"], ["b"]), // wrong, the right entry offered beside it
      answered(["c"], ["a", "c"], []), // wrong, nothing offered
      q(["d"], ["d"], true), // right, nothing offered
    ]);
    expect(m.related_rate).toBe(2 / 4);
    expect(m.suggested_rate).toBe(0);
    expect(m.answered_or_suggested_recall).toBe(3 / 4);
    // Related questions change neither the answered accuracy nor the answer rate.
    expect(m.answered_accuracy).toBe(2 / 4);
    expect(m.answer_rate).toBe(1);
  });

  it("lists the report's required figures first, in order", () => {
    expect(Object.keys(evalMetrics([])).slice(0, 9)).toEqual([
      "recall_at_1",
      "recall_at_5",
      "mrr",
      "answer_rate",
      "unanswerable_precision",
      "unanswerable_recall",
      "unanswerable_f1",
      "latency_ms_p50",
      "latency_ms_p95",
    ]);
  });
});
