// Starts the whole product as `npm start` does, on ports of its own, and talks to it over real
// HTTP as the widget and the inbox do: for the process tests (*.process.test.ts) of shutdown,
// of the embedded database's restarts and of an app killed mid-answer.
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createServer as createNetServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface Product {
  /** The process started: `npm start` (its own process group) or `node scripts/start.mjs`. */
  process: ChildProcess;
  pid: number;
  adminUrl: string;
  chatUrl: string;
  dbPort: number;
  dataDir: string;
  output(): string;
  /** Resolves once the output (from `from` on) matches. */
  waitForOutput(pattern: RegExp, timeoutMs: number, from?: number): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  /** Every process still alive under the started one (read from /proc). */
  tree(): number[];
  /** SIGKILLs whatever is left (test clean-up) and removes the data directory. */
  dispose(): Promise<void>;
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie (exited, not yet reaped) counts as gone.
  try {
    return !/\)\s+Z\s/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

/** The pids of every live descendant of `pid`, by walking /proc's parent links. */
export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const child of children.get(p) ?? []) {
      out.push(child);
      walk(child);
    }
  };
  walk(pid);
  return out.filter(alive);
}

/** The command line of a process ("" once it is gone). */
export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ").trim();
  } catch {
    return "";
  }
}

/** The pid of an app's server (`next-server`, by its working directory), if one runs under the product. */
export function appServer(product: Product, app: "admin" | "chat"): number | undefined {
  return product.tree().find((pid) => {
    if (!commandLine(pid).startsWith("next-server")) return false;
    try {
      return readlinkSync(`/proc/${pid}/cwd`) === path.join(root, "apps", app);
    } catch {
      return false;
    }
  });
}

export function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, stepMs = 50): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return true;
    await sleep(stepMs);
  }
  return check();
}

/** Whether nothing listens on, or has a connection from, this port (a listen on it succeeds). */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createNetServer();
    probe.once("error", () => resolve(false));
    probe.listen({ port, host: "::" }, () => probe.close(() => resolve(true)));
  });
}

/**
 * Ports in a range of their own (not e2e's 3100s, not npm start's 3000/3001/54329), below the
 * kernel's ephemeral range (32768 and up), whose ports outgoing connections take, and free now.
 */
async function sparePorts(): Promise<{ admin: number; chat: number; db: number }> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const base = 21000 + Math.floor(Math.random() * 1100) * 10;
    const ports = { admin: base, chat: base + 1, db: base + 2 };
    if ((await Promise.all(Object.values(ports).map(portFree))).every(Boolean)) return ports;
  }
  throw new Error("no free ports found for the product");
}

