// The prologue of the scripts run on their own against the product's database (`npm run demo`,
// `npm run secrets:rotate`): the environment read as `npm start` reads it, then the database it
// serves. The environment comes first: the packages read it as they are imported.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Reads the repository's .env (variables already set win) and, with `authSecret`, the generated
 * `<data dir>/auth-secret` as NEXTAUTH_SECRET when none is set, as `npm start` does.
 */
export function loadScriptEnv({ authSecret = false }: { authSecret?: boolean } = {}): void {
  const envFile = path.join(root, ".env");
  if (existsSync(envFile)) {
    for (const line of readFileSync(envFile, "utf8").split("\n")) {
      const match = line.match(/^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/);
      if (match && process.env[match[1]!] === undefined) process.env[match[1]!] = match[2]!.replace(/^["']|["']$/g, "");
    }
  }
  if (!authSecret) return;
  const secretFile = path.join(path.resolve(root, process.env.KEFU_DATA_DIR || ".data"), "auth-secret");
  if (!process.env.NEXTAUTH_SECRET && existsSync(secretFile)) process.env.NEXTAUTH_SECRET = readFileSync(secretFile, "utf8").trim();
}

/** The running product's database: DATABASE_URL, or the embedded one `npm start` serves. Call after loadScriptEnv. */
export async function openScriptDb({ maxConnections }: { maxConnections: number }) {
  const { createDb, readDbEnv, resolveDatabaseUrl } = await import("@kefu/db");
  return createDb(resolveDatabaseUrl(readDbEnv()), { maxConnections });
}
