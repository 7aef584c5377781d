// `npm run bench:analytics`: the analytics dashboard's queries at 10k and at 1M messages across
// 100 tenants on the embedded database (PGlite). Seeds conversations with bulk multi-row inserts,
// folds them into the rollup (timed), then calls each query through the admin API as the page does,
// for random tenants, bots and periods (7/30/90 days), and reports p50/p95 per size and the ratio.
// Every size is seeded first, then the rounds alternate between sizes (one round each in turn), so
// the machine's load weighs on both sides of the ratio alike.
// `--reuse DIR` keeps each seeded and folded database as DIR/analytics-<size>.tar and starts from
// it on later runs (migrations added since are applied), so the 1M seed runs once.
//   npm run bench:analytics -- --sizes 10000,1000000 --queries 200 [--reuse /tmp/kefu-bench]
import { existsSync, openAsBlob } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { cpus, loadavg, totalmem } from "node:os";
import { createTestDb } from "@kefu/db/testing";
import { callerOfUser, foldTenant, ownerOfNewTenant, vacuumChangedTables } from "@kefu/api/testing";
import { addDays, ESCALATION_REASONS, localToday } from "@kefu/domain";
import { rng } from "./rng.mts";

const args = process.argv.slice(2);
const arg = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const SIZES = (arg("--sizes") ?? "10000,1000000").split(",").map(Number);
const QUERIES = Number(arg("--queries") ?? 200);
const REUSE = arg("--reuse");
const TENANTS = 100;
const BOTS_PER_TENANT = 2;
const SOURCES_PER_BOT = 20;
const DAYS = 90;
const ZONES = ["UTC", "Asia/Shanghai", "America/New_York", "Europe/Berlin", "Asia/Kolkata"];
const QUESTIONS = [
  "How long does shipping take?", "When will my parcel arrive?", "How do I get a refund?", "Can I return this item?",
  "怎么申请退款？", "快递几天能到？", "How do I reset my password?", "忘记密码怎么办", "Do you ship abroad?",
  "What payment methods do you accept?", "可以开发票吗？", "How do I cancel my subscription?", "I want to talk to a person",
  "My order arrived damaged", "订单可以修改地址吗", "Where is my order?",
];

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
const ts = (ms: number) => q(new Date(ms).toISOString());
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const progress = (line: string) => process.stderr.write(`  ${line}\n`);

interface Owner { tenantId: string; caller: ReturnType<typeof callerOfUser> }
interface SeededTenant { owner: Owner; zone: string; bots: { id: string; sources: string[] }[] }

