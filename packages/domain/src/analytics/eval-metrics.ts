/**
 * Metrics of the answer-quality evaluation (`npm run eval`). Pure: the harness collects one
 * outcome per query and this turns them into the report's figures.
 */

/** What happened to one evaluation query. */
export interface EvalOutcome {
  /** Ids of the knowledge entries that answer the query; empty when nothing in the knowledge does. */
  expected: readonly string[];
  /** Ids of the retrieved entries, best first (the top of the ranking, e.g. 5). */
  ranking: readonly string[];
  /**
   * Whether the bot answered with a citation (true) or did not: declined, said it did not know, or
   * was not sure and only offered suggestions (false).
   */
  answered: boolean;
  /**
   * Ids of the entries the reply offered: "did you mean" choices when not answered, related
   * questions under an answer; empty or omitted when none were.
   */
  suggested?: readonly string[];
  /** End-to-end time of the query in milliseconds. */
  latencyMs: number;
}

/**
 * The report's figures, named as in the report (snake_case is its JSON format). Retrieval figures
 * are over answerable queries; the unanswerable ones treat "did not answer" as the positive class
 * over all queries. A figure without any query to measure it on is null.
 */
export interface EvalMetrics {
  recall_at_1: number | null;
  recall_at_5: number | null;
  /** Mean reciprocal rank of the first expected entry within the ranking (0 when absent). */
  mrr: number | null;
  /** Share of all queries that were answered. */
  answer_rate: number | null;
  /** Of the queries not answered, the share that were unanswerable. */
  unanswerable_precision: number | null;
  /** Of the unanswerable queries, the share not answered. */
  unanswerable_recall: number | null;
  unanswerable_f1: number | null;
  latency_ms_p50: number | null;
  latency_ms_p95: number | null;
  queries: number;
  answerable: number;
  unanswerable: number;
  /** Of the answerable queries that were answered, the share whose top entry was an expected one. */
  answered_accuracy: number | null;
  /** Share of all queries that got "did you mean" suggestions instead of an answer. */
  suggested_rate: number | null;
  /** Share of all queries answered with related questions offered under the answer. */
  related_rate: number | null;
  /**
   * Of the answerable queries, the share whose expected entry was the cited answer or among the
   * entries offered (suggestions, or related questions under an answer): what the visitor can
   * reach in one step.
   */
  answered_or_suggested_recall: number | null;
  /** Of the unanswerable queries, the share offered suggestions rather than "I don't know". */
  unanswerable_suggested_rate: number | null;
}

/** Nearest-rank percentile (p in [0, 100]) of unsorted values; null for none. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? null;
}

/** 1-based rank of the first expected id in the ranking, or 0 when none is there. */
export function firstRelevantRank(expected: readonly string[], ranking: readonly string[]): number {
  const wanted = new Set(expected);
  const at = ranking.findIndex((id) => wanted.has(id));
  return at + 1;
}

const ratio = (num: number, den: number): number | null => (den > 0 ? num / den : null);

export function evalMetrics(outcomes: readonly EvalOutcome[]): EvalMetrics {
  const answerable = outcomes.filter((o) => o.expected.length > 0);
  const unanswerable = outcomes.length - answerable.length;
  const ranks = answerable.map((o) => firstRelevantRank(o.expected, o.ranking));
  const answeredAnswerable = answerable.filter((o) => o.answered);
  const answeredRight = answeredAnswerable.filter((o) => firstRelevantRank(o.expected, o.ranking.slice(0, 1)) === 1);

  const declined = outcomes.filter((o) => !o.answered);
  const declinedRightly = declined.filter((o) => o.expected.length === 0).length;
  let precision: number | null = null;
  let recall: number | null = null;
  let f1: number | null = null;
  if (unanswerable > 0) {
    precision = declined.length > 0 ? declinedRightly / declined.length : 0;
    recall = declinedRightly / unanswerable;
    f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  }

  const suggested = outcomes.filter((o) => !o.answered && (o.suggested?.length ?? 0) > 0);
  const related = outcomes.filter((o) => o.answered && (o.suggested?.length ?? 0) > 0);
  const reached = answerable.filter(
    (o) => (o.answered && firstRelevantRank(o.expected, o.ranking.slice(0, 1)) === 1) || firstRelevantRank(o.expected, o.suggested ?? []) > 0,
  );

  const latencies = outcomes.map((o) => o.latencyMs);
  return {
    recall_at_1: ratio(ranks.filter((r) => r === 1).length, answerable.length),
    recall_at_5: ratio(ranks.filter((r) => r >= 1 && r <= 5).length, answerable.length),
    mrr: ratio(
      ranks.reduce((sum, r) => sum + (r > 0 ? 1 / r : 0), 0),
      answerable.length,
    ),
    answer_rate: ratio(outcomes.length - declined.length, outcomes.length),
    unanswerable_precision: precision,
    unanswerable_recall: recall,
    unanswerable_f1: f1,
    latency_ms_p50: percentile(latencies, 50),
    latency_ms_p95: percentile(latencies, 95),
    queries: outcomes.length,
    answerable: answerable.length,
    unanswerable,
    answered_accuracy: ratio(answeredRight.length, answeredAnswerable.length),
    suggested_rate: ratio(suggested.length, outcomes.length),
    related_rate: ratio(related.length, outcomes.length),
    answered_or_suggested_recall: ratio(reached.length, answerable.length),
    unanswerable_suggested_rate: ratio(suggested.filter((o) => o.expected.length === 0).length, unanswerable),
  };
}
