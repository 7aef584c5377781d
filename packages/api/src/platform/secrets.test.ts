import { randomBytes } from "node:crypto";
import { DomainError } from "@kefu/domain";
import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, secretKey } from "./secrets.ts";

const key = randomBytes(32);

describe("secrets", () => {
  it("round-trips with a random IV and a versioned format", () => {
    const a = encryptSecret("sk-test-123", "tenant-a", key);
    const b = encryptSecret("sk-test-123", "tenant-a", key);
    expect(a).toMatch(/^v1:[\w-]+:[\w-]+:[\w-]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain("sk-test");
    expect(decryptSecret(a, "tenant-a", key)).toBe("sk-test-123");
    expect(decryptSecret(encryptSecret("密钥 ✓", "t", key), "t", key)).toBe("密钥 ✓");
  });

  it("detects tampering", () => {
    const ct = encryptSecret("sk-test-123", "tenant-a", key);
    const [v, iv, body, tag] = ct.split(":") as [string, string, string, string];
    const flipped = Buffer.from(body, "base64url");
    flipped[0] = flipped[0]! ^ 1;
    expect(() => decryptSecret([v, iv, flipped.toString("base64url"), tag].join(":"), "tenant-a", key)).toThrow(DomainError);
    expect(() => decryptSecret(`v2:${iv}:${body}:${tag}`, "tenant-a", key)).toThrow(/cannot be decrypted/);
    expect(() => decryptSecret("garbage", "tenant-a", key)).toThrow(/cannot be decrypted/);
  });

  it("refuses a wrong key or another tenant's context", () => {
    const ct = encryptSecret("sk-test-123", "tenant-a", key);
    expect(() => decryptSecret(ct, "tenant-a", randomBytes(32))).toThrow(/cannot be decrypted/);
    expect(() => decryptSecret(ct, "tenant-b", key)).toThrow(/cannot be decrypted/);
  });

  it("reads KEFU_SECRET_KEY (hex or base64), else derives from NEXTAUTH_SECRET, else fails clearly", () => {
    const raw = randomBytes(32);
    expect(secretKey({ KEFU_SECRET_KEY: raw.toString("hex") }).equals(raw)).toBe(true);
    expect(secretKey({ KEFU_SECRET_KEY: raw.toString("base64") }).equals(raw)).toBe(true);
    expect(() => secretKey({ KEFU_SECRET_KEY: "too-short" })).toThrow(/32 bytes/);
    const derived = secretKey({ NEXTAUTH_SECRET: "a-session-secret-of-some-length" });
    expect(derived).toHaveLength(32);
    expect(derived.equals(secretKey({ NEXTAUTH_SECRET: "a-session-secret-of-some-length" }))).toBe(true);
    expect(derived.equals(Buffer.from("a-session-secret-of-some-length").subarray(0, 32))).toBe(false);
    expect(() => secretKey({})).toThrow(/KEFU_SECRET_KEY/);
  });
});
