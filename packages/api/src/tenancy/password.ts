import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { passwordHashCost } from "../platform/env.ts";

// scrypt is memory-hard and built into Node: no native addon to install. Each hash is stored as
// `scrypt$N$r$p$salt$key`, so hashes made with older parameters still verify and are replaced
// (`needsRehash`) on the next successful sign-in.
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** OWASP's scrypt parameters (Password Storage Cheat Sheet): 128 MiB and ~0.4 s per hash here. */
export const OWASP_SCRYPT: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };
/** Only under NODE_ENV=test (platform/env.ts), so suites that create many users stay fast. */
export const TEST_ONLY_SCRYPT: ScryptParams = { N: 2 ** 10, r: 8, p: 1 };

const KEY_LENGTH = 64;
// A stored hash names its own cost; refuse absurd ones rather than allocate for them.
const MAX_N = 2 ** 20;

/** The parameters new hashes are made with. */
export function currentScryptParams(): ScryptParams {
  return passwordHashCost() === "test-only-low" ? TEST_ONLY_SCRYPT : OWASP_SCRYPT;
}

/** scrypt needs 128·N·r bytes; Node's default `maxmem` (32 MiB) is below what N=2^17 takes. */
function maxmem({ N, r }: ScryptParams): number {
  return 128 * N * r * 2;
}

function scrypt(password: string, salt: Buffer, keylen: number, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: maxmem(params) };
  return new Promise((resolve, reject) =>
    scryptCallback(password, salt, keylen, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

export async function hashPassword(password: string, params: ScryptParams = currentScryptParams()): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEY_LENGTH, params);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString("base64")}$${key.toString("base64")}`;
}

interface ParsedHash {
  params: ScryptParams;
  salt: Buffer;
  key: Buffer;
}

function parseHash(stored: string): ParsedHash | null {
  const [scheme, n, r, p, salt, key, ...rest] = stored.split("$");
  if (scheme !== "scrypt" || !n || !r || !p || !salt || !key || rest.length > 0) return null;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  const powerOfTwo = Number.isInteger(params.N) && params.N > 1 && (params.N & (params.N - 1)) === 0;
  if (!powerOfTwo || params.N > MAX_N || !Number.isInteger(params.r) || params.r < 1 || params.r > 32) return null;
  if (!Number.isInteger(params.p) || params.p < 1 || params.p > 16) return null;
  return { params, salt: Buffer.from(salt, "base64"), key: Buffer.from(key, "base64") };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed || parsed.key.length === 0) return false;
  const key = await scrypt(password, parsed.salt, parsed.key.length, parsed.params);
  return timingSafeEqual(key, parsed.key);
}

/** Whether a (verified) hash was made with other parameters than `params`, and should be replaced. */
export function needsRehash(stored: string, params: ScryptParams = currentScryptParams()): boolean {
  const parsed = parseHash(stored);
  if (!parsed) return true;
  return parsed.params.N !== params.N || parsed.params.r !== params.r || parsed.params.p !== params.p || parsed.key.length !== KEY_LENGTH;
}

const dummyHashes = new Map<number, Promise<string>>();

/**
 * A hash of a random password with the current parameters: verifying against it costs the same
 * as a real one (sign-in with an unknown email). Made on first use, not at import.
 */
export function dummyHash(): Promise<string> {
  const params = currentScryptParams();
  let hash = dummyHashes.get(params.N);
  if (!hash) {
    hash = hashPassword(randomBytes(16).toString("hex"), params);
    dummyHashes.set(params.N, hash);
  }
  return hash;
}
