#!/usr/bin/env node
// `npm start`: the whole product on one machine with nothing else installed.
// Embedded Postgres (PGlite + pgvector) unless DATABASE_URL is set, migrations,
// a production build of both apps (cached by turbo), then both servers.
//   --dev   run `next dev` instead of building
//   --demo  seed the demo workspace once the database is up (scripts/demo.mts; again adds nothing)
//   KEFU_SKIP_BUILD=1   use the apps' existing production build (tests that run after the build)
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dev = process.argv.includes("--dev");
const demo = process.argv.includes("--demo");
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
// turbo prints a telemetry notice on first run otherwise; nothing is sent either way.
env.TURBO_TELEMETRY_DISABLED = "1";
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
// stops them too: npm does not reliably pass signals on to its child. Each gets a process group of
// its own: a Ctrl+C in the terminal reaches only this script, which stops them in order (below),
// and a hard kill takes a server's whole group.
function bin(name) {
  return path.join(root, "node_modules", ".bin", name);
}

/** How long the apps may drain (streams end, answers in flight finish) before they are killed. */
const APPS_DEADLINE_MS = 3500;
/** How long the database may take to close after the apps are gone. */
const DB_DEADLINE_MS = 1000;
/**
 * Restarts of a server that died (the embedded database, or an app once the product is running):
 * waits doubling from the first to the last, reset after a minute up.
 */
const RESTART_BACKOFF_MS = [500, 1000, 2000, 4000, 8000];
const STABLE_MS = 60_000;

/** Starts a server; `onUnexpectedExit` (see `supervise`) decides what its exit means unless Kefu is stopping. */
function run(label, command, args, { cwd, onUnexpectedExit }) {
  const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  child.label = label;
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
  child.exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  child.on("exit", (code, signal) => {
    if (children.includes(child)) children.splice(children.indexOf(child), 1);
    if (!shuttingDown) onUnexpectedExit(code, signal);
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
    child.on("exit", () => {
      clearTimeout(timer);
      reject(new Error("process exited before it was ready"));
    });
  });
}

/** Signals a child's whole process group (the server and anything it started). */
function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/** Asks the children to stop (SIGTERM) and waits for them until `deadlineMs`; then kills what is left. */
async function stopChildren(list, deadlineMs) {
  if (list.length === 0) return;
  for (const child of list) {
    try {
      child.kill("SIGTERM");
    } catch {
      // already gone
    }
  }
  let timer;
  const deadline = new Promise((resolve) => (timer = setTimeout(resolve, deadlineMs)));
  await Promise.race([Promise.all(list.map((c) => c.exited)), deadline]);
  clearTimeout(timer);
  for (const child of list) {
    if (child.exitCode === null && child.signalCode === null) console.error(`[kefu] ${child.label} did not stop within ${deadlineMs} ms; killing it.`);
    signalGroup(child, "SIGKILL");
  }
}

