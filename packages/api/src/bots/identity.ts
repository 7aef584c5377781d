import { randomBytes } from "node:crypto";
import { type Db } from "@kefu/db";
import { notFound } from "@kefu/domain";
import { SECRET_CONTEXTS } from "../platform/encrypted-columns.ts";
import { encryptSecret } from "../platform/secrets.ts";

/**
 * A bot's visitor identity settings (docs/security.md "Visitor identity verification"). The secret
 * is stored encrypted, bound to its tenant and bot, and returned only by rotateIdentitySecret:
 * the dashboard shows it once. Every query is scoped by tenant.
 */

const SETTINGS = { identitySecretCreatedAt: true, requireVerifiedIdentity: true, identitySecretCiphertext: true } as const;

/** `kid_` + 32 random bytes: the host's backend uses the whole string as the HMAC key. */
export const newIdentitySecret = () => `kid_${randomBytes(32).toString("base64url")}`;

function view(row: { identitySecretCreatedAt: Date | null; requireVerifiedIdentity: boolean; identitySecretCiphertext: string | null }) {
  return {
    hasSecret: row.identitySecretCiphertext !== null,
    secretCreatedAt: row.identitySecretCreatedAt,
    requireVerifiedIdentity: row.requireVerifiedIdentity,
  };
}

export async function getIdentitySettings(db: Db, tenantId: string, botId: string) {
  const row = await db.bot.findFirst({ where: { id: botId, tenantId }, select: SETTINGS });
  if (!row) throw notFound("bot");
  return view(row);
}

/**
 * Generates the bot's first secret or replaces it: signatures made with the old one stop
 * verifying at once. The only time the secret leaves the server.
 */
export async function rotateIdentitySecret(db: Db, tenantId: string, botId: string) {
  const secret = newIdentitySecret();
  // Encrypt first: a server without a key fails before anything is written.
  const identitySecretCiphertext = encryptSecret(secret, SECRET_CONTEXTS.visitorIdentity(tenantId, botId));
  const identitySecretCreatedAt = new Date();
  const { count } = await db.bot.updateMany({ where: { id: botId, tenantId }, data: { identitySecretCiphertext, identitySecretCreatedAt } });
  if (count === 0) throw notFound("bot");
  return { secret, settings: await getIdentitySettings(db, tenantId, botId) };
}

export async function updateIdentitySettings(db: Db, tenantId: string, botId: string, input: { requireVerifiedIdentity: boolean }) {
  const { count } = await db.bot.updateMany({ where: { id: botId, tenantId }, data: { requireVerifiedIdentity: input.requireVerifiedIdentity } });
  if (count === 0) throw notFound("bot");
  return getIdentitySettings(db, tenantId, botId);
}
