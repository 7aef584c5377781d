import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { DomainError } from "@kefu/domain";
import { readApiEnv, type ApiEnv } from "./env.ts";

// API keys of AI providers are stored encrypted (AES-256-GCM). The ciphertext string is
// versioned ("v1:<iv>:<ciphertext>:<tag>", base64url) so the scheme can change later.
const VERSION = "v1";
const IV_BYTES = 12;
const KEY_BYTES = 32;

function parseConfiguredKey(raw: string): Buffer {
  const trimmed = raw.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, "hex") : Buffer.from(trimmed, "base64");
  if (key.length !== KEY_BYTES) {
    throw new DomainError("BAD_REQUEST", "secret_key_invalid", "KEFU_SECRET_KEY must be 32 bytes, written as base64 or 64 hex characters.");
  }
  return key;
}

/**
 * The encryption key: KEFU_SECRET_KEY when set, else derived from NEXTAUTH_SECRET with HKDF
 * (a separate key, so the session secret is never used directly as a cipher key).
 */
export function secretKey(env: Pick<ApiEnv, "KEFU_SECRET_KEY" | "NEXTAUTH_SECRET"> = readApiEnv()): Buffer {
  if (env.KEFU_SECRET_KEY) return parseConfiguredKey(env.KEFU_SECRET_KEY);
  if (env.NEXTAUTH_SECRET) {
    return Buffer.from(hkdfSync("sha256", env.NEXTAUTH_SECRET, "kefu", "kefu/ai-provider-api-keys/v1", KEY_BYTES));
  }
  throw new DomainError(
    "BAD_REQUEST",
    "secret_key_missing",
    "API keys cannot be stored: set KEFU_SECRET_KEY (or NEXTAUTH_SECRET) on the server.",
  );
}

const b64 = (buf: Buffer) => buf.toString("base64url");

/**
 * Encrypts a secret. `context` (e.g. the tenant id) is bound as associated data, so a
 * ciphertext copied to another tenant's row does not decrypt.
 */
export function encryptSecret(plaintext: string, context: string, key: Buffer = secretKey()): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, b64(iv), b64(body), b64(cipher.getAuthTag())].join(":");
}

const undecryptable = () =>
  new DomainError("BAD_REQUEST", "secret_undecryptable", "The stored API key cannot be decrypted (the server secret changed?). Enter the key again.");

export function decryptSecret(ciphertext: string, context: string, key: Buffer = secretKey()): string {
  const [version, iv, body, tag, ...rest] = ciphertext.split(":");
  if (version !== VERSION || !iv || body === undefined || !tag || rest.length > 0) throw undecryptable();
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    // A wrong key, a tampered ciphertext and a wrong context all fail the GCM tag check.
    throw undecryptable();
  }
}
