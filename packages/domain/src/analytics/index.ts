export { evalMetrics, firstRelevantRank, percentile, type EvalMetrics, type EvalOutcome } from "./eval-metrics";
