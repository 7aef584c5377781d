import { createCipheriv, randomBytes } from "node:crypto";
import { DomainError } from "@kefu/domain";
import { describe, expect, it } from "vitest";
import { ciphertextKeyId, decryptSecret, encryptSecret, keyId, secretKey, secretKeyring } from "./secrets.ts";

const key = randomBytes(32);

/** A ciphertext in the format written before key ids (v1), as older databases hold them. */
function legacyV1(plaintext: string, context: string, k: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", k, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), body.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(":");
}

function errorOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}

describe("secrets", () => {
  it("round-trips with a random IV and a versioned format naming the key", () => {
    const a = encryptSecret("sk-test-123", "tenant-a", key);
    const b = encryptSecret("sk-test-123", "tenant-a", key);
    expect(a).toMatch(/^v2:[\w-]{8}:[\w-]+:[\w-]+:[\w-]+$/);
    expect(ciphertextKeyId(a)).toBe(keyId(key));
    expect(a).not.toBe(b);
    expect(a).not.toContain("sk-test");
    expect(decryptSecret(a, "tenant-a", key)).toBe("sk-test-123");
    expect(decryptSecret(encryptSecret("密钥 ✓", "t", key), "t", key)).toBe("密钥 ✓");
  });

  it("detects tampering", () => {
    const ct = encryptSecret("sk-test-123", "tenant-a", key);
    const [v, id, iv, body, tag] = ct.split(":") as [string, string, string, string, string];
    const flipped = Buffer.from(body, "base64url");
    flipped[0] = flipped[0]! ^ 1;
    expect(() => decryptSecret([v, id, iv, flipped.toString("base64url"), tag].join(":"), "tenant-a", key)).toThrow(DomainError);
    expect(() => decryptSecret(`v3:${id}:${iv}:${body}:${tag}`, "tenant-a", key)).toThrow(/cannot be decrypted/);
    expect(() => decryptSecret("garbage", "tenant-a", key)).toThrow(/cannot be decrypted/);
  });

  it("refuses a wrong key by name, or another tenant's context", () => {
    const ct = encryptSecret("sk-test-123", "tenant-a", key);
    const other = randomBytes(32);
    expect(() => decryptSecret(ct, "tenant-a", other)).toThrow(new RegExp(`encrypted with key ${keyId(key)}.*KEFU_SECRET_KEY_PREVIOUS`));
    expect(() => decryptSecret(ct, "tenant-b", key)).toThrow(/cannot be decrypted/);
    // The v1 format has no key id: a key that does not open it is "cannot be decrypted", not garbage.
    expect(() => decryptSecret(legacyV1("sk-old", "tenant-a", key), "tenant-a", other)).toThrow(/cannot be decrypted/);
  });

  it("rotates: encrypted with A, read with B current and A previous, then with B alone after re-encryption", () => {
    const [a, b] = [randomBytes(32), randomBytes(32)];
    const withA = encryptSecret("sk-rotate", "t", secretKeyring({ KEFU_SECRET_KEY: a.toString("hex") }));
    const legacy = legacyV1("sk-legacy", "t", a);
    const ringBA = secretKeyring({ KEFU_SECRET_KEY: b.toString("base64"), KEFU_SECRET_KEY_PREVIOUS: ` ${a.toString("hex")} ` });
    expect(ringBA.current.id).toBe(keyId(b));
    expect(ringBA.previous.map((k) => k.id)).toEqual([keyId(a)]);
    expect(decryptSecret(withA, "t", ringBA)).toBe("sk-rotate");
    expect(decryptSecret(legacy, "t", ringBA)).toBe("sk-legacy");
    const reEncrypted = encryptSecret(decryptSecret(withA, "t", ringBA), "t", ringBA);
    expect(ciphertextKeyId(reEncrypted)).toBe(keyId(b));
    const ringB = secretKeyring({ KEFU_SECRET_KEY: b.toString("hex") });
    expect(decryptSecret(reEncrypted, "t", ringB)).toBe("sk-rotate");
    // A removed too early: a clear, typed error naming the missing key, never garbage.
    expect(errorOf(() => decryptSecret(withA, "t", ringB))).toMatchObject({ reason: "secret_key_unknown", message: expect.stringContaining(keyId(a)) });
  });

  it("reads KEFU_SECRET_KEY (hex or base64), else derives from NEXTAUTH_SECRET, else fails clearly", () => {
    const raw = randomBytes(32);
    expect(secretKey({ KEFU_SECRET_KEY: raw.toString("hex") }).equals(raw)).toBe(true);
    expect(secretKey({ KEFU_SECRET_KEY: raw.toString("base64") }).equals(raw)).toBe(true);
    expect(() => secretKey({ KEFU_SECRET_KEY: "too-short" })).toThrow(/KEFU_SECRET_KEY must be 32 bytes/);
    expect(() => secretKeyring({ KEFU_SECRET_KEY: raw.toString("hex"), KEFU_SECRET_KEY_PREVIOUS: "nope" })).toThrow(/KEFU_SECRET_KEY_PREVIOUS must be 32 bytes/);
    const derived = secretKey({ NEXTAUTH_SECRET: "a-session-secret-of-some-length" });
    expect(derived).toHaveLength(32);
    expect(derived.equals(secretKey({ NEXTAUTH_SECRET: "a-session-secret-of-some-length" }))).toBe(true);
    expect(derived.equals(Buffer.from("a-session-secret-of-some-length").subarray(0, 32))).toBe(false);
    expect(() => secretKey({})).toThrow(/KEFU_SECRET_KEY/);
  });

  it("keeps the derived key for decryption when KEFU_SECRET_KEY is set beside NEXTAUTH_SECRET", () => {
    const session = "a-session-secret-of-some-length";
    const before = encryptSecret("sk-derived", "t", secretKeyring({ NEXTAUTH_SECRET: session }));
    const explicit = secretKeyring({ KEFU_SECRET_KEY: randomBytes(32).toString("hex"), NEXTAUTH_SECRET: session });
    expect(explicit.previous.map((k) => k.id)).toEqual([keyId(secretKey({ NEXTAUTH_SECRET: session }))]);
    expect(decryptSecret(before, "t", explicit)).toBe("sk-derived");
  });
});
