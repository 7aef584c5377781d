import { afterEach, describe, expect, it, vi } from "vitest";
import { currentScryptParams, hashPassword, needsRehash, OWASP_SCRYPT, TEST_ONLY_SCRYPT, verifyPassword } from "./password.ts";

// Made by the previous code (N=2^15, r=8, p=1, 64-byte key) for "correct horse battery".
const HASH_FROM_N15 =
  "scrypt$32768$8$1$RulBamX+IdIUZa2D337bkA==$DnoUp0q3aQCBqZ2L0SZtWtHGFQQcwrjBPtUWuL5PkZuiFYVVEJDdu2M02YZ2gG7aG81GjI1Exs9iKWfIzgmXhw==";

afterEach(() => vi.unstubAllEnvs());

describe("password hashes", () => {
  it("verifies a hash stored with the previous parameters (N=2^15) and asks for a rehash", async () => {
    expect(await verifyPassword("correct horse battery", HASH_FROM_N15)).toBe(true);
    expect(await verifyPassword("correct horse batterY", HASH_FROM_N15)).toBe(false);
    expect(needsRehash(HASH_FROM_N15, OWASP_SCRYPT)).toBe(true);
  });

  it("hashes with OWASP's parameters (N=2^17, r=8, p=1) outside tests, beyond Node's default maxmem", async () => {
    vi.stubEnv("NODE_ENV", "production");
    expect(currentScryptParams()).toEqual({ N: 2 ** 17, r: 8, p: 1 });
    const hash = await hashPassword("correct horse battery");
    expect(hash).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{88}$/);
    expect(await verifyPassword("correct horse battery", hash)).toBe(true);
    expect(await verifyPassword("wrong", hash)).toBe(false);
    expect(needsRehash(hash)).toBe(false);
  });

  it("uses the low test-only cost only under NODE_ENV=test, and such a hash is replaced elsewhere", async () => {
    vi.stubEnv("NODE_ENV", "test");
    expect(currentScryptParams()).toEqual(TEST_ONLY_SCRYPT);
    const hash = await hashPassword("pw");
    expect(hash.startsWith("scrypt$1024$8$1$")).toBe(true);
    expect(needsRehash(hash)).toBe(false);
    vi.stubEnv("NODE_ENV", "development");
    expect(currentScryptParams()).toEqual(OWASP_SCRYPT);
    expect(needsRehash(hash)).toBe(true);
  });

  it("refuses malformed hashes and absurd stored costs without computing them", async () => {
    for (const stored of ["", "x", "bcrypt$1$2$3$4$5", "scrypt$1000$8$1$c2FsdA==$a2V5", "scrypt$2097152$8$1$c2FsdA==$a2V5", "scrypt$1024$8$0$c2FsdA==$a2V5", "scrypt$1024$8$1$c2FsdA==$", "scrypt$1024$8$1$c2FsdA==$a2V5$extra"]) {
      expect(await verifyPassword("pw", stored), stored).toBe(false);
      expect(needsRehash(stored), stored).toBe(true);
    }
  });
});
