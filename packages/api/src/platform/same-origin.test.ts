import { describe, expect, it } from "vitest";
import { crossOriginRefusal } from "./same-origin.ts";

const ADMIN = "https://admin.example.com";

function request(method: string, headers: Record<string, string> = {}) {
  return { method, headers: new Headers(headers) };
}

describe("cross-origin refusal of cookie-authenticated requests", () => {
  it("lets safe methods through whatever their origin", () => {
    for (const method of ["GET", "HEAD", "OPTIONS", "get"]) expect(crossOriginRefusal(request(method, { origin: "https://evil.example" }), ADMIN)).toBeNull();
  });

  it("lets a state-changing request of the app's own origin through", () => {
    expect(crossOriginRefusal(request("POST", { origin: ADMIN }), ADMIN)).toBeNull();
    expect(crossOriginRefusal(request("POST", { origin: ADMIN }), `${ADMIN}/`)).toBeNull();
    expect(crossOriginRefusal(request("DELETE", { referer: `${ADMIN}/bots/1` }), ADMIN)).toBeNull();
  });

  it("refuses another origin, a look-alike, another scheme or port, and the opaque null origin", () => {
    for (const origin of ["https://evil.example", "https://admin.example.com.evil.example", "http://admin.example.com", "https://admin.example.com:8443", "null"]) {
      expect(crossOriginRefusal(request("POST", { origin }), ADMIN), origin).not.toBeNull();
    }
  });

  it("checks the Referer when Origin is missing, and refuses a foreign or malformed one", () => {
    expect(crossOriginRefusal(request("POST", { referer: "https://evil.example/admin.example.com" }), ADMIN)).toMatch(/referer origin/);
    expect(crossOriginRefusal(request("PUT", { referer: "not a url" }), ADMIN)).toBe("malformed referer");
  });

  it("lets a request with neither header through (not a browser: browsers send Origin on every such request)", () => {
    expect(crossOriginRefusal(request("POST"), ADMIN)).toBeNull();
  });

  it("trusts Origin over Referer", () => {
    expect(crossOriginRefusal(request("POST", { origin: "https://evil.example", referer: `${ADMIN}/` }), ADMIN)).not.toBeNull();
  });
});
