// An ingestion worker process killed (SIGKILL) in the middle of indexing, as a crash or an OOM
// kill of the admin app would: retrieval never serves a half-indexed document (nor half of a
// re-indexed one) while it is INDEXING, dead, or being recovered; a worker started afterwards
// finds the abandoned sources by their lapsed lease and indexes them to READY.
// Real processes: the embedded database served over the wire (as `npm start` serves it) and
// workers in child processes (testing/ingestion-worker-process.ts) that reach it like the app does.
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createDb, type Db } from "@kefu/db";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "@kefu/db/embedded";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ownerOfNewTenant } from "../testing/index.ts";
import { drainIngestion } from "./ingestion-worker.ts";
import { botKnowledgeScope, retrieveKnowledge, retrieverForKnowledgeBases } from "./retrieval-cache.ts";

const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
const WORKER = fileURLToPath(new URL("../testing/ingestion-worker-process.ts", import.meta.url));
/** Short, so the test sees a lapsed lease within seconds (the product's is a minute). */
const LEASE_MS = 1500;

let server: EmbeddedDatabase;
let db: Db;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  server = await startEmbeddedDatabase({ port: 50000 + Math.floor(Math.random() * 5000) });
  db = createDb(server.url);
});

afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  await db?.$disconnect();
  await server?.stop();
});

