import { describe, expect, it } from "vitest";
import { baseSecurityHeaders, createNonce, isHttps, NON_PAGE_CSP, pageCsp } from "./http-security.ts";

describe("security headers", () => {
  it("detects HTTPS from the URL or a TLS-terminating proxy's x-forwarded-proto", () => {
    expect(isHttps({ url: "https://a.example/", headers: new Headers() })).toBe(true);
    expect(isHttps({ url: "http://a.example/", headers: new Headers() })).toBe(false);
    expect(isHttps({ url: "http://a.example/", headers: new Headers({ "x-forwarded-proto": "https" }) })).toBe(true);
    expect(isHttps({ url: "http://a.example/", headers: new Headers({ "x-forwarded-proto": "https, http" }) })).toBe(true);
    expect(isHttps({ url: "https://a.example/", headers: new Headers({ "x-forwarded-proto": "http" }) })).toBe(false);
  });

  it("sends HSTS only over HTTPS and X-Frame-Options only on what may not be framed", () => {
    expect(baseSecurityHeaders({ https: false, framable: false })).toEqual({
      "x-content-type-options": "nosniff",
      "referrer-policy": "strict-origin-when-cross-origin",
      "x-frame-options": "DENY",
    });
    const framable = baseSecurityHeaders({ https: true, framable: true });
    expect(framable["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
    expect(framable["x-frame-options"]).toBeUndefined();
  });

  it("builds a nonce CSP for pages, with eval only in development and the upgrade only over HTTPS", () => {
    const nonce = createNonce();
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(createNonce()).not.toBe(nonce);
    const csp = pageCsp({ nonce, frameAncestors: "'none'", https: false });
    expect(csp).toContain(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
    expect(csp).not.toMatch(/unsafe-eval|upgrade-insecure-requests|script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(pageCsp({ nonce, frameAncestors: "*", https: true, dev: true })).toMatch(/'unsafe-eval'.*frame-ancestors \*; upgrade-insecure-requests$/);
    expect(NON_PAGE_CSP).toBe("default-src 'none'; frame-ancestors 'none'");
  });
});
