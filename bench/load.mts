// `npm run load`: a load test of the chat app exactly as the widget talks to it.
//   npm run load -- --visitors 50 --messages 5            closed loop, no think time
//   npm run load -- --visitors 50 --messages 5 --think-ms 2000
//   npm run load -- --visitors 200 --messages 5 --rate 20  open loop: 20 messages/s in total
//   npm run load -- --url http://127.0.0.1:3001 --database-url postgresql://postgres:postgres@127.0.0.1:54329/postgres
//   npm run load -- --url http://127.0.0.1:3401,http://127.0.0.1:3402 --database-url …   several chat replicas
//     [--server-log <its output>] [--product-dir <its checkout, for the commit>]
// Without --url it starts the product as `npm start` does (`node scripts/start.mjs`, production
// build) with its own data directory (.data/load, wiped first unless --keep-data) and its own ports
// (database 54349, admin 3200, chat 3201; --db-port, --admin-port, --chat-port), and stops it with
// SIGTERM at the end. A tenant with one bot and a 30-entry FAQ (bench/load-faq.json) is seeded
// directly in the product's database. Each visitor then does what the widget does, through the
// real @trpc/client with the widget's links: `chat.start`, the `chat.events` SSE stream, then M
// `chat.send` streamed mutations, each read to its end. Meanwhile as many clients fetch the chat
// server's /widget.js, as a yardstick of what the same server answers a trivial request in.
// With several --url values (chat replicas on one database) visitor v sends through the v-th (round
// robin) and follows its live stream on the next one, so every message a stream delivers crossed
// from one process to another; the /widget.js clients are spread the same way.
// A send refused because the server is busy (503 with Retry-After) is sent again when it asked,
// as the widget does; `refusals` counts them and they are not errors.
// Afterwards the stored messages are counted. One JSON line on stdout, progress and a summary on
// stderr. Loopback only; bounded by --timeout-s (default 600) from the moment the server is up.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { setMaxListeners } from "node:events";
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { connect } from "node:net";
import { cpus, loadavg, totalmem } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { type PublicRouter } from "@kefu/api";
import { ownerOfNewTenant, sseBlocks } from "@kefu/api/testing";
import { createDb, type Db } from "@kefu/db";
import { analyzeSentiment, visitorAsksForHuman } from "@kefu/domain";
import { createTRPCClient, httpBatchStreamLink, httpSubscriptionLink, splitLink, TRPCClientError } from "@trpc/client";
import superjson from "superjson";
import { rng } from "./rng.mts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

// ---------------------------------------------------------------- options
const args = process.argv.slice(2);
/** A wrong option: said plainly, exit 2. */
function usage(message: string): never {
  process.stderr.write(`[load] ${message}\n`);
  process.exit(2);
}
function option(name: string): string | undefined {
  const at = args.indexOf(`--${name}`);
  if (at < 0) return undefined;
  const value = args[at + 1];
  if (value === undefined || value.startsWith("--")) usage(`--${name} needs a value`);
  return value;
}
function numberOption(name: string, fallback: number, { min = 0, integer = true } = {}): number {
  const raw = option(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) usage(`--${name} must be ${integer ? "an integer" : "a number"} ≥ ${min}`);
  return value;
}

const VISITORS = numberOption("visitors", 50, { min: 1 });
const MESSAGES = numberOption("messages", 5, { min: 1 });
const THINK_MS = numberOption("think-ms", 0);
const RATE = option("rate") === undefined ? null : numberOption("rate", 1, { min: 0.001, integer: false });
const TIMEOUT_S = numberOption("timeout-s", 600, { min: 1 });
const START_TIMEOUT_S = numberOption("start-timeout-s", 900, { min: 1 });
const TARGET_URL = option("url");
/** --url: one chat server, or several replicas of it separated by commas. */
const TARGET_URLS = TARGET_URL ? TARGET_URL.split(",").map((u) => u.trim()).filter(Boolean) : [];
const DATABASE_URL = option("database-url");
const DB_PORT = numberOption("db-port", 54349, { min: 1 });
const ADMIN_PORT = numberOption("admin-port", 3200, { min: 1 });
const CHAT_PORT = numberOption("chat-port", 3201, { min: 1 });
const KEEP_DATA = args.includes("--keep-data");
// The checkout the product runs from, for the commit in the report (with --url it may be another).
const PRODUCT_DIR = path.resolve(option("product-dir") ?? root);
const DATA_DIR = path.join(root, ".data", "load");
const RESERVED_PORTS = [54329, 3000, 3001, 54339, 3100, 3101, 3102]; // `npm start` and the e2e tests

