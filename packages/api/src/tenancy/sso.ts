import { type Db } from "@kefu/db";
import { rootLogger } from "../platform/logger.ts";
import { isUniqueViolation } from "../platform/prisma-errors.ts";
import { SSO_ONLY_PASSWORD } from "./accounts.ts";

export type SsoOutcome =
  | { ok: true; user: { id: string; email: string; name: string }; joined: string | null }
  | { ok: false; reason: "email_unverified" | "no_account" };

/**
 * Who a person signed in by the OpenID Connect provider is here (docs/security.md "Single
 * sign-on"). Only an address the provider says it verified counts. It is:
 * - the account with that address, when there is one (a password account signs in by SSO too);
 * - else, when an unused invite was sent to that address, a new account (without a password)
 *   with that invite's membership, the invite used up;
 * - else nobody: a provider's users do not get into a workspace without an invite.
 */
export async function resolveSsoUser(
  db: Db,
  claims: { email?: unknown; email_verified?: unknown; name?: unknown },
  now = new Date(),
): Promise<SsoOutcome> {
  if (typeof claims.email !== "string" || !(claims.email_verified === true || claims.email_verified === "true")) return { ok: false, reason: "email_unverified" };
  const email = claims.email.trim().toLowerCase();
  const existing = await db.user.findUnique({ where: { email }, select: { id: true, email: true, name: true } });
  if (existing) return { ok: true, user: existing, joined: null };
  const invite = await db.invite.findFirst({
    where: { email, usedAt: null, expiresAt: { gt: now } },
    orderBy: { createdAt: "desc" },
    select: { id: true, tenantId: true, role: true },
  });
  if (!invite) return { ok: false, reason: "no_account" };
  const name = typeof claims.name === "string" && claims.name.trim() ? claims.name.trim().slice(0, 100) : email.split("@")[0]!;
  try {
    return await db.$transaction(async (tx) => {
      const used = await tx.invite.updateMany({ where: { id: invite.id, usedAt: null }, data: { usedAt: now } });
      if (used.count !== 1) return { ok: false as const, reason: "no_account" as const };
      const user = await tx.user.create({ data: { email, name, passwordHash: SSO_ONLY_PASSWORD }, select: { id: true, email: true, name: true } });
      await tx.membership.create({ data: { tenantId: invite.tenantId, userId: user.id, role: invite.role } });
      return { ok: true as const, user, joined: invite.tenantId };
    });
  } catch (error) {
    // Two first sign-ins racing: the other made the account.
    if (!isUniqueViolation(error)) throw error;
    rootLogger().info({ email }, "sso.account_race");
    const user = await db.user.findUniqueOrThrow({ where: { email }, select: { id: true, email: true, name: true } });
    return { ok: true, user, joined: null };
  }
}
