import { baseSecurityHeaders, createNonce, isHttps, NON_PAGE_CSP, pageCsp } from "@kefu/api/http-security";
import { NextResponse, type NextRequest } from "next/server";
import { developmentBuild } from "~/env";
import { widgetFrameAncestors } from "~/lib/widget-framing";

/**
 * Security headers of every chat response (docs/security.md). Pages get a CSP with a fresh
 * nonce, which Next.js reads from the request's `content-security-policy` header and puts on its
 * own scripts (the root layout renders every page per request) and lib/widget-page.ts on the widget's. Only the widget page may be
 * framed, by whom `widgetFrameAncestors` says; the hosted chat page and the rest may not.
 * `/widget.js` gets no cross-origin restriction: customers' pages load it as a classic script.
 */
export async function proxy(request: NextRequest) {
  const https = isHttps(request);
  const { pathname } = request.nextUrl;
  if (!isPage(pathname)) {
    const response = NextResponse.next();
    response.headers.set("content-security-policy", NON_PAGE_CSP);
    for (const [name, value] of Object.entries(baseSecurityHeaders({ https, framable: false }))) response.headers.set(name, value);
    return response;
  }
  const widget = /^\/widget\/([^/]+)\/?$/.exec(pathname);
  const frameAncestors = widget ? await widgetFrameAncestors(safeDecode(widget[1]!)) : "'none'";
  const nonce = createNonce();
  const csp = pageCsp({ nonce, frameAncestors, https, dev: developmentBuild() });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", csp);
  for (const [name, value] of Object.entries(baseSecurityHeaders({ https, framable: widget !== null }))) response.headers.set(name, value);
  return response;
}

/** HTML pages, as opposed to the API, Next's assets and files such as /widget.js. */
function isPage(pathname: string): boolean {
  return !pathname.startsWith("/api/") && !pathname.startsWith("/_next/") && !/\.[a-z0-9]+$/i.test(pathname);
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