const KNOWN = ["visitors", "messages", "think-ms", "rate", "timeout-s", "start-timeout-s", "url", "database-url", "server-log", "product-dir", "db-port", "admin-port", "chat-port", "keep-data"];
for (const arg of args) if (arg.startsWith("--") && !KNOWN.includes(arg.slice(2))) usage(`unknown option ${arg} (options: ${KNOWN.map((k) => `--${k}`).join(" ")})`);
for (const url of TARGET_URLS) loopbackOnly(url, "--url");
if (TARGET_URL && new Set(TARGET_URLS.map((u) => new URL(u).origin)).size !== TARGET_URLS.length) usage("--url lists the same server twice");
if (DATABASE_URL) loopbackOnly(DATABASE_URL, "--database-url");
if (VISITORS > 5000 || MESSAGES > 1000) usage("at most 5000 visitors and 1000 messages each");
if (TARGET_URL && !DATABASE_URL) usage("--url needs --database-url (the same product's database, to count stored messages)");
if (DATABASE_URL && !TARGET_URL) usage("--database-url goes with --url");
if (!TARGET_URL) {
  for (const port of [DB_PORT, ADMIN_PORT, CHAT_PORT]) {
    if (RESERVED_PORTS.includes(port)) usage(`port ${port} belongs to \`npm start\` or the e2e tests; pick another`);
  }
}

/** Refuses anything but a loopback address: this tool sends load, so only to this machine. */
function loopbackOnly(raw: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    usage(`${what} is not a URL: ${raw}`);
  }
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (!(host === "localhost" || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host))) {
    usage(`${what} must be on a loopback address (127.0.0.1, ::1, localhost), not ${url.hostname}`);
  }
  return url;
}

// ---------------------------------------------------------------- small helpers
const now = () => performance.now();
const log = (line: string) => process.stderr.write(`[load] ${line}\n`);
const round = (n: number, digits = 1) => (Number.isFinite(n) ? Number(n.toFixed(digits)) : null);
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}

/**
 * Runs one call with a signal of its own, aborted with `parent`, and gives up on it when `parent`
 * aborts even if the call does not notice (a fetch stuck on a server that stopped answering did
 * not, once). A signal per call also because Node's fetch keeps its abort listener on the signal it
 * is given until the request is garbage-collected: thousands on the run's own signal piled up.
 */
async function withSignal<T>(parent: AbortSignal, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let abort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    abort = () => {
      controller.abort(parent.reason);
      reject(new Error("aborted"));
    };
  });
  if (parent.aborted) abort();
  else parent.addEventListener("abort", abort, { once: true });
  const result = call(controller.signal);
  result.catch(() => {}); // settled after giving up: nobody is waiting for it
  try {
    return await Promise.race([result, aborted]);
  } finally {
    parent.removeEventListener("abort", abort);
  }
}

/** `promise`, or null after `ms` (a database that stopped answering must not keep the report). */
function bounded<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  promise.catch(() => {});
  return Promise.race([promise, sleep(ms).then(() => null)]);
}


function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

function git(dir: string, ...gitArgs: string[]): string {
  const result = spawnSync("git", ["-C", dir, ...gitArgs], { encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : "";
}

// ---------------------------------------------------------------- the widget's client
/**
 * EventSource on fetch, for Node 20 (which has none): what the browser gives the widget's
 * httpSubscriptionLink. It follows the HTML spec where tRPC relies on it: `event:`/`data:`/`id:`
 * fields, MessageEvents with lastEventId, reconnection after `retry` ms with a Last-Event-ID
 * header, and a failed connection (not 200 text/event-stream) closes for good.
 */
class FetchEventSource extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readonly CLOSED = 2;
  readyState = 0;
  readonly url: string;
  readonly withCredentials = false;
  private readonly controller = new AbortController();
  private lastEventId = "";
  private retryMs = 3000;

  constructor(url: string) {
    super();
    this.url = url;
    void this.run();
  }

  close() {
    this.readyState = this.CLOSED;
    this.controller.abort();
  }

  private async run() {
    while (this.readyState !== this.CLOSED) {
      try {
        const headers: Record<string, string> = { accept: "text/event-stream", "cache-control": "no-cache" };
        if (this.lastEventId) headers["last-event-id"] = this.lastEventId;
        const response = await fetch(this.url, { headers, signal: this.controller.signal, cache: "no-store" });
        if (!response.ok || !response.body || !(response.headers.get("content-type") ?? "").startsWith("text/event-stream")) {
          await response.body?.cancel();
          if (this.readyState === this.CLOSED) return;
          this.readyState = this.CLOSED;
          this.dispatchEvent(new Event("error"));
          return;
        }
        this.readyState = this.OPEN;
        this.dispatchEvent(new Event("open"));
        for await (const block of sseBlocks(response.body)) this.dispatchBlock(block);
      } catch {
        // Network error or cut stream: reconnect below, unless closed.
      }
      if (this.readyState === this.CLOSED) return;
      this.readyState = this.CONNECTING;
      this.dispatchEvent(new Event("error"));
      await sleep(this.retryMs, this.controller.signal);
    }
  }

  private dispatchBlock(block: string) {
    let type = "";
    let data: string[] | null = null;
    for (const line of block.split(/\r\n|\r|\n/)) {
      if (!line || line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "event") type = value;
      else if (field === "data") (data ??= []).push(value);
      else if (field === "id" && !value.includes("\0")) this.lastEventId = value;
      else if (field === "retry" && /^\d+$/.test(value)) this.retryMs = Number(value);
    }
    if (data === null || this.readyState === this.CLOSED) return;
    this.dispatchEvent(new MessageEvent(type || "message", { data: data.join("\n"), lastEventId: this.lastEventId }));
  }
}

/** One widget: the chat app's own client (apps/chat/src/components/chat-app.tsx), on an absolute URL. */
/** `streamBase`: where its live stream goes (another replica than its calls, to check realtime across them). */
function widgetClient(base: string, streamBase = base) {
  const url = `${base}/api/trpc`;
  return createTRPCClient<PublicRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        true: httpSubscriptionLink({ url: `${streamBase}/api/trpc`, transformer: superjson, EventSource: FetchEventSource }),
        false: httpBatchStreamLink({ url, transformer: superjson }),
      }),
    ],
  });
}
type WidgetClient = ReturnType<typeof widgetClient>;

