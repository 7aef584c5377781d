import { describe, expect, it } from "vitest";
import { checkImportUrl, isPublicAddress } from "./url-policy";

describe("isPublicAddress", () => {
  it.each([
    "127.0.0.1", "127.8.9.10", "10.0.0.5", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254",
    "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "198.18.0.1", "192.0.2.10",
    "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.1.2.3",
    "::ffff:7f00:1", "64:ff9b::a9fe:a9fe", "2001:db8::1", "not-an-ip", "",
  ])("refuses %s", (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(["8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8", "2a00:1450:4001::200e"])(
    "allows %s",
    (address) => {
      expect(isPublicAddress(address)).toBe(true);
    },
  );
});

describe("checkImportUrl", () => {
  it("accepts ordinary public web pages", () => {
    const check = checkImportUrl(" https://help.example.com/faq?lang=en ");
    expect(check.ok && check.url.hostname).toBe("help.example.com");
  });

  it.each([
    ["ftp://example.com/file", "Only http and https"],
    ["file:///etc/passwd", "Only http and https"],
    ["http://user:pw@example.com/", "user name or password"],
    ["http://example.com:22/", "standard web ports"],
    ["http://localhost:8080/", "Private and local"],
    ["http://api.internal/", "Private and local"],
    ["http://169.254.169.254/latest/meta-data/", "Private and local"],
    ["http://[::1]/", "Private and local"],
    ["http://[::ffff:127.0.0.1]/", "Private and local"],
    ["not a url", "not a valid URL"],
  ])("refuses %s", (input, reason) => {
    const check = checkImportUrl(input);
    expect(check.ok).toBe(false);
    expect(!check.ok && check.reason).toContain(reason);
  });
});
