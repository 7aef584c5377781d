// The same-origin check of cookie-authenticated requests (cross-site request forgery). Pure: no
// env, no I/O, no imports.

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Why a cookie-authenticated request must be refused as cross-site, or null when it may go on.
 *
 * A state-changing request (any method but GET, HEAD, OPTIONS) is refused when its `Origin` is
 * not `allowedOrigin`, including the opaque `null`; without `Origin`, its `Referer`'s origin is
 * checked instead. Browsers send `Origin` with every request of these methods (Fetch standard),
 * so a request with neither header does not come from a browser, where cross-site request
 * forgery happens (scripts and servers that hold a session cookie themselves), and may go on.
 */
export function crossOriginRefusal(request: { method: string; headers: Headers }, allowedOrigin: string): string | null {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return null;
  const expected = new URL(allowedOrigin).origin;
  const origin = request.headers.get("origin");
  if (origin !== null) return origin === expected ? null : `origin ${origin.slice(0, 200)} is not ${expected}`;
  const referer = request.headers.get("referer");
  if (referer === null) return null;
  let refererOrigin: string;
  try {
    refererOrigin = new URL(referer).origin;
  } catch {
    return "malformed referer";
  }
  return refererOrigin === expected ? null : `referer origin ${refererOrigin.slice(0, 200)} is not ${expected}`;
}

/** What a refused cross-origin request is told (never which origin was expected). */
export const CROSS_ORIGIN_MESSAGE = "This request came from another site and was refused. Open the dashboard at its own address and try again.";
