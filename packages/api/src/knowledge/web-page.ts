import { DomainError } from "@kefu/domain";
import { DEFAULT_WEB_FETCH_POLICY, PinnedRequestError, pinnedRequest, resolvePinnedTarget, type PinnedTarget, type WebFetchPolicy } from "../platform/pinned-http.ts";

/**
 * Fetches a public web page for import, safely (SSRF): every hop goes through the pinned request
 * of pinned-http.ts (public addresses only, connection pinned to the checked address), redirects
 * are followed by hand and checked again, and size and time are bounded.
 */
export { DEFAULT_WEB_FETCH_POLICY, type WebFetchPolicy };

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
    let target: PinnedTarget;
    try {
      target = await resolvePinnedTarget(current, policy);
    } catch (error) {
      throw pageError(error, policy);
    }
    const url = target.url;
    const response = await request(target, policy, deadline);
    if (response.status >= 300 && response.status < 400 && response.location) {
      current = new URL(response.location, url).toString();
      continue;
    }
    if (response.status !== 200) throw refused("url_failed", `The page answered with HTTP ${response.status}.`);
    return { url: url.toString(), contentType: response.contentType, body: response.body };
  }
  throw refused("url_failed", `The page redirects more than ${policy.maxRedirects} times.`);
}

/** The import's own wording for a failed pinned request. */
function pageError(error: unknown, policy: WebFetchPolicy): unknown {
  if (!(error instanceof PinnedRequestError)) return error;
  switch (error.kind) {
    case "refused":
      return refused("url_refused", error.detail || "Private and local addresses cannot be imported.");
    case "unreachable":
      return refused("url_unreachable", `Could not find the server ${error.detail}. Check the address.`);
    case "timeout":
      return refused("url_timeout", `The page did not answer within ${policy.timeoutMs / 1000} seconds.`);
    case "too_large":
      return refused("url_too_large", `The page is larger than ${Math.round(policy.maxBytes / 1024 / 1024)} MB.`);
    case "network":
      return refused("url_unreachable", `Could not load the page (${error.detail}).`);
  }
}

async function request(
  target: PinnedTarget,
  policy: WebFetchPolicy,
  signal: AbortSignal,
): Promise<{ status: number; location?: string; contentType: string; body: string }> {
  const response = await pinnedRequest(target, {
    signal,
    maxBytes: policy.maxBytes,
    headers: { "user-agent": "KefuBot/1.0 (knowledge import)", accept: "text/html, text/plain, text/markdown" },
    inspect: (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400) return "skip";
      const contentType = String(res.headers["content-type"] ?? "");
      if (status === 200 && !/^text\/(html|plain|markdown)|^application\/xhtml\+xml/i.test(contentType)) {
        return refused("url_unsupported", `Only web pages and text can be imported (this is ${contentType || "unknown"}).`);
      }
      return undefined;
    },
  }).catch((error: unknown) => {
    throw pageError(error, policy);
  });
  const contentType = String(response.headers["content-type"] ?? "");
  const location = response.status >= 300 && response.status < 400 ? response.headers.location : undefined;
  return { status: response.status, location, contentType, body: decode(response.body, contentType) };
}

function decode(bytes: Buffer, contentType: string): string {
  const charset = /charset=([\w-]+)/i.exec(contentType)?.[1] ?? "utf-8";
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return new TextDecoder("utf-8").decode(bytes);
  }
}
