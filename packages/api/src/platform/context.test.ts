import { afterEach, describe, expect, it, vi } from "vitest";
import { PEER_ADDRESS_HEADER } from "./client-ip.ts";
import { clientOf } from "./context.ts";

// The address the audit log records is the one the server saw, never one the client wrote.
describe("clientOf", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("takes the stamped peer address and ignores a client's X-Forwarded-For", () => {
    const headers = new Headers({ [PEER_ADDRESS_HEADER]: "198.51.100.4", "x-forwarded-for": "10.9.9.9", "user-agent": "Mozilla/5.0 test" });
    expect(clientOf(headers)).toEqual({ ip: "198.51.100.4", userAgent: "Mozilla/5.0 test" });
    // next-auth hands authorize() the headers as a plain object.
    expect(clientOf({ [PEER_ADDRESS_HEADER]: "198.51.100.4", "user-agent": "UA", cookie: undefined })).toEqual({ ip: "198.51.100.4", userAgent: "UA" });
    expect(clientOf(new Headers({ "x-forwarded-for": "10.9.9.9" }))).toEqual({ ip: null, userAgent: null });
  });

  it("with one trusted proxy, takes the entry that proxy appended", () => {
    vi.stubEnv("KEFU_TRUST_PROXY", "1");
    const headers = new Headers({ [PEER_ADDRESS_HEADER]: "10.0.0.2", "x-forwarded-for": "6.6.6.6, 203.0.113.9" });
    expect(clientOf(headers).ip).toBe("203.0.113.9");
  });
});
