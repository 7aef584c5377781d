/**
 * Durations kept as log-scaled bucket counts, so percentiles can be read from sums of rollup rows
 * (exact percentiles would need every value). Bucket 0 holds values under 1 ms; bucket i ≥ 1 holds
 * [GROWTH^(i-1), GROWTH^i) ms. A percentile is reported as its bucket's geometric middle: within
 * ±10 % of the true value.
 */
export const HISTOGRAM_GROWTH = 1.2;
const LOG_GROWTH = Math.log(HISTOGRAM_GROWTH);
/** Enough buckets for 60 days in milliseconds. */
export const HISTOGRAM_BUCKETS = 130;

export function bucketOf(ms: number): number {
  if (!(ms >= 1)) return 0;
  return Math.min(HISTOGRAM_BUCKETS - 1, Math.floor(Math.log(ms) / LOG_GROWTH) + 1);
}

/** The value a bucket stands for (geometric middle of its bounds), in milliseconds. */
export function bucketValue(bucket: number): number {
  if (bucket <= 0) return 0;
  return Math.round(Math.pow(HISTOGRAM_GROWTH, bucket - 0.5));
}

/**
 * The q-quantile (0–1) of a histogram given as bucket → count, by nearest rank; null when empty.
 */
export function histogramQuantile(counts: ReadonlyMap<number, number>, q: number): number | null {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const bucket of [...counts.keys()].sort((a, b) => a - b)) {
    seen += counts.get(bucket) ?? 0;
    if (seen >= rank) return bucketValue(bucket);
  }
  return null;
}
