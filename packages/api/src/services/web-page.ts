import { lookup as dnsLookup } from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import { type LookupFunction } from "node:net";
import { checkImportUrl, DomainError, isPublicAddress, WEB_PORTS } from "@kefu/domain";

/**
 * Fetches a public web page for import, safely (SSRF): every hop's host must
 * resolve only to public addresses, the connection is pinned to the address
 * that was checked (no DNS rebinding between check and connect), redirects are
 * followed by hand and checked again, and size and time are bounded.
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

const refused = (reason: string, message: string) => new DomainError("BAD_REQUEST", reason, message);

export interface FetchedPage {
  url: string;
  contentType: string;
  body: string;
}

export async function fetchWebPage(input: string, policy: WebFetchPolicy = DEFAULT_WEB_FETCH_POLICY): Promise<FetchedPage> {
  const deadline = AbortSignal.timeout(policy.timeoutMs);
  let current = input;
  for (let hop = 0; hop <= policy.maxRedirects; hop++) {
    const check = checkImportUrl(current, { ports: policy.ports });
    if (!check.ok) throw refused("url_refused", check.reason);
    const url = check.url;
    const host = url.hostname.replace(/^\[|\]$/g, "");
    const addresses = await policy.resolve(host).catch(() => {
      throw refused("url_unreachable", `Could not find the server ${host}. Check the address.`);
    });
    if (addresses.length === 0 || addresses.some((a) => !policy.isAllowedAddress(a.address))) {
      throw refused("url_refused", "Private and local addresses cannot be imported.");
    }
    const response = await request(url, addresses[0]!, policy, deadline);
    if (response.status >= 300 && response.status < 400 && response.location) {
      current = new URL(response.location, url).toString();
      continue;
    }
    if (response.status !== 200) throw refused("url_failed", `The page answered with HTTP ${response.status}.`);
    return { url: url.toString(), contentType: response.contentType, body: response.body };
  }
  throw refused("url_failed", `The page redirects more than ${policy.maxRedirects} times.`);
}

function request(
  url: URL,
  pinned: { address: string; family: number },
  policy: WebFetchPolicy,
  signal: AbortSignal,
): Promise<{ status: number; location?: string; contentType: string; body: string }> {
  // Connect to the address that was checked, whatever DNS says now.
  const lookup: LookupFunction = (_host, options, callback) => {
    if ((options as { all?: boolean }).all) (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.get(
      url,
      { lookup, signal, headers: { "user-agent": "KefuBot/1.0 (knowledge import)", accept: "text/html, text/plain, text/markdown" } },
      (res) => {
        const status = res.statusCode ?? 0;
        const contentType = String(res.headers["content-type"] ?? "");
        if (status >= 300 && status < 400) {
          res.resume();
          resolve({ status, location: res.headers.location, contentType, body: "" });
          return;
        }
        if (status === 200 && !/^text\/(html|plain|markdown)|^application\/xhtml\+xml/i.test(contentType)) {
          res.destroy();
          reject(refused("url_unsupported", `Only web pages and text can be imported (this is ${contentType || "unknown"}).`));
          return;
        }
        const declared = Number(res.headers["content-length"] ?? 0);
        if (declared > policy.maxBytes) {
          res.destroy();
          reject(tooLarge(policy));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > policy.maxBytes) {
            res.destroy();
            reject(tooLarge(policy));
          } else chunks.push(chunk);
        });
        res.on("end", () => resolve({ status, contentType, body: decode(Buffer.concat(chunks), contentType) }));
        res.on("error", reject);
      },
    );
    req.on("error", (error) => {
      reject(
        signal.aborted
          ? refused("url_timeout", `The page did not answer within ${policy.timeoutMs / 1000} seconds.`)
          : refused("url_unreachable", `Could not load the page (${(error as NodeJS.ErrnoException).code ?? "network error"}).`),
      );
    });
  });
}

const tooLarge = (policy: WebFetchPolicy) =>
  refused("url_too_large", `The page is larger than ${Math.round(policy.maxBytes / 1024 / 1024)} MB.`);

function decode(bytes: Buffer, contentType: string): string {
  const charset = /charset=([\w-]+)/i.exec(contentType)?.[1] ?? "utf-8";
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return new TextDecoder("utf-8").decode(bytes);
  }
}