/** A worker process; resolves once it reported a line matching `until`. */
function startWorker(options: { pauseAt?: number; until: RegExp }) {
  const child = spawn(process.execPath, ["--import", "tsx", WORKER, server.url, String(LEASE_MS), ...(options.pauseAt ? [String(options.pauseAt)] : [])], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  let output = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const reached = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not report ${options.until} in 30 s:\n${output}`)), 30_000);
    child.stdout!.on("data", (data: Buffer) => {
      output += data.toString();
      const line = output.split("\n").find((l) => options.until.test(l));
      if (line) {
        clearTimeout(timer);
        resolve(line);
      }
    });
    child.stderr!.on("data", (data: Buffer) => void (output += data.toString()));
    void exited.then(() => reject(new Error(`worker exited before reporting ${options.until}:\n${output}`)));
  });
  reached.catch(() => {});
  return {
    reached,
    output: () => output,
    async kill() {
      child.kill("SIGKILL");
      await exited;
      children.delete(child);
    },
  };
}

/** A Markdown document of `sections` passages about `topic`. */
const longDoc = (sections: number, topic: string) =>
  Array.from({ length: sections }, (_, i) => `## ${topic} part ${i + 1}\n\nThe ${topic} rule number ${i + 1} is explained here in a full sentence.`).join("\n\n");

describe("an ingestion worker killed mid-job", () => {
  test("nothing half-indexed is ever served; a new worker resumes the abandoned documents to READY", { timeout: 90_000 }, async () => {
    const owner = await ownerOfNewTenant(db, "Crash Co");
    const { caller, tenantId } = owner;
    const bot = await caller.bot.create({ name: "Helper", greeting: "Hi", instructions: "", language: "en", brandColor: "#2563eb" });
    // A re-indexed document: three "parcel" passages served, being replaced by 200 "freight" ones.
    const replaced = await caller.knowledge.addDocument({ botId: bot.id, title: "Shipping", content: longDoc(3, "parcel") });
    await drainIngestion(db);
    await caller.knowledge.updateDocument({ id: replaced.id, title: "Shipping", content: longDoc(200, "freight") });
    // A new document of 300 passages.
    const added = await caller.knowledge.addDocument({ botId: bot.id, title: "Customs", content: longDoc(300, "customs") });

    const status = async () =>
      Object.fromEntries(
        (await db.knowledgeSource.findMany({ where: { tenantId, id: { in: [added.id, replaced.id] } }, select: { id: true, status: true } })).map((s) => [s.id, s.status]),
      );
    // What retrieval serves, checked over and over from before the worker starts until the end:
    // the new document wholly or not at all; the replaced one wholly old or wholly new; and the
    // answer path (retrieveKnowledge) finds a document only once it is READY (status read after).
    const violations: string[] = [];
    const seen = { polls: 0, oldOnly: 0 };
    let watching = true;
    const watch = (async () => {
      while (watching) {
        const scope = await botKnowledgeScope(db, tenantId, bot.id);
        const { retriever } = await retrieverForKnowledgeBases(db, tenantId, [...scope.knowledgeBaseIds]);
        const answers = retriever.docs.map((doc) => doc.answer);
        const [customs, freight, parcel] = ["customs", "freight", "parcel"].map((topic) => answers.filter((a) => a.includes(topic)).length);
        if (customs !== 0 && customs !== 300) violations.push(`${customs} of 300 customs passages served`);
        if (!((parcel === 3 && freight === 0) || (parcel === 0 && freight === 200))) violations.push(`${parcel} parcel and ${freight} freight passages served`);
        const hits = [
          ...(await retrieveKnowledge(db, scope, "What is customs rule number 7?", { k: 10 })),
          ...(await retrieveKnowledge(db, scope, "What is freight rule number 7?", { k: 10 })),
        ];
        const now = await status();
        if (hits.some((h) => h.doc.sourceId === added.id) && now[added.id] !== "READY") violations.push(`customs answered while ${now[added.id]}`);
        if (hits.some((h) => h.doc.answer.includes("freight")) && now[replaced.id] !== "READY") violations.push(`freight answered while ${now[replaced.id]}`);
        seen.polls++;
        if (parcel === 3) seen.oldOnly++;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();

    try {
      // The first worker claims both documents and stops for good two batches into the first one.
      const first = startWorker({ pauseAt: 128, until: /^@@paused / });
      const paused = (await first.reached).split(" ")[1]!;
      expect([added.id, replaced.id]).toContain(paused);
      expect(await status()).toEqual({ [added.id]: "INDEXING", [replaced.id]: "INDEXING" });
      expect(await db.knowledgeSource.findFirstOrThrow({ where: { id: paused }, select: { chunksDone: true } })).toEqual({ chunksDone: 128 });
      await new Promise((resolve) => setTimeout(resolve, LEASE_MS)); // alive, it holds its lease
      await first.kill();

      // Dead: the sources stay INDEXING, nothing of the lost run in the database.
      expect(await status()).toEqual({ [added.id]: "INDEXING", [replaced.id]: "INDEXING" });
      expect(await db.knowledgeChunk.count({ where: { tenantId, sourceId: added.id } })).toBe(0);
      expect(await db.knowledgeChunk.count({ where: { tenantId, sourceId: replaced.id } })).toBe(3);

      // A new worker (the app restarted) finds them once the dead worker's lease lapsed.
      const killedAt = Date.now();
      const second = startWorker({ until: new RegExp(`^@@source ${added.id}: ready`) });
      await second.reached;
      while (Object.values(await status()).some((s) => s !== "READY") && Date.now() - killedAt < 25_000) await new Promise((r) => setTimeout(r, 100));
      expect(await status()).toEqual({ [added.id]: "READY", [replaced.id]: "READY" });
      expect(Date.now() - killedAt).toBeLessThan(25_000); // a child start (a few seconds under load), the lapsed lease, indexing
      expect(second.output()).toContain("ingestion.interrupted_sources_recovered");
      await second.kill();
    } finally {
      watching = false;
      await watch;
    }

    expect(violations).toEqual([]);
    expect(seen.polls).toBeGreaterThan(10);
    expect(seen.oldOnly).toBeGreaterThan(5); // the old version was served through the crash
    const rows = await db.knowledgeSource.findMany({ where: { tenantId, id: { in: [added.id, replaced.id] } }, select: { id: true, error: true, interruptions: true, _count: { select: { chunks: true } } } });
    expect(rows.sort((a, b) => a._count.chunks - b._count.chunks)).toEqual([
      { id: replaced.id, error: null, interruptions: 0, _count: { chunks: 200 } },
      { id: added.id, error: null, interruptions: 0, _count: { chunks: 300 } },
    ]);
    const [top] = await retrieveKnowledge(db, await botKnowledgeScope(db, tenantId, bot.id), "What is customs rule number 7?", { k: 3 });
    expect(top?.doc.sourceId).toBe(added.id);
  });
});
