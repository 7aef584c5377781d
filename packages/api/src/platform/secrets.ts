import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { DomainError } from "@kefu/domain";
import { readApiEnv, type ApiEnv } from "./env.ts";

// Secrets at rest (AI provider API keys, webhook signing secrets, visitor identity secrets: the
// columns of encrypted-columns.ts) are AES-256-GCM ciphertexts. Format v2 names the key:
// "v2:<key id>:<iv>:<ciphertext>:<tag>" (base64url), so that after a key rotation each value is
// opened with the key it was made with. v1 ("v1:<iv>:<ciphertext>:<tag>", before key ids) is still
// read: every configured key is tried, the GCM tag telling the right one.
const VERSION = "v2";
const IV_BYTES = 12;
const KEY_BYTES = 32;

/** A key and its id: the first 8 base64url characters of HMAC-SHA256(key, "kefu/secret-key-id"). */
export interface SecretKey {
  id: string;
  key: Buffer;
}

/** The key that encrypts (KEFU_SECRET_KEY) and the older ones that still decrypt (KEFU_SECRET_KEY_PREVIOUS). */
export interface Keyring {
  current: SecretKey;
  previous: readonly SecretKey[];
}

/** A key's id: names it in ciphertexts and logs without revealing anything of it. */
export function keyId(key: Buffer): string {
  return createHmac("sha256", key).update("kefu/secret-key-id").digest("base64url").slice(0, 8);
}

const named = (key: Buffer): SecretKey => ({ id: keyId(key), key });

function parseConfiguredKey(raw: string, variable: string): Buffer {
  const trimmed = raw.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, "hex") : Buffer.from(trimmed, "base64");
  if (key.length !== KEY_BYTES) {
    throw new DomainError("BAD_REQUEST", "secret_key_invalid", `${variable} must be 32 bytes, written as base64 or 64 hex characters.`);
  }
  return key;
}

/** The key derived from NEXTAUTH_SECRET with HKDF (a separate key: the session secret is never a cipher key). */
const derivedKey = (nextAuthSecret: string) => Buffer.from(hkdfSync("sha256", nextAuthSecret, "kefu", "kefu/ai-provider-api-keys/v1", KEY_BYTES));

type KeyEnv = Pick<ApiEnv, "KEFU_SECRET_KEY" | "NEXTAUTH_SECRET"> & Partial<Pick<ApiEnv, "KEFU_SECRET_KEY_PREVIOUS">>;

/**
 * The configured keys. Current: KEFU_SECRET_KEY when set, else the key derived from NEXTAUTH_SECRET.
 * Previous, for decryption only: each key of KEFU_SECRET_KEY_PREVIOUS (comma-separated), and the
 * derived key when KEFU_SECRET_KEY is set beside NEXTAUTH_SECRET, so that moving from the derived
 * key to an explicit one needs nothing else.
 */
export function secretKeyring(env: KeyEnv = readApiEnv()): Keyring {
  let current: SecretKey;
  if (env.KEFU_SECRET_KEY) current = named(parseConfiguredKey(env.KEFU_SECRET_KEY, "KEFU_SECRET_KEY"));
  else if (env.NEXTAUTH_SECRET) current = named(derivedKey(env.NEXTAUTH_SECRET));
  else {
    throw new DomainError("BAD_REQUEST", "secret_key_missing", "Secrets cannot be stored: set KEFU_SECRET_KEY (or NEXTAUTH_SECRET) on the server.");
  }
  const previous = (env.KEFU_SECRET_KEY_PREVIOUS ?? "")
    .split(",")
    .map((raw) => raw.trim())
    .filter(Boolean)
    .map((raw) => named(parseConfiguredKey(raw, "KEFU_SECRET_KEY_PREVIOUS")));
  if (env.KEFU_SECRET_KEY && env.NEXTAUTH_SECRET) previous.push(named(derivedKey(env.NEXTAUTH_SECRET)));
  const seen = new Set([current.id]);
  return { current, previous: previous.filter((k) => !seen.has(k.id) && seen.add(k.id)) };
}

/** The encryption key alone (secretKeyring().current.key). */
export function secretKey(env: KeyEnv = readApiEnv()): Buffer {
  return secretKeyring(env).current.key;
}

const b64 = (buf: Buffer) => buf.toString("base64url");
const ringOf = (keys: Keyring | Buffer): Keyring => (Buffer.isBuffer(keys) ? { current: named(keys), previous: [] } : keys);

/**
 * Encrypts a secret under the current key. `context` (e.g. the tenant id) is bound as associated
 * data, so a ciphertext copied to another tenant's row does not decrypt.
 */
export function encryptSecret(plaintext: string, context: string, keys: Keyring | Buffer = secretKeyring()): string {
  const { current } = ringOf(keys);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", current.key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, current.id, b64(iv), b64(body), b64(cipher.getAuthTag())].join(":");
}

const undecryptable = () =>
  new DomainError("BAD_REQUEST", "secret_undecryptable", "The stored secret cannot be decrypted (the server secret changed?). Enter it again.");

const unknownKey = (id: string) =>
  new DomainError(
    "BAD_REQUEST",
    "secret_key_unknown",
    `The stored secret was encrypted with key ${id}, which this server does not have: add that key to KEFU_SECRET_KEY_PREVIOUS, or enter the secret again.`,
  );

/** The id of the key a ciphertext was made with; null for the v1 format (no id) or anything unreadable. */
export function ciphertextKeyId(ciphertext: string): string | null {
  const [version, id] = ciphertext.split(":");
  return version === VERSION && id ? id : null;
}

function open(key: Buffer, context: string, iv: string, body: string, tag: string): string | null {
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    // A wrong key, a tampered ciphertext and a wrong context all fail the GCM tag check.
    return null;
  }
}

/**
 * Decrypts with the key the ciphertext names (v2) or whichever configured key opens it (v1). A key
 * that is not configured, a wrong context or a tampered value is a typed error, never garbage.
 */
export function decryptSecret(ciphertext: string, context: string, keys: Keyring | Buffer = secretKeyring()): string {
  const ring = ringOf(keys);
  const all = [ring.current, ...ring.previous];
  const parts = ciphertext.split(":");
  if (parts[0] === VERSION && parts.length === 5) {
    const [, id, iv, body, tag] = parts as [string, string, string, string, string];
    const key = all.find((k) => k.id === id);
    if (!key) throw unknownKey(id);
    if (!iv || !tag) throw undecryptable();
    const plaintext = open(key.key, context, iv, body, tag);
    if (plaintext === null) throw undecryptable();
    return plaintext;
  }
  if (parts[0] === "v1" && parts.length === 4 && parts[1] && parts[3]) {
    const [, iv, body, tag] = parts as [string, string, string, string];
    for (const key of all) {
      const plaintext = open(key.key, context, iv, body, tag);
      if (plaintext !== null) return plaintext;
    }
  }
  throw undecryptable();
}

/** Whether a ciphertext is made under the current key in the current format (nothing to rotate). */
export const isUnderCurrentKey = (ciphertext: string, ring: Keyring) => ciphertextKeyId(ciphertext) === ring.current.id;