// ---------------------------------------------------------------- the knowledge and the messages
interface FaqEntry {
  question: string;
  alternatives: string[];
  answer: string;
  /** How visitors ask it: phrasings that are not stored. */
  paraphrases: string[];
}
const knowledge = JSON.parse(readFileSync(path.join(root, "bench", "load-faq.json"), "utf8")) as { faq: FaqEntry[]; unanswerable: string[] };
for (const text of [...knowledge.faq.flatMap((e) => e.paraphrases), ...knowledge.unanswerable]) {
  // Nothing here may hand the visitor to a person: this measures the bot's path.
  if (visitorAsksForHuman(text).asked) throw new Error(`bench/load-faq.json: "${text}" asks for a human`);
  // Default rules do not act on mood (a broken zip may read as negative), but keep it civil.
  if (analyzeSentiment(text).level === "abusive") throw new Error(`bench/load-faq.json: "${text}" reads as abusive`);
}

/**
 * Visitor `v`'s messages: mostly paraphrases of FAQ questions, about one in six unanswerable, never
 * two unanswerable in a row (three unanswered turns hand the visitor to a person).
 */
function messagesOf(v: number): { text: string; answerable: boolean }[] {
  const next = rng(v + 1);
  const out: { text: string; answerable: boolean }[] = [];
  for (let k = 0; k < MESSAGES; k++) {
    if (next() < 0.17 && out.at(-1)?.answerable !== false) {
      out.push({ text: knowledge.unanswerable[Math.floor(next() * knowledge.unanswerable.length)]!, answerable: false });
    } else {
      const entry = knowledge.faq[Math.floor(next() * knowledge.faq.length)]!;
      out.push({ text: entry.paraphrases[Math.floor(next() * entry.paraphrases.length)]!, answerable: true });
    }
  }
  return out;
}

// ---------------------------------------------------------------- the product
interface Product {
  /** The chat server, or its replicas. */
  bases: string[];
  databaseUrl: string;
  label: string;
  /** The product's log: this run's when it started it, else --server-log if given. */
  logFile: string | null;
  stop(): Promise<void>;
}

