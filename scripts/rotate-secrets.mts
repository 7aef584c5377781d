// `npm run secrets:rotate`: re-encrypts every stored secret (encrypted-columns.ts) under the current
// KEFU_SECRET_KEY, decrypting with KEFU_SECRET_KEY_PREVIOUS where needed, and prints what each key
// still holds. `-- --check` only prints that. The admin app does the same at start-up; this is for
// running it on demand (docs/security.md "Secret key rotation"). Reads .env and the generated
// .data/auth-secret like `npm start`; needs the database running (DATABASE_URL, or `npm start`'s
// embedded one).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const envFile = path.join(root, ".env");
if (existsSync(envFile)) {
  for (const line of readFileSync(envFile, "utf8").split("\n")) {
    const match = line.match(/^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/);
    if (match && process.env[match[1]!] === undefined) process.env[match[1]!] = match[2]!.replace(/^["']|["']$/g, "");
  }
}
const authSecret = path.join(path.resolve(root, process.env.KEFU_DATA_DIR || ".data"), "auth-secret");
if (!process.env.NEXTAUTH_SECRET && existsSync(authSecret)) process.env.NEXTAUTH_SECRET = readFileSync(authSecret, "utf8").trim();

const { rotateSecrets, secretKeyUsage, secretKeyring } = await import("@kefu/api");
const { createDb, readDbEnv, resolveDatabaseUrl } = await import("@kefu/db");

const ring = secretKeyring();
const db = createDb(resolveDatabaseUrl(readDbEnv()), { maxConnections: 1 });
try {
  console.log(`current key ${ring.current.id}; previous keys: ${ring.previous.map((k) => k.id).join(", ") || "none"}`);
  if (!process.argv.includes("--check")) {
    const { columns } = await rotateSecrets(db, { keyring: ring });
    for (const c of columns) console.log(`${c.table}.${c.column}: ${c.reEncrypted} re-encrypted, ${c.failed} could not be opened`);
  }
  const usage = await secretKeyUsage(db, ring);
  console.log(`stored secrets by key: ${JSON.stringify(usage.byKey)}`);
  console.log(
    usage.notCurrent === 0
      ? "Every secret is under the current key: KEFU_SECRET_KEY_PREVIOUS can be removed."
      : `${usage.notCurrent} secret(s) are not under the current key: keep KEFU_SECRET_KEY_PREVIOUS (a key id above that is not configured belongs to a key this server does not have).`,
  );
  process.exitCode = usage.notCurrent === 0 ? 0 : 2;
} finally {
  await db.$disconnect();
}
