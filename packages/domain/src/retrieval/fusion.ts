export interface FusedItem {
  id: string;
  score: number;
}

/**
 * Reciprocal rank fusion (Cormack et al., 2009): score(id) = Σ weight_l / (k + rank_l(id)),
 * ranks starting at 1. Lists are ids best first; ties are broken by first appearance.
 */
export function reciprocalRankFusion(
  lists: readonly (readonly string[])[],
  options: { k?: number; weights?: readonly number[] } = {},
): FusedItem[] {
  const k = options.k ?? 60;
  const scores = new Map<string, number>();
  lists.forEach((list, li) => {
    const w = options.weights?.[li] ?? 1;
    const seen = new Set<string>();
    list.forEach((id, rank) => {
      if (seen.has(id)) return;
      seen.add(id);
      scores.set(id, (scores.get(id) ?? 0) + w / (k + rank + 1));
    });
  });
  const order = [...scores.keys()];
  return order
    .map((id, i) => ({ id, score: scores.get(id) ?? 0, i }))
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .map(({ id, score }) => ({ id, score }));
}
