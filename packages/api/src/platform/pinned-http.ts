import { lookup as dnsLookup } from "node:dns/promises";
import http, { type IncomingHttpHeaders, type IncomingMessage } from "node:http";
import https from "node:https";
import { type LookupFunction } from "node:net";
import { checkImportUrl, isPublicAddress, WEB_PORTS } from "@kefu/domain";

/**
 * One HTTP request to a tenant-supplied URL, SSRF-safe (used by web-page imports and webhooks):
 * the host must resolve only to allowed (public) addresses, the connection is pinned to the
 * address that was checked (no DNS rebinding between check and connect), redirects are never
 * followed here, and time and response size are bounded.
 */
export interface WebFetchPolicy {
  isAllowedAddress: (address: string) => boolean;
  resolve: (host: string) => Promise<{ address: string; family: number }[]>;
  ports: readonly string[];
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
}

export const DEFAULT_WEB_FETCH_POLICY: WebFetchPolicy = {
  isAllowedAddress: isPublicAddress,
  resolve: (host) => dnsLookup(host, { all: true, verbatim: true }),
  ports: WEB_PORTS,
  timeoutMs: 10_000,
  maxBytes: 2 * 1024 * 1024,
  maxRedirects: 3,
};

export type PinnedFailure = "refused" | "unreachable" | "timeout" | "network" | "too_large";

/** Why a pinned request failed; callers turn it into their own user-facing message. */
export class PinnedRequestError extends Error {
  constructor(
    readonly kind: PinnedFailure,
    message: string,
    /** The URL check's reason (refused by the check, empty for a private address), the host (unreachable) or the socket error code (network). */
    readonly detail = "",
  ) {
    super(message);
  }
}

export interface PinnedTarget {
  url: URL;
  address: { address: string; family: number };
}

/** Checks a URL and resolves its host to an allowed address to connect to. */
export async function resolvePinnedTarget(input: string, policy: WebFetchPolicy): Promise<PinnedTarget> {
  const check = checkImportUrl(input, { ports: policy.ports });
  if (!check.ok) throw new PinnedRequestError("refused", check.reason, check.reason);
  const host = check.url.hostname.replace(/^\[|\]$/g, "");
  const addresses = await policy.resolve(host).catch(() => {
    throw new PinnedRequestError("unreachable", `Could not resolve ${host}.`, host);
  });
  if (addresses.length === 0 || addresses.some((a) => !policy.isAllowedAddress(a.address))) {
    throw new PinnedRequestError("refused", "Private and local addresses are not allowed.");
  }
  return { url: check.url, address: addresses[0]! };
}

export interface PinnedRequestOptions {
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  signal: AbortSignal;
  maxBytes: number;
  /** Over maxBytes: fail (default) or keep the first maxBytes and stop reading. */
  overflow?: "error" | "truncate";
  /** Looks at the response head: "skip" resolves without reading the body; an Error rejects. */
  inspect?: (response: IncomingMessage) => "skip" | Error | undefined;
}

export interface PinnedResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export function pinnedRequest(target: PinnedTarget, options: PinnedRequestOptions): Promise<PinnedResponse> {
  const pinned = target.address;
  // Connect to the address that was checked, whatever DNS says now.
  const lookup: LookupFunction = (_host, lookupOptions, callback) => {
    if ((lookupOptions as { all?: boolean }).all) (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
  const client = target.url.protocol === "https:" ? https : http;
  const { signal, maxBytes } = options;
  return new Promise((resolve, reject) => {
    const tooLarge = () => new PinnedRequestError("too_large", `The response is larger than ${maxBytes} bytes.`);
    const req = client.request(target.url, { method: options.method ?? "GET", lookup, signal, headers: options.headers }, (res) => {
      const status = res.statusCode ?? 0;
      const verdict = options.inspect?.(res);
      if (verdict === "skip") {
        res.resume();
        resolve({ status, headers: res.headers, body: Buffer.alloc(0) });
        return;
      }
      if (verdict instanceof Error) {
        res.destroy();
        reject(verdict);
        return;
      }
      const truncate = options.overflow === "truncate";
      if (!truncate && Number(res.headers["content-length"] ?? 0) > maxBytes) {
        res.destroy();
        reject(tooLarge());
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size <= maxBytes) return void chunks.push(chunk);
        res.destroy();
        if (!truncate) return reject(tooLarge());
        chunks.push(chunk.subarray(0, chunk.length - (size - maxBytes)));
        resolve({ status, headers: res.headers, body: Buffer.concat(chunks) });
      });
      res.on("end", () => resolve({ status, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", (error) => {
      const code = (error as NodeJS.ErrnoException).code ?? "network error";
      reject(signal.aborted ? new PinnedRequestError("timeout", "The server did not answer in time.") : new PinnedRequestError("network", `Connection failed (${code}).`, code));
    });
    req.end(options.body);
  });
}