async function seed(db: Awaited<ReturnType<typeof createTestDb>>["db"], messages: number) {
  const next = rng(messages);
  const tenants: SeededTenant[] = [];
  for (let i = 0; i < TENANTS; i++) {
    const owner = await ownerOfNewTenant(db, `Analytics bench ${i}`);
    const zone = ZONES[i % ZONES.length]!;
    await db.tenant.update({ where: { id: owner.tenantId }, data: { timeZone: zone } });
    const bots = [];
    for (let b = 0; b < BOTS_PER_TENANT; b++) {
      const bot = await owner.caller.bot.create({ name: `Bot ${b}`, greeting: "Hi", instructions: "", language: "en", brandColor: "#000000" });
      const kb = await db.botKnowledgeBase.findFirstOrThrow({ where: { botId: bot.id }, select: { knowledgeBaseId: true } });
      const sources = Array.from({ length: SOURCES_PER_BOT }, (_, s) => `src-${i}-${b}-${s}`);
      await db.$executeRawUnsafe(`INSERT INTO "KnowledgeSource" ("id", "tenantId", "knowledgeBaseId", "kind", "title", "question", "answer", "status", "updatedAt") VALUES ${sources
        .map((id, s) => `(${q(id)}, ${q(owner.tenantId)}, ${q(kb.knowledgeBaseId)}, 'FAQ', ${q(QUESTIONS[s % QUESTIONS.length]!)}, ${q(QUESTIONS[s % QUESTIONS.length]!)}, 'An answer.', 'READY', now())`)
        .join(", ")}`);
      bots.push({ id: bot.id, sources });
    }
    tenants.push({ owner, zone, bots });
    if (i % 25 === 24) progress(`[${messages}] ${i + 1} tenants with ${BOTS_PER_TENANT} bots each…`);
  }
  // Conversations of ~6 messages (visitor/bot pairs; a fifth escalate and get agent replies).
  const now = Date.now();
  const visitorRows: string[] = [];
  const conversationRows: string[] = [];
  const messageRows: string[] = [];
  const feedbackRows: string[] = [];
  let written = 0;
  let c = 0;
  const flush = async (force = false) => {
    const batches: [string, string[], string][] = [
      [`INSERT INTO "Visitor" ("id", "tenantId", "botId", "tokenHash") VALUES `, visitorRows, ""],
      [`INSERT INTO "Conversation" ("id", "tenantId", "botId", "visitorId", "status", "createdAt", "lastMessageAt", "queuedAt", "assignedAt", "resolvedAt", "escalationReason", "rating") VALUES `, conversationRows, ""],
      [`INSERT INTO "Message" ("id", "tenantId", "conversationId", "role", "content", "citations", "createdAt") VALUES `, messageRows, ""],
      [`INSERT INTO "AnswerFeedback" ("id", "tenantId", "botId", "conversationId", "messageId", "visitorId", "helpful", "updatedAt") VALUES `, feedbackRows, ""],
    ];
    if (!force && messageRows.length < 4000) return;
    for (const [head, rows] of batches) {
      if (rows.length > 0) await db.$executeRawUnsafe(head + rows.join(", "));
      rows.length = 0;
    }
  };
  while (written < messages) {
    const tenant = tenants[c % TENANTS]!;
    const botIndex = Math.floor(next() * BOTS_PER_TENANT);
    const bot = tenant.bots[botIndex]!;
    const id = `c${messages}-${c}`;
    const visitorId = `v${messages}-${c}`;
    const start = now - Math.floor(next() * DAYS * 86_400_000);
    const escalated = next() < 0.2;
    const pairs = 1 + Math.floor(next() * 3);
    let at = start;
    for (let p = 0; p < pairs && written < messages; p++) {
      const mid = `${id}-${p}`;
      messageRows.push(`(${q(`${mid}v`)}, ${q(tenant.owner.tenantId)}, ${q(id)}, 'VISITOR', ${q(QUESTIONS[Math.floor(next() * QUESTIONS.length)]!)}, '[]', ${ts(at)})`);
      at += 200 + Math.floor(next() * 3000);
      const answered = next() < 0.8;
      const source = bot.sources[Math.floor(next() * next() * SOURCES_PER_BOT)]!;
      messageRows.push(`(${q(`${mid}b`)}, ${q(tenant.owner.tenantId)}, ${q(id)}, 'BOT', 'An answer.', ${q(answered ? JSON.stringify([{ sourceId: source, title: "FAQ", snippet: "…" }]) : "[]")}, ${ts(at)})`);
      if (next() < 0.1) feedbackRows.push(`(${q(`${mid}f`)}, ${q(tenant.owner.tenantId)}, ${q(bot.id)}, ${q(id)}, ${q(`${mid}b`)}, ${q(visitorId)}, ${next() < 0.7}, now())`);
      written += 2;
      at += 20_000 + Math.floor(next() * 60_000);
    }
    let queued = "NULL", assigned = "NULL", resolved = "NULL", reason = "NULL", rating = "NULL", status = "'BOT'";
    if (escalated) {
      const qAt = at;
      const aAt = qAt + Math.floor(next() * 600_000);
      const rAt = aAt + 60_000 + Math.floor(next() * 3_600_000);
      for (let r = 0; r < 2 && written < messages; r++) {
        messageRows.push(`(${q(`${id}-a${r}`)}, ${q(tenant.owner.tenantId)}, ${q(id)}, 'AGENT', 'Agent reply.', '[]', ${ts(aAt + 30_000 + r * 60_000)})`);
        written++;
      }
      [queued, assigned, resolved, status] = [ts(qAt), ts(aAt), ts(rAt), "'RESOLVED'"];
      reason = q(ESCALATION_REASONS[Math.floor(next() * ESCALATION_REASONS.length)]!);
      if (next() < 0.4) rating = String(1 + Math.floor(next() * 5));
      at = rAt;
    }
    visitorRows.push(`(${q(visitorId)}, ${q(tenant.owner.tenantId)}, ${q(bot.id)}, ${q(`hash-${visitorId}`)})`);
    conversationRows.push(`(${q(id)}, ${q(tenant.owner.tenantId)}, ${q(bot.id)}, ${q(visitorId)}, ${status}, ${ts(start)}, ${ts(at)}, ${queued}, ${assigned}, ${resolved}, ${reason}::"EscalationReason", ${rating})`);
    c++;
    await flush();
    if (c % 20_000 === 0) progress(`[${messages}] ${written.toLocaleString("en")} messages in ${c.toLocaleString("en")} conversations…`);
  }
  await flush(true);
  return { tenants, conversations: c };
}

