import { baseSecurityHeaders, createNonce, isHttps, NON_PAGE_CSP, pageCsp } from "@kefu/api/http-security";
import { NextResponse, type NextRequest } from "next/server";
import { developmentBuild } from "~/env";

/**
 * Security headers of every admin response (docs/security.md). Pages get a CSP with a fresh
 * nonce, which Next.js reads from the request's `content-security-policy` header and puts on its
 * own scripts (every page is rendered per request: the root layout reads cookies). Nothing of
 * the dashboard may be framed. Cross-site mutations are refused by the route handlers
 * (`serveTrpc`'s `sameOrigin`, the next-auth route).
 */
export function proxy(request: NextRequest) {
  const https = isHttps(request);
  let response: NextResponse;
  let csp: string;
  if (isPage(request.nextUrl.pathname)) {
    const nonce = createNonce();
    csp = pageCsp({ nonce, frameAncestors: "'none'", https, dev: developmentBuild() });
    const requestHeaders = new Headers(request.headers);
    requestHeaders.set("x-nonce", nonce);
    requestHeaders.set("content-security-policy", csp);
    response = NextResponse.next({ request: { headers: requestHeaders } });
  } else {
    csp = NON_PAGE_CSP;
    response = NextResponse.next();
  }
  response.headers.set("content-security-policy", csp);
  for (const [name, value] of Object.entries(baseSecurityHeaders({ https, framable: false }))) response.headers.set(name, value);
  return response;
}

/** HTML pages, as opposed to the API, Next's assets and files. */
function isPage(pathname: string): boolean {
  return !pathname.startsWith("/api/") && !pathname.startsWith("/_next/") && !/\.[a-z0-9]+$/i.test(pathname);
}