// Shutdown: the apps first (they end their event streams at once and give answers in flight a
// short grace period), then the database they were writing to; whatever does not stop by its
// deadline is killed with its process group. The whole takes under five seconds.
let shuttingDown = false;
async function shutdown(code = 0) {
  if (shuttingDown) return;
  shuttingDown = true;
  for (const timer of restartTimers) clearTimeout(timer);
  setTimeout(() => {
    for (const child of children) signalGroup(child, "SIGKILL");
    process.exit(code);
  }, APPS_DEADLINE_MS + DB_DEADLINE_MS + 300);
  const apps = children.filter((c) => c.label !== "db");
  await stopChildren(apps, APPS_DEADLINE_MS);
  await stopChildren(children.filter((c) => c.label === "db"), DB_DEADLINE_MS);
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
process.on("SIGHUP", () => void shutdown(0));

// Servers that die are restarted with backoff: the database (the apps answer 503 meanwhile and
// reconnect by themselves once it is back), and an app that crashes once the product is running
// (its visitors' widgets reconnect and resend; what it was answering is taken over once the
// answer's lease ran out). An app that dies while starting stops everything instead: a broken
// build or a taken port would only fail again.
const restartTimers = new Set();
let running = false;

/**
 * Runs a server (`run`) and starts it again with backoff whenever it stops unexpectedly, while
 * `shouldRestart()` holds (else everything stops). Resolves once its output printed `readyLine`.
 */
function supervise(label, { command, args, cwd, readyLine, shouldRestart = () => true, name = label }) {
  let restarts = 0;
  const launch = () => {
    const startedAt = Date.now();
    const child = run(label, command, args, {
      cwd,
      onUnexpectedExit: (code, signal) => {
        const how = signal ?? `exit ${code}`;
        if (!shouldRestart()) {
          console.error(`[kefu] ${label} stopped (${how}); stopping everything.`);
          void shutdown(code || 1);
          return;
        }
        // Whatever the server had started goes with it, so that its port is free again.
        signalGroup(child, "SIGKILL");
        if (Date.now() - startedAt > STABLE_MS) restarts = 0;
        const delay = RESTART_BACKOFF_MS[Math.min(restarts, RESTART_BACKOFF_MS.length - 1)];
        restarts += 1;
        console.error(`[kefu] ${name} stopped (${how}); restarting it in ${delay} ms (restart ${restarts}).`);
        const timer = setTimeout(() => {
          restartTimers.delete(timer);
          const again = launch();
          waitForLine(again, readyLine, 120_000).then(
            () => log(`${name} is back`),
            () => undefined, // its exit schedules the next try
          );
        }, delay);
        restartTimers.add(timer);
      },
    });
    return child;
  };
  return waitForLine(launch(), readyLine, 120_000);
}

function startDatabase() {
  // `node --import tsx` rather than the tsx binary: one process, the one that serves.
  return supervise("db", {
    name: "the embedded database",
    command: process.execPath,
    args: ["--import", "tsx", "src/cli/serve.ts"],
    cwd: path.join(root, "packages/db"),
    readyLine: /embedded Postgres ready/,
  });
}

/** An app server (`next start`, or `next dev`), restarted if it crashes once the product is running. */
function startApp(label, app, mode, port) {
  return supervise(label, {
    command: bin("next"),
    args: [mode, "--port", port],
    cwd: path.join(root, "apps", app),
    readyLine: /Ready|started server/i,
    shouldRestart: () => running,
  });
}

/** How many chat processes to run: KEFU_CHAT_REPLICAS (1 by default; more only on a real PostgreSQL). */
function chatReplicas() {
  const n = Number(env.KEFU_CHAT_REPLICAS || "1");
  if (!Number.isInteger(n) || n < 1 || n > 16) throw new Error("KEFU_CHAT_REPLICAS must be an integer from 1 to 16");
  // The embedded database serialises every query: more chat processes on it only queue behind it.
  if (n > 1 && dev) throw new Error("KEFU_CHAT_REPLICAS > 1 runs production builds only (next dev cannot run twice on one app)");
  if (n > 1 && !env.DATABASE_URL) throw new Error("KEFU_CHAT_REPLICAS > 1 needs DATABASE_URL (a real PostgreSQL); the embedded database would not scale with it");
  return n;
}

async function main() {
  const chatCount = chatReplicas();
  // The production build generates the Prisma client itself (turbo's `generate` task, cached with
  // the build); `next dev` compiles from source and needs it first.
  if (dev) {
    const generate = spawnSync("npm", ["run", "--silent", "generate", "-w", "@kefu/db"], { cwd: root, env, stdio: "ignore" });
    if (generate.status !== 0) throw new Error("could not generate the Prisma client: run `npm run db:generate` to see why");
    // The widget's script is built apart from Next.js (apps/chat/build-widget.ts), here as in the production build.
    const widget = spawnSync(bin("tsx"), ["build-widget.ts"], { cwd: path.join(root, "apps", "chat"), env, stdio: "inherit" });
    if (widget.status !== 0) throw new Error("could not build the widget (see above)");
  }
  if (env.DATABASE_URL) {
    log("using DATABASE_URL; applying migrations");
    const migrate = spawnSync("npm", ["run", "--silent", "migrate", "-w", "@kefu/db"], { cwd: root, env, stdio: "inherit" });
    if (migrate.status !== 0) throw new Error("migrations failed (see above); check DATABASE_URL and that pgvector is installed");
  } else {
    log(`starting the embedded database (data in ${env.KEFU_DATA_DIR})`);
    await startDatabase();
  }

  const demoSeeded = demo ? seedDemo() : null;

  if (!dev && env.KEFU_SKIP_BUILD === "1" && ["admin", "chat"].every((app) => existsSync(path.join(root, "apps", app, ".next", "BUILD_ID")))) {
    log("using the existing production build (KEFU_SKIP_BUILD=1)");
  } else if (!dev) {
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
  await startApp("admin", "admin", mode, env.ADMIN_PORT);
  // Chat replicas (KEFU_CHAT_REPLICAS, on a real PostgreSQL): ports CHAT_PORT, CHAT_PORT+1, …, one
  // process each, all on the same database; a load balancer in front of them is the public chat URL.
  const chatPorts = Array.from({ length: chatCount }, (_, i) => String(Number(env.CHAT_PORT) + i));
  await Promise.all(chatPorts.map((port, i) => startApp(i === 0 ? "chat" : `chat-${i + 1}`, "chat", mode, port)));
  running = true;
  const demoLines = demoSeeded ? demoBanner(await demoSeeded) : "";
  const replicas = chatPorts.length > 1 ? `\n    Chat replicas:    ${chatPorts.map((port) => `http://localhost:${port}`).join(", ")}` : "";
  console.log(`
  Kefu is running.
    Admin dashboard:  ${env.NEXTAUTH_URL}
    Chat + widget:    ${env.KEFU_CHAT_URL}${replicas}
    Database:         ${env.DATABASE_URL ? "DATABASE_URL" : `embedded Postgres on 127.0.0.1:${env.KEFU_DB_PORT}`}${demoLines}
  Press Ctrl+C to stop.
`);
}

/**
 * Seeds the demo workspace (scripts/demo.mts, a process of its own: the services are TypeScript)
 * while the apps build; its progress is printed as it comes. Resolves to what it printed last:
 * the sign-in and the bots' chat pages.
 */
function seedDemo() {
  log("seeding the demo workspace…");
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/demo.mts"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  child.label = "demo";
  child.exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  children.push(child);
  let out = "";
  child.stdout.on("data", (c) => (out += c.toString()));
  child.stderr.on("data", (c) => process.stderr.write(c));
  return new Promise((resolve, reject) => {
    child.on("exit", (code, signal) => {
      if (children.includes(child)) children.splice(children.indexOf(child), 1);
      const last = out.trim().split("\n").at(-1) ?? "";
      if (code !== 0) return reject(new Error(`the demo data could not be seeded (${signal ?? `exit ${code}`}; see above)`));
      try {
        resolve(JSON.parse(last).demo);
      } catch {
        reject(new Error("the demo seed printed no result"));
      }
    });
  });
}

function demoBanner(result) {
  const bots = result.bots.map((b) => `\n      ${b.name.padEnd(20)} ${b.chatUrl}`).join("");
  return `
  Demo workspace (npm start -- --demo):
    Sign in at ${result.adminUrl} as ${result.email}, password ${result.password}
    Chat as a visitor:${bots}`;
}

main().catch((error) => {
  console.error(`[kefu] could not start: ${error.message}`);
  void shutdown(1);
});