/** The seeded tenants of a reused database, as `seed` returned them (bots in creation order). */
async function seededTenants(db: Awaited<ReturnType<typeof createTestDb>>["db"]): Promise<SeededTenant[]> {
  const tenants = await db.tenant.findMany({
    where: { name: { startsWith: "Analytics bench " } },
    select: { id: true, name: true, timeZone: true, memberships: { where: { role: "OWNER" }, select: { userId: true } }, bots: { select: { id: true }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] } },
  });
  tenants.sort((a, b) => Number(a.name.split(" ").pop()) - Number(b.name.split(" ").pop()));
  return tenants.map((t) => ({
    owner: { tenantId: t.id, caller: callerOfUser(db, t.memberships[0]!.userId) },
    zone: t.timeZone,
    bots: t.bots.map((b) => ({ id: b.id, sources: [] })),
  }));
}

async function prepareSize(messages: number) {
  const saved = REUSE ? path.join(REUSE, `analytics-${messages}.tar`) : undefined;
  if (saved && existsSync(saved)) {
    const loadStart = performance.now();
    const { db, close } = await createTestDb({ loadDataDir: await openAsBlob(saved) });
    const tenants = await seededTenants(db);
    progress(`[${messages}] loaded ${saved} in ${((performance.now() - loadStart) / 1000).toFixed(0)} s`);
    // Anything a newer migration left to fold (none when the schema is the dump's).
    for (const t of tenants) while (!(await foldTenant(db, t.owner.tenantId, { maxBatches: 1000 })));
    const conversations = await db.conversation.count();
    return measured({ messages, conversations, seedSeconds: NaN, foldSeconds: NaN, db, close, tenants });
  }
  const { db, close, dump } = await createTestDb();
  const seedStart = performance.now();
  const { tenants, conversations } = await seed(db, messages);
  const seedSeconds = (performance.now() - seedStart) / 1000;
  progress(`[${messages}] seeded in ${seedSeconds.toFixed(0)} s; folding into the rollup…`);
  const foldStart = performance.now();
  for (const [i, t] of tenants.entries()) {
    let caughtUp = false;
    while (!caughtUp) caughtUp = await foldTenant(db, t.owner.tenantId, { maxBatches: 1000 });
    if (i % 25 === 24) progress(`[${messages}] folded ${i + 1} tenants…`);
  }
  const foldSeconds = (performance.now() - foldStart) / 1000;
  if (saved) {
    await mkdir(path.dirname(saved), { recursive: true });
    await writeFile(saved, Buffer.from(await (await dump()).arrayBuffer()));
    progress(`[${messages}] saved ${saved}`);
  }
  return measured({ messages, conversations, seedSeconds, foldSeconds, db, close, tenants });
}

async function measured(p: { messages: number; conversations: number; seedSeconds: number; foldSeconds: number; db: Awaited<ReturnType<typeof createTestDb>>["db"]; close(): Promise<void>; tenants: SeededTenant[] }) {
  const { messages, conversations, seedSeconds, foldSeconds, db, close, tenants } = p;
  // What the admin process's background work does after folding (background.ts): the embedded
  // database has no autovacuum.
  const vacuumStart = performance.now();
  const vacuumed = await vacuumChangedTables(db, ["AnalyticsDaily"]);
  progress(`[${messages}] vacuumed ${vacuumed.join(", ") || "nothing"} in ${((performance.now() - vacuumStart) / 1000).toFixed(1)} s`);
  const rollupRows = await db.analyticsDaily.count();
  const next = rng(7); // the same query mix at every size
  const timings: Record<string, number[]> = { dashboard: [], knowledge: [], questions: [], csv: [] };
  return { messages, conversations, seedSeconds, foldSeconds, foldPerSecond: conversations / foldSeconds, rollupRows, db, close, tenants, next, timings };
}
type Prepared = Awaited<ReturnType<typeof prepareSize>>;

