import { type QueryClient, type QueryKey, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";

/**
 * After a write, fetch these queries again. A fetch already in flight may have read before the write:
 * TanStack Query joins an invalidation to it when the query has no data yet, and its stale answer would
 * stay on screen. So in-flight fetches are cancelled first, then the queries are invalidated.
 */
export async function refreshQueries(queryClient: QueryClient, queryKeys: readonly QueryKey[]): Promise<void> {
  await Promise.all(queryKeys.map((queryKey) => queryClient.cancelQueries({ queryKey })));
  await Promise.all(queryKeys.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
}

/** `refreshQueries` bound to the app's query client: `const refresh = useRefreshQueries(); refresh(key1, key2)`. */
export function useRefreshQueries(): (...queryKeys: QueryKey[]) => Promise<void> {
  const queryClient = useQueryClient();
  return useCallback((...queryKeys: QueryKey[]) => refreshQueries(queryClient, queryKeys), [queryClient]);
}
