/**
 * Why the bot decided so. An offer ("did you mean") is most often made in the band between the two
 * thresholds; below it when most of a Chinese question's words occur in the knowledge, above it when
 * the question shares no topic with its match.
 */
export function decisionReason(data: { decision: "answer" | "suggest" | "below_threshold" | "no_knowledge"; confidence: number; threshold: number; suggestThreshold: number }) {
  if (data.decision !== "suggest") return `playground.${data.decision}` as const;
  if (data.confidence >= data.threshold) return "playground.suggest.topic" as const;
  return data.confidence < data.suggestThreshold ? ("playground.suggest.familiar" as const) : ("playground.suggest" as const);
}
