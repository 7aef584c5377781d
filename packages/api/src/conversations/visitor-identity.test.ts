import { describe, expect, it } from "vitest";
import { userHashFor, userHashMatches } from "./visitor-identity.ts";

// A published HMAC-SHA256 test vector: what any host language's standard library computes.
const KEY = "key";
const MESSAGE = "The quick brown fox jumps over the lazy dog";
const HEX = "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8";

describe("userHash", () => {
  it("is hex HMAC-SHA256 of the user id with the secret as the key", () => {
    expect(userHashFor(KEY, MESSAGE)).toBe(HEX);
  });

  it("matches the right hash in either case, and nothing else", () => {
    expect(userHashMatches(KEY, MESSAGE, HEX)).toBe(true);
    expect(userHashMatches(KEY, MESSAGE, HEX.toUpperCase())).toBe(true);
    expect(userHashMatches(KEY, `${MESSAGE}.`, HEX)).toBe(false);
    expect(userHashMatches("other key", MESSAGE, HEX)).toBe(false);
    expect(userHashMatches(KEY, MESSAGE, `${HEX.slice(0, 63)}0`)).toBe(false);
    // Other lengths are refused before the constant-time comparison (which needs equal lengths).
    expect(userHashMatches(KEY, MESSAGE, HEX.slice(0, 62))).toBe(false);
    expect(userHashMatches(KEY, MESSAGE, `${HEX}00`)).toBe(false);
    expect(userHashMatches(KEY, MESSAGE, `zz${HEX.slice(2)}`)).toBe(false);
    expect(userHashMatches(KEY, MESSAGE, "")).toBe(false);
  });

  it("signs the id as UTF-8, so ids in any script verify", () => {
    expect(userHashMatches("kid_secret", "用户-42", userHashFor("kid_secret", "用户-42"))).toBe(true);
  });
});
