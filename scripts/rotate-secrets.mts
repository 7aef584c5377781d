// `npm run secrets:rotate`: re-encrypts every stored secret (encrypted-columns.ts) under the current
// KEFU_SECRET_KEY, decrypting with KEFU_SECRET_KEY_PREVIOUS where needed, and prints what each key
// still holds. `-- --check` only prints that. The admin app does the same at start-up; this is for
// running it on demand (docs/security.md "Secret key rotation"). Reads .env and the generated
// .data/auth-secret like `npm start`; needs the database running (DATABASE_URL, or `npm start`'s
// embedded one).
import { loadScriptEnv, openScriptDb } from "./script-env.mts";

loadScriptEnv({ authSecret: true });
const { rotateSecrets, secretKeyUsage, secretKeyring } = await import("@kefu/api");

const ring = secretKeyring();
const db = await openScriptDb({ maxConnections: 1 });
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
