import { type Db } from "@kefu/db";
import { DomainError, type SignUpRequest } from "@kefu/domain";
import { isUniqueViolation } from "../platform/prisma-errors.ts";
import { rootLogger } from "../platform/logger.ts";
import { dummyHash, hashPassword, needsRehash, verifyPassword } from "./password.ts";

/** The password "hash" of an account made by single sign-on: not a hash, so no password matches it. */
export const SSO_ONLY_PASSWORD = "sso-only";

const emailTaken = () =>
  new DomainError("CONFLICT", "email_taken", "An account with this email already exists. Sign in instead.");

/**
 * Creates a user, their tenant (workspace) and an OWNER membership, atomically; CONFLICT when the
 * address has an account. The account router answers sign-ups through `requestSignUp`
 * (account-links.ts), which never says so to the caller.
 */
export async function signUp(db: Db, input: SignUpRequest) {
  const existing = await db.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (existing) throw emailTaken();
  return createAccount(db, input, await hashPassword(input.password));
}

/** `signUp` with the password already hashed (a confirmed sign-up link carries the hash). */
export async function createAccount(db: Db, input: Omit<SignUpRequest, "password">, passwordHash: string) {
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { email: input.email, name: input.name || input.email.split("@")[0]!, passwordHash },
      });
      const tenant = await tx.tenant.create({ data: { name: input.companyName } });
      await tx.membership.create({ data: { tenantId: tenant.id, userId: user.id, role: "OWNER" } });
      return { userId: user.id, tenantId: tenant.id, email: user.email };
    });
  } catch (error) {
    // Two sign-ups with one email racing past the check above.
    if (isUniqueViolation(error)) throw emailTaken();
    throw error;
  }
}

/**
 * Returns the user for a correct email + password, or null. Same cost either way. A correct
 * password whose hash was made with older parameters is hashed again with the current ones.
 */
export async function verifyCredentials(db: Db, email: string, password: string) {
  const user = await db.user.findUnique({
    where: { email: email.trim().toLowerCase() },
    select: { id: true, email: true, name: true, passwordHash: true },
  });
  // An account made by single sign-on has no password: it costs the same and never matches.
  const sso = user?.passwordHash === SSO_ONLY_PASSWORD;
  const ok = await verifyPassword(password, user && !sso ? user.passwordHash : await dummyHash());
  if (!user || sso || !ok) return null;
  if (needsRehash(user.passwordHash)) await rehash(db, user.id, user.passwordHash, password);
  return { id: user.id, email: user.email, name: user.name };
}

/** Replaces a verified hash, unless the password changed meanwhile. A failure does not refuse the sign-in. */
async function rehash(db: Db, userId: string, previousHash: string, password: string) {
  try {
    const passwordHash = await hashPassword(password);
    await db.user.updateMany({ where: { id: userId, passwordHash: previousHash }, data: { passwordHash } });
  } catch (error) {
    rootLogger().warn({ err: error, userId }, "account.password_rehash_failed");
  }
}

/** The signed-in user's workspace, for the dashboard header. */
export async function getWorkspace(db: Db, userId: string, tenantId: string) {
  const [user, tenant] = await Promise.all([
    db.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, email: true, name: true } }),
    db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { id: true, name: true } }),
  ]);
  return { user, tenant };
}