async function startProduct(deadline: AbortSignal): Promise<Product> {
  for (const port of [DB_PORT, ADMIN_PORT, CHAT_PORT]) {
    if (await portInUse(port)) throw new Error(`port ${port} is in use: stop what runs there or pick other ports (--db-port, --admin-port, --chat-port)`);
  }
  if (!KEEP_DATA) rmSync(DATA_DIR, { recursive: true, force: true });
  mkdirSync(DATA_DIR, { recursive: true });
  const logFile = path.join(DATA_DIR, "server.log");
  const out = createWriteStream(logFile, { flags: "a" });
  // The product's environment is this process's, with its own data directory and ports, and always
  // the embedded database (DATABASE_URL="" also keeps a .env from setting one). Every simulated
  // visitor comes from this machine's one address, and the point is to measure the chat app, not
  // its rate limits: they are still counted (their cost is measured) but sized out of the way (a
  // value in this process's environment still wins). Against --url, start that server with such values.
  const env = {
    KEFU_RATE_CHAT_START_IP: "1000000/60",
    KEFU_RATE_VISITOR_BURST: "1000000/10",
    KEFU_RATE_VISITOR_SUSTAINED: "1000000/3600",
    KEFU_RATE_BOT_MESSAGES: "1000000/60",
    KEFU_RATE_TENANT_MESSAGES: "1000000/60",
    // eslint-disable-next-line no-restricted-properties -- passed on to the product as `npm start` would
    ...process.env,
    DATABASE_URL: "",
    KEFU_DATA_DIR: DATA_DIR,
    KEFU_DB_PORT: String(DB_PORT),
    ADMIN_PORT: String(ADMIN_PORT),
    CHAT_PORT: String(CHAT_PORT),
    NEXTAUTH_URL: `http://localhost:${ADMIN_PORT}`,
    KEFU_CHAT_URL: `http://localhost:${CHAT_PORT}`,
  };
  log(`starting the product: node scripts/start.mjs (data in ${path.relative(root, DATA_DIR)}, ports ${DB_PORT}/${ADMIN_PORT}/${CHAT_PORT}, log ${path.relative(root, logFile)})`);
  // Its own process group, so that a last resort can stop all of it (and only it).
  const child: ChildProcess = spawn(process.execPath, [path.join(root, "scripts", "start.mjs")], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let running = false;
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the product did not start within ${START_TIMEOUT_S} s (see ${logFile})`)), START_TIMEOUT_S * 1000);
    child.stdout!.on("data", (chunk: Buffer) => {
      out.write(chunk);
      if (!running && /Kefu is running/.test(chunk.toString())) {
        running = true;
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr!.on("data", (chunk: Buffer) => out.write(chunk));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the product exited (${code}) before it was ready; last lines of ${logFile}:\n${tail(logFile)}`));
    });
  });

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    // SIGTERM lets scripts/start.mjs stop the apps and close the database. While it builds it is
    // blocked in a synchronous spawn and cannot answer, so its group gets SIGTERM after 5 s; what is
    // left of the group (only processes this run started) 15 s later gets SIGKILL.
    child.kill("SIGTERM");
    for (let waited = 0; groupAlive(child); waited += 250) {
      if (waited === 5000) signalGroup(child, "SIGTERM");
      if (waited === 20_000) signalGroup(child, "SIGKILL");
      if (waited === 25_000) {
        log(`processes of group ${child.pid} are still running`);
        break;
      }
      await sleep(250);
    }
    await exited;
    const busy = (await Promise.all([DB_PORT, ADMIN_PORT, CHAT_PORT].map(async (port) => ((await portInUse(port)) ? port : 0)))).filter(Boolean);
    out.end();
    log(busy.length ? `product stopped, but ports ${busy.join(", ")} are still in use` : "product stopped");
  };

  try {
    await Promise.race([
      ready,
      new Promise<never>((_, reject) => deadline.addEventListener("abort", () => reject(new Error("interrupted while starting")), { once: true })),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  log("product is up");
  return {
    bases: [`http://127.0.0.1:${CHAT_PORT}`],
    databaseUrl: `postgresql://postgres:postgres@127.0.0.1:${DB_PORT}/postgres`,
    label: "node scripts/start.mjs (production build, embedded database)",
    logFile,
    stop,
  };
}

/** Whether any process of the group the product leads is still running. */
function groupAlive(child: ChildProcess): boolean {
  try {
    if (child.pid) process.kill(-child.pid, 0);
    return Boolean(child.pid);
  } catch {
    return false;
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    // The group is gone.
  }
}

function tail(file: string, lines = 20): string {
  if (!existsSync(file)) return "";
  return readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
}

// ---------------------------------------------------------------- one run
interface Send {
  clientMessageId: string;
  startedAt: number;
  acked: boolean;
  finalAt?: number;
  outcome?: "answered" | "handoff" | "error" | "aborted";
}

/** An error as a kind to count: the request id the server puts in its messages is left out. */
function describeError(error: unknown): string {
  const text =
    error instanceof TRPCClientError
      ? `TRPCClientError ${(error.data as { code?: string } | undefined)?.code ?? "(no code)"}: ${error.message}`
      : error instanceof Error
        ? `${error.name}: ${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ""}`
        : String(error);
  return text.replace(/\s*\(request [0-9a-f-]+\)/g, "").slice(0, 160);
}

/** Seconds a busy server asked to wait (503 SERVICE_UNAVAILABLE, Retry-After; 3 s if unsaid), or null for other errors. */
function refusedRetryAfterS(error: unknown): number | null {
  if (!(error instanceof TRPCClientError) || (error.data as { code?: string } | undefined)?.code !== "SERVICE_UNAVAILABLE") return null;
  const header = Number((error.meta as { response?: Response } | undefined)?.response?.headers.get("retry-after") ?? Number.NaN);
  return Number.isFinite(header) && header > 0 ? Math.min(header, 60) : 3;
}

/** The causes the chat server logged for its internal errors (its log, from a byte offset on). */
function serverErrorCauses(logFile: string, fromByte: number): Record<string, number> {
  const causes = new Map<string, number>();
  if (!existsSync(logFile)) return {};
  for (const line of readFileSync(logFile).subarray(fromByte).toString("utf8").split("\n")) {
    const json = line.slice(line.indexOf("{"));
    if (!json.startsWith("{") || !/"level":\s*("error"|"fatal"|50|60)/.test(json)) continue;
    try {
      // Either shape the apps have logged in: { event, message } or pino's { msg, err: { message } }.
      const entry = JSON.parse(json) as { event?: string; message?: string; msg?: string; err?: { message?: string } };
      const kind = `${entry.event ?? entry.msg ?? "error"}: ${entry.message ?? entry.err?.message ?? ""}`.slice(0, 160);
      causes.set(kind, (causes.get(kind) ?? 0) + 1);
    } catch {
      // Not one of the server's JSON log lines.
    }
  }
  return Object.fromEntries([...causes].sort((a, b) => b[1] - a[1]).slice(0, 8));
}

async function main() {
  const startedWall = now();
  const loadBefore = loadavg();
  const stopAll = new AbortController();
  // Every visitor's stream and pause listens to it (calls get their own signals: withSignal).
  setMaxListeners(100_000, stopAll.signal);
  // Not `once`: tsx passes a signal on again when the first did not end the process, and the
  // default action would then kill this one before it stopped the product.
  const onSignal = () => {
    if (!stopAll.signal.aborted) log("interrupted: stopping");
    stopAll.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  const target: Product = TARGET_URL
    ? {
        bases: TARGET_URLS.map((url) => loopbackOnly(url, "--url").origin),
        databaseUrl: loopbackOnly(DATABASE_URL!, "--database-url").href,
        label: TARGET_URLS.length > 1 ? `${TARGET_URLS.length} replicas already running at ${TARGET_URLS.join(", ")}` : `already running at ${TARGET_URL}`,
        logFile: option("server-log") ? path.resolve(option("server-log")!) : null,
        stop: async () => {},
      }
    : await startProduct(stopAll.signal);
  // Past the deadline the run gets a minute to report; a call that hangs even so ends it here.
  const hardStop = setTimeout(() => {
    log("still running a minute past the deadline: stopping without a report");
    void target.stop().finally(() => process.exit(3));
  }, (TIMEOUT_S + 60) * 1000);
  hardStop.unref();

  let db: Db | null = null;
  try {
    const deadlineTimer = setTimeout(() => {
      log(`deadline of ${TIMEOUT_S} s reached: aborting everything`);
      stopAll.abort();
    }, TIMEOUT_S * 1000);
    deadlineTimer.unref();
    const signal = stopAll.signal;
    const bases = target.bases;
    // Visitor v's calls go to one replica, its live stream to the next (the same with one).
    const baseOf = (v: number) => bases[v % bases.length]!;
    const streamBaseOf = (v: number) => bases[(v + 1) % bases.length]!;

    // Seeding: a tenant, one bot, 30 FAQ entries with two other phrasings each.
    db = createDb(target.databaseUrl, { maxConnections: 4 });
    const owner = await ownerOfNewTenant(db, `Load test ${new Date().toISOString().slice(0, 19)}`);
    const bot = await owner.caller.bot.create({ name: "Northwind helper", greeting: "Hi! Ask me about orders, shipping and returns.", instructions: "", language: "en", brandColor: "#2563eb" });
    for (const entry of knowledge.faq) {
      await owner.caller.knowledge.addFaq({ botId: bot.id, question: entry.question, alternatives: entry.alternatives, answer: entry.answer });
    }
    log(`seeded tenant ${owner.tenantId}: bot ${bot.publicId} with ${knowledge.faq.length} FAQ entries`);

    // Warm-up (not counted): the first answer loads the bot's knowledge into each chat process.
    for (const base of bases) {
      const warm = widgetClient(base);
      const warmSession = await warm.chat.start.mutate({ botId: bot.publicId }, { signal });
      for await (const _event of await warm.chat.send.mutate({ botId: bot.publicId, visitorToken: warmSession.visitorToken, text: knowledge.faq[0]!.question, clientMessageId: `warmup-${crypto.randomUUID().slice(0, 8)}` }, { signal })) {
        // read to the end
      }
      await (await fetch(`${base}/widget.js`, { signal })).text();
    }

    // Phase 1: every visitor opens the widget (chat.start, then its live event stream).
    const logOffset = target.logFile && existsSync(target.logFile) ? statSync(target.logFile).size : 0;
    const runId = crypto.randomUUID().replace(/-/g, "").slice(0, 8);
    const prefix = `load-${runId}-`;
    let startErrors = 0;
    let streamErrors = 0;
    let streamsOpen = 0;
    let streamMessages = 0; // "message" events the visitors' live streams delivered
    const startMs: number[] = [];
    const errorKinds = new Map<string, number>();
    const countError = (kind: string) => errorKinds.set(kind, (errorKinds.get(kind) ?? 0) + 1);
    const unsubscribes: (() => void)[] = [];
    log(`${VISITORS} visitors open the widget…`);
    const visitors = await Promise.all(
      Array.from({ length: VISITORS }, async (_, v) => {
        const client = widgetClient(baseOf(v), streamBaseOf(v));
        const t0 = now();
        try {
          const session = await withSignal(signal, (callSignal) => client.chat.start.mutate({ botId: bot.publicId }, { signal: callSignal }));
          startMs.push(now() - t0);
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, 15_000);
            let started = false;
            const subscription = client.chat.events.subscribe(
              { botId: bot.publicId, visitorToken: session.visitorToken, lastEventId: session.lastEventId },
              {
                onStarted: () => {
                  started = true;
                  streamsOpen++;
                  clearTimeout(timer);
                  resolve();
                },
                onData: (tracked) => {
                  if (tracked.data.type === "message") streamMessages++;
                },
                onError: (error) => {
                  streamErrors++;
                  if (started) streamsOpen--;
                  countError(`events: ${describeError(error)}`);
                  clearTimeout(timer);
                  resolve();
                },
              },
            );
            unsubscribes.push(() => subscription.unsubscribe());
          });
          return { v, client, visitorToken: session.visitorToken };
        } catch (error) {
          startErrors++;
          if (!signal.aborted) countError(`start: ${describeError(error)}`);
          return { v, client: null as WidgetClient | null, visitorToken: "" };
        }
      }),
    );
    const startSorted = [...startMs].sort((a, b) => a - b);
    log(`widgets open: ${VISITORS - startErrors} started (p50 ${round(quantile(startSorted, 0.5), 0)} ms, p99 ${round(quantile(startSorted, 0.99), 0)} ms), ${streamsOpen} event streams open, ${startErrors} start errors, ${streamErrors} stream errors`);

    // Phase 2: the messages, with as many clients fetching /widget.js beside them.
    const sends: Send[] = [];
    let inFlight = 0;
    const sendingStart = now();
    let sendingEnd = sendingStart;
    const interval = RATE ? (VISITORS / RATE) * 1000 : 0; // each visitor's spacing in the open loop

    let refusals = 0;
    /**
     * As the widget does (apps/chat/src/components/chat-app.tsx): a send refused because the
     * server is busy (503 SERVICE_UNAVAILABLE with Retry-After) is sent again, with the same client
     * id, once the asked time (plus up to 20 %) has passed. Its latency runs from the first try.
     */
    const sendWaitingOutRefusals = async <T,>(attempt: () => Promise<T>): Promise<T> => {
      for (;;) {
        try {
          return await attempt();
        } catch (error) {
          const retryAfterS = refusedRetryAfterS(error);
          if (retryAfterS === null || signal.aborted) throw error;
          refusals++;
          await sleep(retryAfterS * 1000 * (1 + Math.random() * 0.2), signal);
        }
      }
    };

    const send = async (client: WidgetClient, visitorToken: string, text: string, clientMessageId: string) => {
      const record: Send = { clientMessageId, startedAt: now(), acked: false };
      sends.push(record);
      inFlight++;
      try {
        record.outcome = await withSignal(signal, async (callSignal) => {
          const stream = await sendWaitingOutRefusals(() => client.chat.send.mutate({ botId: bot.publicId, visitorToken, text, clientMessageId }, { signal: callSignal }));
          let final: "answered" | "handoff" | undefined;
          for await (const event of stream) {
            if (event.type === "visitor_message") record.acked = true;
            else if (event.type === "bot_message" || event.type === "system_message") {
              record.finalAt = now();
              final ??= "answered";
            } else if (event.type === "handoff") {
              record.finalAt = now();
              final = "handoff";
            }
          }
          if (!final) throw new Error("the stream ended without a bot_message or handoff");
          return final;
        });
      } catch (error) {
        record.outcome = signal.aborted ? "aborted" : "error";
        if (!signal.aborted) countError(`send: ${describeError(error)}`);
      } finally {
        inFlight--;
      }
    };

    const visitorRun = async ({ v, client, visitorToken }: (typeof visitors)[number]) => {
      if (!client) return;
      const messages = messagesOf(v);
      const pending: Promise<void>[] = [];
      for (const [k, message] of messages.entries()) {
        if (signal.aborted) break;
        const clientMessageId = `${prefix}${v}-${k}`;
        if (RATE) {
          // Open loop: on schedule, whether or not the previous answer has come.
          await sleep(sendingStart + (v / RATE) * 1000 + k * interval - now(), signal);
          if (signal.aborted) break;
          pending.push(send(client, visitorToken, message.text, clientMessageId));
        } else {
          await send(client, visitorToken, message.text, clientMessageId);
          if (THINK_MS > 0 && k < messages.length - 1) await sleep(THINK_MS, signal);
        }
      }
      await Promise.all(pending);
    };

    const staticMs: number[] = [];
    let staticErrors = 0;
    const staticStop = new AbortController();
    const staticSignal = AbortSignal.any([signal, staticStop.signal]);
    setMaxListeners(100_000, staticSignal);
    const staticRun = async (v: number) => {
      if (RATE) await sleep((v / RATE) * 1000, staticSignal);
      while (!staticSignal.aborted) {
        const t0 = now();
        try {
          await withSignal(staticSignal, async (callSignal) => {
            const response = await fetch(`${baseOf(v)}/widget.js`, { signal: callSignal, cache: "no-store" });
            await response.text();
            if (!response.ok) throw new Error(`HTTP ${response.status}`);
          });
          staticMs.push(now() - t0);
        } catch (error) {
          if (staticSignal.aborted) break;
          staticErrors++;
          countError(`widget.js: ${describeError(error)}`);
        }
        // The same pacing as the visitors: their think time, or their spacing in the open loop.
        const pause = RATE ? interval - (now() - t0) : THINK_MS;
        if (pause > 0) await sleep(pause, staticSignal);
      }
    };

    const progress = setInterval(() => {
      const answered = sends.filter((s) => s.outcome === "answered" || s.outcome === "handoff").length;
      const errors = sends.filter((s) => s.outcome === "error").length;
      log(`${((now() - sendingStart) / 1000).toFixed(0)} s: sent ${sends.length}/${VISITORS * MESSAGES}, answered ${answered}, errors ${errors}, in flight ${inFlight}, widget.js fetches ${staticMs.length}`);
    }, 5000);
    log(`sending ${VISITORS} × ${MESSAGES} messages (${RATE ? `open loop, ${RATE} msg/s in total` : `closed loop, think ${THINK_MS} ms`})…`);
    const statics = Array.from({ length: VISITORS }, (_, v) => staticRun(v));
    await Promise.all(visitors.map(visitorRun));
    sendingEnd = now();
    staticStop.abort();
    await Promise.all(statics);
    clearInterval(progress);
    const deadlineHit = signal.aborted;

    // Counting what was stored: the run's visitor messages (by client id) and their conversations.
    const counted = await bounded(
      (async () => {
        const stored = await db!.message.findMany({
          where: { tenantId: owner.tenantId, role: "VISITOR", clientMessageId: { startsWith: prefix } },
          select: { conversationId: true, clientMessageId: true },
        });
        const conversationIds = [...new Set(stored.map((m) => m.conversationId))];
        const rows = await db!.message.findMany({
          where: { tenantId: owner.tenantId, conversationId: { in: conversationIds } },
          select: { conversationId: true, seq: true, role: true, clientMessageId: true },
          orderBy: [{ conversationId: "asc" }, { seq: "asc" }],
        });
        return { stored, rows };
      })(),
      30_000,
    );
    if (!counted) log("the database did not answer the counting queries within 30 s: stored counts are missing from the report");
    const { stored, rows } = counted ?? { stored: [], rows: [] };
    // The live streams carry every visitor-visible message of the conversation, the visitor's own
    // included: give them a few seconds to catch up (until nothing new for 3 s, 15 s at most).
    const streamExpected = rows.filter((r) => r.role !== "NOTE").length;
    for (let last = -1, quietSince = now(), t0 = now(); streamMessages < streamExpected && now() - t0 < 15_000 && now() - quietSince < 3000 && !signal.aborted; ) {
      if (streamMessages !== last) [last, quietSince] = [streamMessages, now()];
      await sleep(200, signal);
    }
    for (const unsubscribe of unsubscribes) unsubscribe();
    clearTimeout(deadlineTimer);

    let unanswered = 0;
    let botReplies = 0;
    for (const [i, row] of rows.entries()) {
      if (row.role === "BOT") botReplies++;
      if (row.role !== "VISITOR" || !row.clientMessageId?.startsWith(prefix)) continue;
      // A reply is a BOT or SYSTEM message after it in its conversation, before the next visitor message.
      let replied = false;
      for (let j = i + 1; j < rows.length && rows[j]!.conversationId === row.conversationId && rows[j]!.role !== "VISITOR"; j++) {
        if (rows[j]!.role === "BOT" || rows[j]!.role === "SYSTEM") {
          replied = true;
          break;
        }
      }
      if (!replied) unanswered++;
    }
    const storedIds = new Set(stored.map((m) => m.clientMessageId));
    const lost = sends.filter((s) => s.acked && !storedIds.has(s.clientMessageId)).length;

    const done = sends.filter((s) => s.outcome === "answered" || s.outcome === "handoff");
    const latencies = done.map((s) => s.finalAt! - s.startedAt).sort((a, b) => a - b);
    const staticSorted = [...staticMs].sort((a, b) => a - b);
    const sendingS = (sendingEnd - sendingStart) / 1000;
    const p99 = quantile(latencies, 0.99);
    const staticP99 = quantile(staticSorted, 0.99);
    const cpu = cpus();
    const commit = git(PRODUCT_DIR, "rev-parse", "--short", "HEAD");
    const result = {
      visitors: VISITORS,
      messages_per_visitor: MESSAGES,
      mode: RATE ? "open" : "closed",
      think_ms: RATE ? null : THINK_MS,
      rate: RATE,
      planned: VISITORS * MESSAGES,
      sent: sends.length,
      acknowledged: sends.filter((s) => s.acked).length,
      answered: done.length,
      handoffs: sends.filter((s) => s.outcome === "handoff").length,
      errors: sends.filter((s) => s.outcome === "error").length,
      unfinished: sends.filter((s) => s.outcome === "aborted" || s.outcome === undefined).length,
      start_errors: startErrors,
      stream_errors: streamErrors,
      stream_messages: streamMessages,
      stream_messages_expected: counted ? streamExpected : null,
      messages: counted ? stored.length : null,
      bot_replies: counted ? botReplies : null,
      unanswered: counted ? unanswered : null,
      lost: counted ? lost : null,
      msg_per_s: round(done.length / sendingS, 2),
      p50_ms: round(quantile(latencies, 0.5)),
      p95_ms: round(quantile(latencies, 0.95)),
      p99_ms: round(p99),
      max_ms: round(latencies.at(-1) ?? NaN),
      start_p50_ms: round(quantile(startSorted, 0.5)),
      start_p99_ms: round(quantile(startSorted, 0.99)),
      static_requests: staticMs.length,
      static_errors: staticErrors,
      static_p50_ms: round(quantile(staticSorted, 0.5)),
      static_p99_ms: round(staticP99),
      p99_ratio: round(p99 / staticP99, 2),
      sending_s: round(sendingS, 2),
      wall_s: round((now() - startedWall) / 1000),
      deadline_hit: deadlineHit,
      refusals,
      error_kinds: Object.fromEntries([...errorKinds].sort((a, b) => b[1] - a[1]).slice(0, 8)),
      // What the chat server logged as the cause (when this run started it, or with --server-log).
      server_errors: target.logFile ? serverErrorCauses(target.logFile, logOffset) : null,
      target: target.label,
      replicas: bases.length,
      // With several replicas each visitor's live stream is on another one than its sends.
      streams_cross_replica: bases.length > 1,
      cpus: cpu.length,
      cpu_model: cpu[0]?.model ?? "unknown",
      mem_gib: round(totalmem() / 2 ** 30),
      loadavg_before: loadBefore.map((n) => round(n, 2)),
      loadavg: loadavg().map((n) => round(n, 2)),
      node: process.version,
      date: new Date().toISOString(),
      commit,
      worktree_changes: git(PRODUCT_DIR, "status", "--porcelain", "--untracked-files=no").split("\n").filter(Boolean).length,
    };
    console.log(JSON.stringify(result));
    log(
      [
        `${result.visitors} visitors × ${MESSAGES} messages, ${result.mode} loop${RATE ? ` at ${RATE} msg/s` : `, think ${THINK_MS} ms`}${deadlineHit ? " — DEADLINE HIT" : ""}`,
        `  sent ${result.sent}/${result.planned}, answered ${result.answered} (${result.handoffs} handoffs), errors ${result.errors}, unfinished ${result.unfinished}, start errors ${startErrors}, stream errors ${streamErrors}`,
        `  stored ${result.messages} visitor messages, ${result.bot_replies} bot replies; unanswered ${result.unanswered}, lost ${result.lost}`,
        `  live streams delivered ${streamMessages} of the ${streamExpected} messages stored in these conversations${bases.length > 1 ? ` (each stream on another of the ${bases.length} replicas than its sends)` : ""}`,
        `  ${result.msg_per_s} answered msg/s over ${result.sending_s} s; send → answer p50 ${result.p50_ms} / p95 ${result.p95_ms} / p99 ${result.p99_ms} ms (max ${result.max_ms})`,
        `  /widget.js meanwhile: ${result.static_requests} fetches, p50 ${result.static_p50_ms} / p99 ${result.static_p99_ms} ms → p99 ratio ${result.p99_ratio}`,
        ...Object.entries(result.error_kinds).map(([kind, n]) => `  ${n} × ${kind}`),
        ...Object.entries(result.server_errors ?? {}).map(([kind, n]) => `  server log: ${n} × ${kind}`),
        `  ${result.cpus} × ${result.cpu_model}, load ${result.loadavg_before.join(" ")} → ${result.loadavg.join(" ")}, commit ${commit}${result.worktree_changes ? ` (+${result.worktree_changes} uncommitted files)` : ""}`,
      ].join("\n"),
    );
    // Lost messages are a bug; a run cut by the deadline (or Ctrl+C) is incomplete.
    if (lost > 0 || deadlineHit) process.exitCode = 1;
  } finally {
    if (db) await bounded(db.$disconnect(), 5000);
    await target.stop();
  }
}

main().then(
  () => process.exit(),
  (error: unknown) => {
    const interrupted = error instanceof Error && error.message === "interrupted while starting";
    log(`failed: ${error instanceof Error ? (interrupted ? error.message : (error.stack ?? error.message)) : String(error)}`);
    process.exit(2);
  },
);
