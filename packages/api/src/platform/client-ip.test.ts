import { describe, expect, it } from "vitest";
import { clientIp, PEER_ADDRESS_HEADER } from "./client-ip.ts";

const headers = (values: Record<string, string>) => new Headers(values);

describe("clientIp", () => {
  it("without a trusted proxy, is the stamped TCP peer and ignores X-Forwarded-For", () => {
    expect(clientIp(headers({ [PEER_ADDRESS_HEADER]: "198.51.100.7", "x-forwarded-for": "192.0.2.1" }), 0)).toBe("198.51.100.7");
    expect(clientIp(headers({ "x-forwarded-for": "192.0.2.1" }), 0)).toBe("unknown");
  });

  it("behind N proxies, is the N-th X-Forwarded-For entry from the end; earlier ones are the client's claims", () => {
    const forwarded = headers({ "x-forwarded-for": "192.0.2.1, 203.0.113.9, 10.0.0.2", [PEER_ADDRESS_HEADER]: "10.0.0.3" });
    expect(clientIp(forwarded, 1)).toBe("10.0.0.2");
    expect(clientIp(forwarded, 2)).toBe("203.0.113.9");
    expect(clientIp(headers({ [PEER_ADDRESS_HEADER]: "10.0.0.3" }), 1)).toBe("10.0.0.3");
  });

  it("counts IPv4-mapped IPv6 as IPv4 and an IPv6 client by its /64", () => {
    expect(clientIp(headers({ [PEER_ADDRESS_HEADER]: "::ffff:198.51.100.7" }), 0)).toBe("198.51.100.7");
    expect(clientIp(headers({ [PEER_ADDRESS_HEADER]: "2001:db8:1:2:aaaa:bbbb:cccc:dddd" }), 0)).toBe("2001:db8:1:2::/64");
    expect(clientIp(headers({ [PEER_ADDRESS_HEADER]: "2001:db8:1:2::99" }), 0)).toBe("2001:db8:1:2::/64");
    expect(clientIp(headers({ [PEER_ADDRESS_HEADER]: "2001:db8::1" }), 0)).toBe("2001:db8:0:0::/64");
  });
});
