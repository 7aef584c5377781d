import { afterEach, describe, expect, it, vi } from "vitest";
import { useTestDb } from "../testing/index.ts";
import { verifyCredentials } from "./accounts.ts";
import { hashPassword, needsRehash, OWASP_SCRYPT } from "./password.ts";

const t = useTestDb();

afterEach(() => vi.unstubAllEnvs());

const PREVIOUS = { N: 2 ** 15, r: 8, p: 1 };

async function userWithHash(email: string, passwordHash: string) {
  return t.db.user.create({ data: { email, name: "Old account", passwordHash }, select: { id: true } });
}

async function storedHash(id: string) {
  return (await t.db.user.findUniqueOrThrow({ where: { id }, select: { passwordHash: true } })).passwordHash;
}

describe("password rehash on sign-in", () => {
  it("signs in with a hash of the previous parameters and replaces it with OWASP's (N=2^17)", async () => {
    vi.stubEnv("NODE_ENV", "production");
    const old = await hashPassword("correct horse battery", PREVIOUS);
    const user = await userWithHash("old@rehash.test", old);

    expect(await verifyCredentials(t.db, "old@rehash.test", "correct horse battery")).toMatchObject({ id: user.id });
    const now = await storedHash(user.id);
    expect(now).not.toBe(old);
    expect(now.startsWith("scrypt$131072$8$1$")).toBe(true);
    expect(needsRehash(now, OWASP_SCRYPT)).toBe(false);

    // The new hash verifies, and is left alone from then on.
    expect(await verifyCredentials(t.db, "old@rehash.test", "correct horse battery")).toMatchObject({ id: user.id });
    expect(await storedHash(user.id)).toBe(now);
  });

  it("keeps the old hash when the password is wrong", async () => {
    const old = await hashPassword("correct horse battery", PREVIOUS);
    const user = await userWithHash("wrong@rehash.test", old);
    expect(await verifyCredentials(t.db, "wrong@rehash.test", "not the password")).toBeNull();
    expect(await storedHash(user.id)).toBe(old);
  });

  it("does not overwrite a hash that changed while the sign-in was verifying", async () => {
    const old = await hashPassword("correct horse battery", PREVIOUS);
    const user = await userWithHash("race@rehash.test", old);
    const changed = await hashPassword("a newer password");
    const findUnique = t.db.user.findUnique.bind(t.db.user);
    // The sign-in reads the old hash, then the password changes before it writes the new one.
    const racing = async (args: Parameters<typeof findUnique>[0]) => {
      const found = await findUnique(args);
      await t.db.user.update({ where: { id: user.id }, data: { passwordHash: changed } });
      return found;
    };
    const spy = vi.spyOn(t.db.user, "findUnique").mockImplementationOnce(racing as never);
    try {
      expect(await verifyCredentials(t.db, "race@rehash.test", "correct horse battery")).toMatchObject({ id: user.id });
    } finally {
      spy.mockRestore();
    }
    expect(await storedHash(user.id)).toBe(changed);
  });
});
