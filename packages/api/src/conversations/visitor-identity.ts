import { createHmac, timingSafeEqual } from "node:crypto";
import { type DbTx } from "@kefu/db";
import { DomainError, type VisitorAttributeValues } from "@kefu/domain";
import { SECRET_CONTEXTS } from "../platform/encrypted-columns.ts";
import { decryptSecret } from "../platform/secrets.ts";

/**
 * Visitor identity verification (docs/security.md): the host site's backend signs its user's id
 * with the bot's identity secret, userHash = hex(HMAC-SHA256(secret, userId)), and the page passes
 * both to the widget. Only a proven id may join a visitor's devices into one history; an
 * unproven one is kept as a claim, shown as such to agents.
 */

/** Bound into the secret's ciphertext: a copy in another bot's or tenant's row does not decrypt. */
export const identitySecretContext = SECRET_CONTEXTS.visitorIdentity;

/** hex(HMAC-SHA256(secret, userId)): what the host's backend computes. */
export function userHashFor(secret: string, userId: string): string {
  return createHmac("sha256", secret).update(userId, "utf8").digest("hex");
}

/** Compares in constant time, on buffers of equal length (a hash of another length never matches). */
export function userHashMatches(secret: string, userId: string, userHash: string): boolean {
  const expected = createHmac("sha256", secret).update(userId, "utf8").digest();
  const given = Buffer.from(userHash, "hex"); // stops at the first non-hex character: then too short
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export interface IdentityClaim {
  userId?: string;
  userHash?: string;
  attributes?: VisitorAttributeValues;
}

/** What a start proved about its visitor. */
export interface CheckedIdentity {
  /** The user id, when its hash is valid: the only id visitors are looked up and merged by. */
  verifiedUserId: string | null;
  /** A user id passed without a valid hash (shown to agents as claimed). */
  claimedUserId: string | null;
  /** Attributes passed with a valid hash: the host's backend vouches for them. */
  attributesVerified: boolean;
  /** Why a given hash was not accepted, for the log: a wrong hash, or no secret to check it with. */
  rejected: "invalid_hash" | "no_secret" | "secret_unusable" | null;
}

const ANONYMOUS: CheckedIdentity = { verifiedUserId: null, claimedUserId: null, attributesVerified: false, rejected: null };

export const identityUnverified = () =>
  new DomainError(
    "FORBIDDEN",
    "identity_unverified",
    "This chat only accepts visitors the website has signed in: the page passed a user id or attributes without a valid signature.",
  );

/**
 * The bot's identity secret, or null when this server cannot open it (its key is not configured):
 * the visitor then chats unverified, and the operator learns why from the warning logged with the
 * start (visitor.identity_unverified, reason secret_unusable), never from an error in the widget.
 */
function openIdentitySecret(ciphertext: string, bot: { id: string; tenantId: string }): string | null {
  try {
    return decryptSecret(ciphertext, identitySecretContext(bot.tenantId, bot.id));
  } catch (error) {
    if (error instanceof DomainError && error.reason.startsWith("secret_")) return null;
    throw error;
  }
}

/**
 * Checks a start's identity against the bot's secret. Anonymous starts (no user id, hash or
 * attributes) cost no query. With "Require verified identity" on, a user id or attributes
 * without a valid hash are refused (FORBIDDEN identity_unverified); otherwise they are kept as claims.
 */
export async function checkIdentity(db: DbTx, bot: { id: string; tenantId: string }, claim: IdentityClaim): Promise<CheckedIdentity> {
  const hasAttributes = claim.attributes !== undefined && Object.keys(claim.attributes).length > 0;
  if (claim.userId === undefined && claim.userHash === undefined && !hasAttributes) return ANONYMOUS;
  const settings = await db.bot.findFirst({
    where: { id: bot.id, tenantId: bot.tenantId },
    select: { identitySecretCiphertext: true, requireVerifiedIdentity: true },
  });
  let rejected: CheckedIdentity["rejected"] = null;
  if (claim.userId !== undefined && claim.userHash !== undefined) {
    if (!settings?.identitySecretCiphertext) rejected = "no_secret";
    else {
      const secret = openIdentitySecret(settings.identitySecretCiphertext, bot);
      if (secret === null) rejected = "secret_unusable";
      else if (userHashMatches(secret, claim.userId, claim.userHash)) {
        return { verifiedUserId: claim.userId, claimedUserId: null, attributesVerified: hasAttributes, rejected: null };
      } else rejected = "invalid_hash";
    }
  } else if (claim.userHash !== undefined) {
    rejected = "invalid_hash"; // a hash of no user id proves nothing
  }
  if (settings?.requireVerifiedIdentity && (claim.userId !== undefined || hasAttributes)) throw identityUnverified();
  return { verifiedUserId: null, claimedUserId: claim.userId ?? null, attributesVerified: false, rejected };
}
