#!/usr/bin/env node
// `npm start`: the whole product on one machine with nothing else installed.
// Embedded Postgres (PGlite + pgvector) unless DATABASE_URL is set, migrations,
// a production build of both apps (cached by turbo), then both servers.
//   --dev   run `next dev` instead of building
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dev = process.argv.includes("--dev");
const children = [];

loadDotEnv(path.join(root, ".env"));
const env = { ...process.env };
env.KEFU_DATA_DIR = path.resolve(root, env.KEFU_DATA_DIR || ".data");
env.KEFU_DB_PORT ||= "54329";
env.ADMIN_PORT ||= "3000";
env.CHAT_PORT ||= "3001";
env.NEXTAUTH_URL ||= `http://localhost:${env.ADMIN_PORT}`;
env.KEFU_CHAT_URL ||= `http://localhost:${env.CHAT_PORT}`;
env.NEXTAUTH_SECRET ||= persistentSecret(path.join(env.KEFU_DATA_DIR, "auth-secret"));
env.NEXT_TELEMETRY_DISABLED = "1";
// Every process started from here stops when its parent is gone, even after a SIGKILL that could
// not be passed on; this script watches its own parent the same way.
const exitWithParent = path.join(root, "scripts", "exit-with-parent.cjs");
env.NODE_OPTIONS = [process.env.NODE_OPTIONS, `--require ${JSON.stringify(exitWithParent)}`].filter(Boolean).join(" ");
createRequire(import.meta.url)(exitWithParent);

function log(line) {
  console.log(`[kefu] ${line}`);
}

function loadDotEnv(file) {
  if (!existsSync(file)) return;
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const match = line.match(/^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/);
    if (match && process.env[match[1]] === undefined) process.env[match[1]] = match[2].replace(/^["']|["']$/g, "");
  }
}

/** A session-signing secret generated once and kept with the data, so logins survive restarts. */
function persistentSecret(file) {
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

// Servers are spawned directly (not through `npm run`) so that stopping Kefu
// stops them too: npm does not reliably pass signals on to its child.
function bin(name) {
  return path.join(root, "node_modules", ".bin", name);
}

function run(label, command, args, options = {}) {
  const child = spawn(command, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"], ...options });
  children.push(child);
  const prefix = (chunk) =>
    chunk
      .toString()
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => `[${label}] ${l}`)
      .join("\n");
  child.stdout.on("data", (c) => console.log(prefix(c)));
  child.stderr.on("data", (c) => console.error(prefix(c)));
  child.on("exit", (code, signal) => {
    if (!shuttingDown) {
      console.error(`[kefu] ${label} stopped (${signal ?? `exit ${code}`}); stopping everything.`);
      shutdown(code || 1);
    }
  });
  return child;
}

function waitForLine(child, pattern, timeoutMs) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}`)), timeoutMs);
    const onData = (chunk) => {
      if (pattern.test(chunk.toString())) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on("data", onData);
    child.on("exit", () => reject(new Error("process exited before it was ready")));
  });
}

let shuttingDown = false;
function shutdown(code = 0) {
  if (shuttingDown) return;
  shuttingDown = true;
  for (const child of children) child.kill("SIGTERM");
  setTimeout(() => process.exit(code), 1500).unref();
}
process.on("SIGINT", () => shutdown(0));
process.on("SIGTERM", () => shutdown(0));
process.on("SIGHUP", () => shutdown(0));

async function main() {
  const generate = spawnSync("npm", ["run", "--silent", "generate", "-w", "@kefu/db"], { cwd: root, env, stdio: "ignore" });
  if (generate.status !== 0) throw new Error("could not generate the Prisma client: run `npm run db:generate` to see why");
  if (env.DATABASE_URL) {
    log("using DATABASE_URL; applying migrations");
    const migrate = spawnSync("npm", ["run", "--silent", "migrate", "-w", "@kefu/db"], { cwd: root, env, stdio: "inherit" });
    if (migrate.status !== 0) throw new Error("migrations failed (see above); check DATABASE_URL and that pgvector is installed");
  } else {
    log(`starting the embedded database (data in ${env.KEFU_DATA_DIR})`);
    const db = run("db", bin("tsx"), ["src/cli/serve.ts"], { cwd: path.join(root, "packages/db") });
    await waitForLine(db, /embedded Postgres ready/, 120_000);
  }

  if (!dev) {
    log("building the apps (cached after the first run)…");
    const build = spawnSync("npx", ["turbo", "run", "build", "--filter=@kefu/admin", "--filter=@kefu/chat", "--output-logs=errors-only"], {
      cwd: root,
      env,
      stdio: "inherit",
    });
    if (build.status !== 0) throw new Error("the build failed (see above)");
  }
  const mode = dev ? "dev" : "start";
  // Admin first, then chat: once the chat app answers, the whole product does.
  const admin = run("admin", bin("next"), [mode, "--port", env.ADMIN_PORT], { cwd: path.join(root, "apps/admin") });
  await waitForLine(admin, /Ready|started server/i, 120_000);
  const chat = run("chat", bin("next"), [mode, "--port", env.CHAT_PORT], { cwd: path.join(root, "apps/chat") });
  await waitForLine(chat, /Ready|started server/i, 120_000);
  console.log(`
  Kefu is running.
    Admin dashboard:  ${env.NEXTAUTH_URL}
    Chat + widget:    ${env.KEFU_CHAT_URL}
    Database:         ${env.DATABASE_URL ? "DATABASE_URL" : `embedded Postgres on 127.0.0.1:${env.KEFU_DB_PORT}`}
  Press Ctrl+C to stop.
`);
}

main().catch((error) => {
  console.error(`[kefu] could not start: ${error.message}`);
  shutdown(1);
});
