/**
 * Streamed tRPC answers (httpBatchStreamLink, JSON lines) go out uncompressed.
 *
 * Next compresses responses itself (its `compression` middleware) and flushes the gzip stream
 * after every chunk it writes, so an answer streamed as ~30 small deltas compresses by only ~17 %
 * (about 450 bytes per answer) while the chat process pays a gzip stream and a flush per chunk.
 * On loopback and on a LAN that trade is not worth it (docs/benchmarks.md, "Compression of
 * streamed answers"). The middleware skips a response whose Cache-Control says `no-transform`
 * (a `Content-Encoding: identity` would not stop it), which also tells proxies not to re-encode or
 * buffer the stream. Pages, scripts and styles stay compressed; tRPC's SSE streams already carry
 * `no-transform`.
 */

/** Whether tRPC answers this request as a stream of JSON lines, by tRPC's own rule (`trpc-accept`, else `Accept`). */
export function isJsonlStream(headers: Headers): boolean {
  const accept = headers.get("trpc-accept");
  if (accept !== null) return accept === "application/jsonl";
  return (headers.get("accept") ?? "").split(",").some((type) => type.trim() === "application/jsonl");
}

const NO_TRANSFORM = /(?:^|,)\s*no-transform\s*(?:,|$)/i;

/** Adds `no-transform` to the response's Cache-Control (keeping what is there). */
export function markNoTransform(headers: Headers): void {
  const cacheControl = headers.get("cache-control");
  if (cacheControl !== null && NO_TRANSFORM.test(cacheControl)) return;
  headers.set("cache-control", cacheControl ? `${cacheControl}, no-transform` : "no-transform");
}