/** One round of the page's four reads for a random tenant, bot and period of a prepared size. */
async function round(p: Prepared, warmUp: boolean) {
  const { tenants, next, timings } = p;
  const t = tenants[Math.floor(next() * tenants.length)]!;
  const days = [7, 30, 90][Math.floor(next() * 3)]!;
  const to = localToday(t.zone);
  const input = { from: addDays(to, -(days - 1)), to, ...(next() < 0.5 ? { botId: t.bots[0]!.id } : {}) };
  const calls: [string, () => Promise<unknown>][] = [
    ["dashboard", () => t.owner.caller.analytics.dashboard(input)],
    ["knowledge", () => t.owner.caller.analytics.knowledge(input)],
    ["questions", () => t.owner.caller.analytics.questions(input)],
    ["csv", () => t.owner.caller.analytics.csv({ ...input, chart: "volume" })],
  ];
  for (const [name, call] of calls) {
    const started = performance.now();
    await call();
    if (!warmUp) timings[name]!.push(performance.now() - started);
  }
}

const prepared: Prepared[] = [];
for (const size of SIZES) prepared.push(await prepareSize(size));
const loadBefore = loadavg()[0]!;
const measureStart = new Date();
for (let i = 0; i < QUERIES + 10; i++) {
  // Alternate which size goes first; the first ten rounds warm up.
  const order = i % 2 === 0 ? prepared : [...prepared].reverse();
  for (const p of order) await round(p, i < 10);
  if (i % 50 === 49) progress(`round ${i + 1} of ${QUERIES + 10}, load ${loadavg()[0]!.toFixed(1)}`);
}
const results = [];
for (const p of prepared) {
  await p.close();
  const result = Object.fromEntries(Object.entries(p.timings).map(([name, values]) => [name, { p50: percentile(values, 50), p95: percentile(values, 95) }]));
  const r = { messages: p.messages, conversations: p.conversations, seedSeconds: p.seedSeconds, foldSeconds: p.foldSeconds, foldPerSecond: p.foldPerSecond, rollupRows: p.rollupRows, result };
  console.log(JSON.stringify(r));
  results.push(r);
}
const cpu = cpus()[0]?.model ?? "unknown CPU";
console.log(
  `\n${measureStart.toISOString().slice(0, 16)}–${new Date().toISOString().slice(11, 16)} UTC · ${cpus().length} × ${cpu} · ${Math.round(totalmem() / 2 ** 30)} GiB · ` +
    `load average (1 min) ${loadBefore.toFixed(2)} when the rounds began, ${loadavg()[0]!.toFixed(2)} at the end\n`,
);
console.log(`| messages | conversations | seed | fold (conversations/s) | rollup rows | ${Object.keys(results[0]!.result).map((n) => `${n} p50 / p95`).join(" | ")} |`);
console.log(`|---|---|---|---|---|${Object.keys(results[0]!.result).map(() => "---").join("|")}|`);
for (const r of results) {
  console.log(`| ${r.messages.toLocaleString("en")} | ${r.conversations.toLocaleString("en")} | ${Number.isNaN(r.seedSeconds) ? "reused" : `${r.seedSeconds.toFixed(0)} s`} | ${Number.isNaN(r.foldSeconds) ? "reused" : `${r.foldSeconds.toFixed(0)} s (${r.foldPerSecond.toFixed(0)})`} | ${r.rollupRows.toLocaleString("en")} | ${Object.values(r.result).map((v) => `${v.p50.toFixed(1)} / ${v.p95.toFixed(1)} ms`).join(" | ")} |`);
}
if (results.length >= 2) {
  const [small, large] = [results[0]!, results[results.length - 1]!];
  console.log(`\np95 ratio ${large.messages.toLocaleString("en")} ÷ ${small.messages.toLocaleString("en")}: ${Object.keys(small.result).map((n) => `${n} ${(large.result[n]!.p95 / small.result[n]!.p95).toFixed(2)}×`).join(", ")}`);
}
