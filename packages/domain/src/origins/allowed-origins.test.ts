import { describe, expect, it } from "vitest";
import { canonicalOrigin, frameAncestorsSources, originAllowed, parseAllowedOrigin, ZAllowedOrigins } from "./allowed-origins";

describe("parseAllowedOrigin", () => {
  it("puts entries in canonical form: lower case, no default port, no trailing slash", () => {
    expect(parseAllowedOrigin("https://Shop.Example.COM")).toEqual({ ok: true, entry: "https://shop.example.com" });
    expect(parseAllowedOrigin("HTTPS://shop.example.com:443/")).toEqual({ ok: true, entry: "https://shop.example.com" });
    expect(parseAllowedOrigin("http://shop.example.com:80")).toEqual({ ok: true, entry: "http://shop.example.com" });
    expect(parseAllowedOrigin("https://shop.example.com:80")).toEqual({ ok: true, entry: "https://shop.example.com:80" });
    expect(parseAllowedOrigin(" http://localhost:3102 ")).toEqual({ ok: true, entry: "http://localhost:3102" });
    expect(parseAllowedOrigin("https://*.Example.com:8443")).toEqual({ ok: true, entry: "https://*.example.com:8443" });
    expect(parseAllowedOrigin("http://127.0.0.1:8080")).toEqual({ ok: true, entry: "http://127.0.0.1:8080" });
    expect(parseAllowedOrigin("https://例子.com")).toEqual({ ok: true, entry: "https://xn--fsqu00a.com" });
  });

  it("refuses what is not an origin or a subdomain pattern, saying why", () => {
    expect(parseAllowedOrigin("shop.example.com")).toEqual({ ok: false, reason: "scheme" });
    expect(parseAllowedOrigin("*.example.com")).toEqual({ ok: false, reason: "scheme" });
    expect(parseAllowedOrigin("ftp://example.com")).toEqual({ ok: false, reason: "scheme" });
    expect(parseAllowedOrigin("javascript://example.com")).toEqual({ ok: false, reason: "scheme" });
    expect(parseAllowedOrigin("https://example.com/shop")).toEqual({ ok: false, reason: "format" });
    expect(parseAllowedOrigin("https://example.com?x=1")).toEqual({ ok: false, reason: "format" });
    expect(parseAllowedOrigin("https://user@example.com")).toEqual({ ok: false, reason: "format" });
    expect(parseAllowedOrigin("https://example.com:99999")).toEqual({ ok: false, reason: "port" });
    expect(parseAllowedOrigin("https://example.com:0")).toEqual({ ok: false, reason: "port" });
    expect(parseAllowedOrigin("https://*")).toEqual({ ok: false, reason: "wildcard" });
    expect(parseAllowedOrigin("*")).toEqual({ ok: false, reason: "scheme" });
    expect(parseAllowedOrigin("https://*.com")).toEqual({ ok: false, reason: "wildcard" });
    expect(parseAllowedOrigin("https://shop.*.example.com")).toEqual({ ok: false, reason: "wildcard" });
    expect(parseAllowedOrigin("https://*.*.example.com")).toEqual({ ok: false, reason: "wildcard" });
    expect(parseAllowedOrigin("https://*.10.0.0.1")).toEqual({ ok: false, reason: "wildcard" });
    expect(parseAllowedOrigin("https://exa..mple.com")).toEqual({ ok: false, reason: "host" });
    expect(parseAllowedOrigin("null")).toEqual({ ok: false, reason: "scheme" });
    expect(parseAllowedOrigin("")).toEqual({ ok: false, reason: "scheme" });
  });
});

describe("ZAllowedOrigins", () => {
  it("returns canonical entries without duplicates", () => {
    expect(ZAllowedOrigins.parse(["https://a.example.com/", "https://A.example.com:443", "https://*.example.com"])).toEqual([
      "https://a.example.com",
      "https://*.example.com",
    ]);
    expect(ZAllowedOrigins.parse([])).toEqual([]);
  });

  it("names the entry that is wrong", () => {
    const result = ZAllowedOrigins.safeParse(["https://ok.example.com", "example.com"]);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual([1]);
    expect(result.error!.issues[0]!.message).toContain('"example.com" must start with https:// or http://');
  });

  it("holds at most 50 websites", () => {
    const many = Array.from({ length: 51 }, (_, i) => `https://s${i}.example.com`);
    expect(ZAllowedOrigins.safeParse(many).success).toBe(false);
    expect(ZAllowedOrigins.safeParse(many.slice(0, 50)).success).toBe(true);
  });
});

