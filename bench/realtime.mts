// `npm run bench:realtime`: realtime delivery from an agent's reply to the visitor's live stream.
//   npm run bench:realtime -- --streams 200 --messages 400
// Visitors hold open Server-Sent-Event streams (tRPC `chat.events` over real HTTP) served by this
// process; agents reply from a separate process with its own database connection, as the admin
// and chat apps do, so delivery crosses processes through the event log. Runs on the embedded
// database, or on PostgreSQL when DATABASE_URL is set. Prints a Markdown row and a JSON line.
import { fork } from "node:child_process";
import { createServer } from "node:http";
import { cpus, totalmem } from "node:os";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { createApiContext } from "@kefu/api";
import { createPublicCaller, publicRouter } from "@kefu/api/public";
import { memberOfTenant, ownerOfNewTenant, sseBlocks } from "@kefu/api/testing";
import { createDb, readDbEnv, type Db } from "@kefu/db";
import { startEmbeddedDatabase } from "@kefu/db/embedded";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import superjson from "superjson";

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};

// ---------------------------------------------------------------- agent process
if (args[0] === "--agent") {
  const { url, tenantId, agentId, conversationIds, messages, ratePerSecond } = JSON.parse(args[1]!) as {
    url: string;
    tenantId: string;
    agentId: string;
    conversationIds: string[];
    messages: number;
    ratePerSecond: number;
  };
  const { replyAsAgent } = await import("../packages/api/src/handoff/agent-messages.ts");
  const db = createDb(url);
  for (let i = 0; i < messages; i++) {
    const id = conversationIds[i % conversationIds.length]!;
    const sentAt = performance.timeOrigin + performance.now();
    await replyAsAgent(db, { tenantId, conversationId: id, agentId }, { text: `bench:${sentAt}`, clientMessageId: `bench-${i}` });
    await new Promise((r) => setTimeout(r, 1000 / ratePerSecond));
  }
  await db.$disconnect();
  process.exit(0);
}

// ---------------------------------------------------------------- visitor side (this process)
const STREAMS = arg("streams", 200);
const MESSAGES = arg("messages", 400);
const RATE = arg("rate", 40);

async function database(): Promise<{ url: string; stop(): Promise<void>; label: string }> {
  const { DATABASE_URL } = readDbEnv();
  if (DATABASE_URL) return { url: DATABASE_URL, stop: async () => {}, label: "PostgreSQL (DATABASE_URL)" };
  const port = 54400 + Math.floor(Math.random() * 500);
  const server = await startEmbeddedDatabase({ port, maxConnections: 64 });
  return { url: server.url, stop: () => server.stop(), label: "embedded PGlite (wire server)" };
}

/** Opens a visitor's SSE stream and calls back with each agent message's delivery latency. */
async function openStream(base: string, input: object, onLatency: (ms: number) => void, signal: AbortSignal, ready: () => void) {
  const query = encodeURIComponent(JSON.stringify(superjson.serialize(input)));
  const response = await fetch(`${base}/chat.events?input=${query}`, { headers: { accept: "text/event-stream" }, signal });
  ready();
  try {
    for await (const block of sseBlocks(response.body!)) {
      const match = /bench:(\d+(?:\.\d+)?)/.exec(block);
      if (match) onLatency(performance.timeOrigin + performance.now() - Number(match[1]));
    }
  } catch {
    // Aborted at the end of the run.
  }
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

const db = await database();
const reader: Db = createDb(db.url, { maxConnections: 8 });
try {
  // A tenant with one agent and STREAMS visitors, each in a conversation the agent owns.
  const owner = await ownerOfNewTenant(reader, "Realtime bench");
  const bot = await owner.caller.bot.create({ name: "Bench", greeting: "Hi", instructions: "", language: "en", brandColor: "#2563eb" });
  const agent = await memberOfTenant(reader, owner.tenantId, "AGENT", "Bench agent");
  await reader.membership.updateMany({ where: { id: agent.membershipId }, data: { maxConcurrent: 50 } });
  const publicCaller = createPublicCaller(createApiContext({ db: reader }));
  const visitors: { visitorToken: string; conversationId: string }[] = [];
  for (let i = 0; i < STREAMS; i++) {
    const session = await publicCaller.chat.start({ botId: bot.publicId });
    const visitor = await reader.visitor.findFirstOrThrow({ where: { tenantId: owner.tenantId }, orderBy: { createdAt: "desc" }, select: { id: true } });
    const conversation = await reader.conversation.create({
      data: { tenantId: owner.tenantId, botId: bot.id, visitorId: visitor.id, status: "ASSIGNED", assigneeId: agent.userId },
    });
    visitors.push({ visitorToken: session.visitorToken, conversationId: conversation.id });
  }

  const server = createServer(createHTTPHandler({ router: publicRouter, createContext: () => createApiContext({ db: reader }) }));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

  const latencies: number[] = [];
  const controller = new AbortController();
  let opened = 0;
  const streams = visitors.map((v) =>
    openStream(base, { botId: bot.publicId, visitorToken: v.visitorToken }, (ms) => latencies.push(ms), controller.signal, () => opened++),
  );
  while (opened < STREAMS) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 500)); // let every stream finish its replay

  const started = performance.now();
  const agentInput = {
    url: db.url,
    tenantId: owner.tenantId,
    agentId: agent.userId,
    conversationIds: visitors.map((v) => v.conversationId),
    messages: MESSAGES,
    ratePerSecond: RATE,
  };
  const child = fork(fileURLToPath(import.meta.url), ["--agent", JSON.stringify(agentInput)], { execArgv: ["--import", "tsx"], stdio: "inherit" });
  await new Promise((resolve) => child.on("exit", resolve));
  const deadline = Date.now() + 10_000;
  while (latencies.length < MESSAGES && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  controller.abort();
  await Promise.allSettled(streams);
  server.close();

  const sorted = [...latencies].sort((a, b) => a - b);
  const result = {
    database: db.label,
    streams: STREAMS,
    messages: MESSAGES,
    delivered: latencies.length,
    lost: MESSAGES - latencies.length,
    p50_ms: Number(quantile(sorted, 0.5).toFixed(1)),
    p99_ms: Number(quantile(sorted, 0.99).toFixed(1)),
    max_ms: Number((sorted.at(-1) ?? NaN).toFixed(1)),
    wall_s: Number(((performance.now() - started) / 1000).toFixed(1)),
    machine: `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
  };
  console.log("| database | open streams | messages | delivered | p50 ms | p99 ms | max ms |");
  console.log("|---|---|---|---|---|---|---|");
  console.log(`| ${result.database} | ${STREAMS} | ${MESSAGES} | ${result.delivered} | ${result.p50_ms} | ${result.p99_ms} | ${result.max_ms} |`);
  console.log(JSON.stringify(result));
  if (result.lost > 0) process.exitCode = 1;
} finally {
  await reader.$disconnect();
  await db.stop();
}
