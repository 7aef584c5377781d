export { evalMetrics, firstRelevantRank, percentile, type EvalMetrics, type EvalOutcome } from "./eval-metrics";
export { clusterQuestions, DEFAULT_CLUSTER_THRESHOLD, type ClusterItem, type ClusterOptions, type QuestionCluster } from "./clusters";
export * from "./time-buckets";
export * from "./histogram";
export * from "./conversation-metrics";
export * from "./dashboard";
