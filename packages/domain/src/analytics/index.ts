export { evalMetrics, firstRelevantRank, percentile, type EvalMetrics, type EvalOutcome } from "./eval-metrics";
export { clusterQuestions, DEFAULT_CLUSTER_THRESHOLD, type ClusterItem, type ClusterOptions, type QuestionCluster } from "./clusters";
