// HTTP security headers, shared by both apps' proxies, and the same-origin check of
// cookie-authenticated requests (same-origin.ts), used by the admin app's route handlers. Pure
// functions of the request: no env, no I/O, nothing imported that is not the same, so the apps'
// proxies can load this module alone (`@kefu/api/http-security`).

/** Who may frame a page: `'none'`, or a CSP source list such as `*` or `https://shop.example`. */
export type FrameAncestors = string;

/** A fresh CSP nonce (128 random bits, base64), one per request. */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/** Served over HTTPS: the request's own URL, or the `x-forwarded-proto` of a TLS-terminating proxy. */
export function isHttps(request: { url: string; headers: Headers }): boolean {
  const forwarded = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  if (forwarded) return forwarded === "https";
  return new URL(request.url).protocol === "https:";
}

/**
 * The CSP of an HTML page. Scripts run only with this response's nonce (Next.js puts it on its
 * own scripts and inline styles) or when loaded by such a script (`'strict-dynamic'`); style
 * elements need the nonce too. Style *attributes* stay allowed: React renders brand colours as
 * `style="…"`, which a nonce cannot cover, and an attribute can neither run script nor load
 * anything that `img-src`/`font-src` do not allow.
 */
export function pageCsp(options: { nonce: string; frameAncestors: FrameAncestors; https: boolean; dev?: boolean }): string {
  const { nonce, frameAncestors, https, dev = false } = options;
  return [
    "default-src 'self'",
    // Next.js's development build evaluates code (React's error overlays); production does not.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors}`,
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** The CSP of anything that is not a page (JSON, event streams, scripts, files): nothing may run or frame it. */
export const NON_PAGE_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * Headers every response gets: no MIME sniffing, the referrer reduced to the origin across
 * origins, and HSTS (one year, subdomains) when served over HTTPS. `X-Frame-Options` repeats
 * `frame-ancestors 'none'` for browsers without CSP level 2; pages that may be framed go without it.
 */
export function baseSecurityHeaders(options: { https: boolean; framable: boolean }): Record<string, string> {
  return {
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    ...(options.framable ? {} : { "x-frame-options": "DENY" }),
    ...(options.https ? { "strict-transport-security": "max-age=31536000; includeSubDomains" } : {}),
  };
}

// The admin app's route handlers check the origin of cookie-authenticated mutations.
export { CROSS_ORIGIN_MESSAGE, crossOriginRefusal } from "./same-origin.ts";