/** `args` go to `npm start --` / `scripts/start.mjs` (e.g. `--demo`). */
export async function startProduct(options: { via: "npm" | "node"; env?: Record<string, string>; args?: string[] }): Promise<Product> {
  const ports = await sparePorts();
  const dataDir = path.join(tmpdir(), `kefu-process-${process.pid}-${ports.admin}`);
  rmSync(dataDir, { recursive: true, force: true });
  const env = {
    ...process.env,
    FORCE_COLOR: "0",
    KEFU_DATA_DIR: dataDir,
    KEFU_DB_PORT: String(ports.db),
    ADMIN_PORT: String(ports.admin),
    CHAT_PORT: String(ports.chat),
    NEXTAUTH_URL: `http://localhost:${ports.admin}`,
    KEFU_CHAT_URL: `http://localhost:${ports.chat}`,
    LOG_LEVEL: "info",
    // The production build made before (CI's end-to-end step makes it); built here if there is none.
    KEFU_SKIP_BUILD: "1",
    ...options.env,
  };
  delete env.NODE_OPTIONS; // vitest's own preloads are not the product's
  const extra = options.args ?? [];
  const [command, args] = options.via === "npm" ? ["npm", ["start", "--silent", ...(extra.length > 0 ? ["--", ...extra] : [])]] : [process.execPath, ["scripts/start.mjs", ...extra]];
  // Its own process group, as a terminal gives a foreground job: Ctrl+C is a SIGINT to the group.
  const child = spawn(command, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let output = "";
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const waiter of waiters) waiter();
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  const known = new Set<number>([child.pid!]);
  const tree = () => {
    const pids = [child.pid!, ...descendants(child.pid!)].filter(alive);
    for (const pid of pids) known.add(pid);
    return pids;
  };
  const product: Product = {
    process: child,
    pid: child.pid!,
    adminUrl: `http://localhost:${ports.admin}`,
    chatUrl: `http://localhost:${ports.chat}`,
    dbPort: ports.db,
    dataDir,
    output: () => output,
    waitForOutput(pattern, timeoutMs, from = 0) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (pattern.test(output.slice(from))) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve();
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting for ${pattern}; output:\n${output.slice(-4000)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    exited,
    tree,
    async dispose() {
      tree();
      for (const pid of known) if (alive(pid)) process.kill(pid, "SIGKILL");
      await waitUntil(() => [...known].every((pid) => !alive(pid)), 5000);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  // Polls the tree while it runs, so that a process re-parented after its parent died is still known.
  const poll = setInterval(() => {
    if (child.exitCode === null && child.signalCode === null) tree();
  }, 200);
  void exited.then(() => clearInterval(poll));
  // A start that fails (a port taken meanwhile, a broken build) ends the script: said at once.
  const failed = exited.then(({ code, signal }) => {
    rmSync(dataDir, { recursive: true, force: true });
    throw new Error(`the product stopped while starting (${signal ?? `exit ${code}`}); output:\n${output.slice(-4000)}`);
  });
  failed.catch(() => undefined);
  await Promise.race([product.waitForOutput(/Kefu is running/, 540_000), failed]);
  tree();
  return product;
}

// ── tRPC over HTTP, as the clients send it (superjson envelope) ─────────────────────────────────

export interface CallResult {
  status: number;
  body: string;
  json: { result?: { data?: { json?: unknown } }; error?: { json?: { message?: string; code?: number; data?: Record<string, unknown> } } } | null;
}

async function asResult(response: Response): Promise<CallResult> {
  const body = await response.text();
  let json: CallResult["json"] = null;
  try {
    json = JSON.parse(body) as CallResult["json"];
  } catch {
    // not JSON
  }
  return { status: response.status, body, json };
}

export async function mutate(baseUrl: string, procedure: string, input: unknown, cookie?: string, timeoutMs = 30_000): Promise<CallResult> {
  const response = await fetch(`${baseUrl}/api/trpc/${procedure}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(cookie ? { cookie } : {}) },
    body: JSON.stringify({ json: input }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  return asResult(response);
}

export async function query(baseUrl: string, procedure: string, input: unknown, cookie?: string, timeoutMs = 30_000): Promise<CallResult> {
  const response = await fetch(`${baseUrl}/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`, {
    headers: cookie ? { cookie } : {},
    signal: AbortSignal.timeout(timeoutMs),
  });
  return asResult(response);
}

export function data<T>(result: CallResult): T {
  if (result.status !== 200 || !result.json?.result) throw new Error(`call failed (${result.status}): ${result.body.slice(0, 500)}`);
  return result.json.result.data!.json as T;
}

/** A streamed `chat.send` as the widget sends it (httpBatchStreamLink: JSON lines). */
export async function sendStreamed(chatUrl: string, input: Record<string, unknown>, timeoutMs = 30_000): Promise<{ status: number; text: string; complete: boolean }> {
  const response = await fetch(`${chatUrl}/api/trpc/chat.send?batch=1`, {
    method: "POST",
    headers: { "content-type": "application/json", "trpc-accept": "application/jsonl" },
    body: JSON.stringify({ 0: { json: input } }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  let text = "";
  let complete = true;
  try {
    const decoder = new TextDecoder();
    for await (const chunk of response.body!) text += decoder.decode(chunk as Uint8Array, { stream: true });
  } catch {
    complete = false;
  }
  return { status: response.status, text, complete };
}

/** Signs up a workspace and signs its owner in through next-auth's credentials flow. */
export async function signUpAndSignIn(adminUrl: string): Promise<{ cookie: string }> {
  const id = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6)}`;
  const email = `owner-${id}@acme.test`;
  const password = "correct horse battery";
  data(await mutate(adminUrl, "account.signUp", { companyName: `Acme ${id}`, email, password }));
  return signIn(adminUrl, email, password);
}

/** Signs in with an e-mail and password as the sign-in form does; the session cookie. */
export async function signIn(adminUrl: string, email: string, password: string): Promise<{ cookie: string }> {
  const csrf = await fetch(`${adminUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const response = await fetch(`${adminUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  const session = response.headers.getSetCookie().find((c) => c.startsWith("next-auth.session-token="));
  if (!session) throw new Error(`sign-in failed (${response.status})`);
  return { cookie: session.split(";")[0]! };
}

// ── Server-sent events, read as a browser's EventSource would ───────────────────────────────────

export interface SseStream {
  events: { event: string; data: string; id?: string }[];
  /** Resolves once the server's `connected` event arrived. */
  connected: Promise<void>;
  /** How the stream ended: "ended" (the server finished the response) or "error" (reset, aborted). */
  ended: Promise<{ how: "ended" | "error"; at: number }>;
  close(): void;
}

export function openSse(baseUrl: string, procedure: string, input: unknown, cookie?: string): SseStream {
  const controller = new AbortController();
  const events: SseStream["events"] = [];
  let onConnected: () => void;
  const connected = new Promise<void>((resolve) => (onConnected = resolve));
  const ended = (async (): Promise<{ how: "ended" | "error"; at: number }> => {
    try {
      const response = await fetch(`${baseUrl}/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`, {
        headers: { accept: "text/event-stream", ...(cookie ? { cookie } : {}) },
        signal: controller.signal,
      });
      if (response.status !== 200) throw new Error(`stream refused: ${response.status} ${await response.text()}`);
      const decoder = new TextDecoder();
      let buffer = "";
      for await (const chunk of response.body!) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let end: number;
        while ((end = buffer.indexOf("\n\n")) !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event: SseStream["events"][number] = { event: "message", data: "" };
          for (const line of block.split("\n")) {
            const [field, ...rest] = line.split(":");
            const value = rest.join(":").replace(/^ /, "");
            if (field === "event") event.event = value;
            else if (field === "data") event.data += value;
            else if (field === "id") event.id = value;
          }
          events.push(event);
          if (event.event === "connected") onConnected();
        }
      }
      return { how: "ended", at: Date.now() };
    } catch {
      return { how: "error", at: Date.now() };
    }
  })();
  return { events, connected, ended, close: () => controller.abort() };
}

// ── A loopback OpenAI-compatible model whose answers take their time ────────────────────────────

export interface SlowModelOptions {
  chunks: string[];
  everyMs: number;
  stall?: boolean;
}

/**
 * Streams `chunks` pieces of text, one every `everyMs`; with `stall`, never finishes. `set` changes
 * how the requests that come after it are answered.
 */
export async function startSlowModel(
  initial: SlowModelOptions,
): Promise<{ baseUrl: string; set(options: SlowModelOptions): void; close(): Promise<void> }> {
  let current = initial;
  const server: Server = createServer((req, res) => {
    const options = current;
    if (req.url?.endsWith("/models")) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ object: "list", data: [{ id: "slow-model", object: "model" }] }));
      return;
    }
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      const chunk = (content: string | null, finish: string | null) =>
        `data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", created: 0, model: "slow-model", choices: [{ index: 0, delta: content === null ? {} : { content }, finish_reason: finish }] })}\n\n`;
      let i = 0;
      const timer = setInterval(() => {
        if (i < options.chunks.length) {
          res.write(chunk(options.chunks[i++]!, null));
        } else if (!options.stall) {
          clearInterval(timer);
          res.end(`${chunk(null, "stop")}data: [DONE]\n\n`);
        }
      }, options.everyMs);
      res.on("close", () => clearInterval(timer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    set: (options) => {
      current = options;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A bot of a new workspace, answering with the given model (threshold 0: the model always answers). */
export async function botWithModel(adminUrl: string, cookie: string, modelBaseUrl: string): Promise<{ publicId: string }> {
  const bot = data<{ id: string; publicId: string }>(
    await mutate(adminUrl, "bot.create", { name: "Shop assistant", greeting: "Hi!", language: "en", brandColor: "#2563eb" }, cookie),
  );
  data(await mutate(adminUrl, "knowledge.addFaq", { botId: bot.id, question: "Can I return an item?", alternatives: [], answer: "Yes, within 30 days." }, cookie));
  const provider = data<{ id: string }>(
    await mutate(adminUrl, "provider.create", { name: "Slow", kind: "OPENAI_COMPATIBLE", baseUrl: modelBaseUrl, apiKey: "sk-test" }, cookie),
  );
  data(
    await mutate(
      adminUrl,
      "bot.updateModel",
      { id: bot.id, chatProviderId: provider.id, chatModel: "slow-model", embeddingProviderId: null, embeddingModel: null, answerThreshold: 0 },
      cookie,
    ),
  );
  return { publicId: bot.publicId };
}