describe("originAllowed", () => {
  const list = ["https://shop.example.com", "https://*.brand.example", "http://localhost:3102"];

  it("allows every origin, even null, when the list is empty", () => {
    expect(originAllowed([], "https://evil.example")).toBe(true);
    expect(originAllowed([], "null")).toBe(true);
    expect(originAllowed([], null)).toBe(true);
  });

  it("matches exact origins with the same scheme, host and port", () => {
    expect(originAllowed(list, "https://shop.example.com")).toBe(true);
    expect(originAllowed(list, "http://shop.example.com")).toBe(false);
    expect(originAllowed(list, "https://shop.example.com:8443")).toBe(false);
    expect(originAllowed(list, "http://localhost:3102")).toBe(true);
    expect(originAllowed(list, "http://localhost:3103")).toBe(false);
    expect(originAllowed(list, "http://localhost")).toBe(false);
  });

  it("ignores case, default ports and a trailing slash in the header", () => {
    expect(originAllowed(list, "HTTPS://SHOP.EXAMPLE.COM")).toBe(true);
    expect(originAllowed(list, "https://shop.example.com:443")).toBe(true);
    expect(originAllowed(list, "https://shop.example.com/")).toBe(true);
  });

  it("does not let look-alike hosts through", () => {
    expect(originAllowed(list, "https://shop.example.com.evil.io")).toBe(false);
    expect(originAllowed(list, "https://evilshop.example.com")).toBe(false);
    expect(originAllowed(list, "https://shop.example.com@evil.io")).toBe(false);
    expect(originAllowed(list, "https://evilbrand.example")).toBe(false);
    expect(originAllowed(list, "https://brand.example.evil.io")).toBe(false);
    expect(originAllowed(list, "https://x.brand.example.evil.io")).toBe(false);
  });

  it("matches subdomains of a pattern at any depth, but not its apex, scheme or another port", () => {
    expect(originAllowed(list, "https://www.brand.example")).toBe(true);
    expect(originAllowed(list, "https://a.b.brand.example")).toBe(true);
    expect(originAllowed(list, "https://brand.example")).toBe(false);
    expect(originAllowed(list, "http://www.brand.example")).toBe(false);
    expect(originAllowed(list, "https://www.brand.example:8443")).toBe(false);
    expect(originAllowed(["https://*.brand.example:8443"], "https://www.brand.example:8443")).toBe(true);
    expect(originAllowed(["https://*.brand.example", "https://brand.example"], "https://brand.example")).toBe(true);
  });

  it("refuses the null origin, missing and malformed headers when a list is set", () => {
    expect(originAllowed(list, "null")).toBe(false);
    expect(originAllowed(list, null)).toBe(false);
    expect(originAllowed(list, "")).toBe(false);
    expect(originAllowed(list, "shop.example.com")).toBe(false);
    expect(originAllowed(list, "https://shop.example.com/path")).toBe(false);
    expect(originAllowed(list, "https://*.brand.example")).toBe(false);
  });
});

describe("canonicalOrigin and frameAncestorsSources", () => {
  it("reads Origin headers", () => {
    expect(canonicalOrigin("https://Shop.Example.com:443")).toBe("https://shop.example.com");
    expect(canonicalOrigin("null")).toBeNull();
    expect(canonicalOrigin("https://*.example.com")).toBeNull();
  });

  it("lists the entries for CSP, or * for any website", () => {
    expect(frameAncestorsSources([])).toBe("*");
    expect(frameAncestorsSources(["https://shop.example.com", "https://*.example.com"])).toBe("https://shop.example.com https://*.example.com");
  });
});
