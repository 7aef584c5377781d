import { DomainError } from "@kefu/domain";
import { afterEach, describe, expect, test, vi } from "vitest";
import { drainIngestion, startIngestionWorker } from "./ingestion-worker.ts";
import { createLogger } from "../platform/logger.ts";
import { bossFor, INGESTION_QUEUE } from "../platform/queue/queue.ts";
import { EMBED_BATCH, ingestSource, ingestSources, INGESTION_LEASE_MS, MAX_INTERRUPTIONS, recoverInterruptedIngestion } from "./ingestion.ts";
import { retrieverForKnowledgeBases } from "./retrieval-cache.ts";
import { ownerOfNewTenant, useTestDb } from "../testing/index.ts";

const t = useTestDb();
afterEach(() => vi.restoreAllMocks());

/** Unexpected failures are logged; these tests cause them on purpose. */
const quiet = createLogger({ level: "silent" });

async function tenantWithBot(name: string) {
  const owner = await ownerOfNewTenant(t.db, name);
  const bot = await owner.caller.bot.create({ name: "Helper", greeting: "Hi", instructions: "", language: "en", brandColor: "#2563eb" });
  return { ...owner, bot };
}

/** A Markdown document of `sections` passages, each about `topic`. */
const longDoc = (sections: number, topic: string) =>
  Array.from({ length: sections }, (_, i) => `## ${topic} part ${i + 1}\n\nThe ${topic} rule number ${i + 1} is explained here in a full sentence.`).join("\n\n");

/** Every passage the bot's retrieval index serves right now. */
async function served(tenantId: string, botId: string) {
  const knowledgeBaseIds = (await t.db.botKnowledgeBase.findMany({ where: { tenantId, botId }, select: { knowledgeBaseId: true } })).map((l) => l.knowledgeBaseId);
  const { retriever } = await retrieverForKnowledgeBases(t.db, tenantId, knowledgeBaseIds);
  return retriever.docs.map((doc) => doc.answer);
}

const sourceRow = (id: string) =>
  t.db.knowledgeSource.findFirstOrThrow({ where: { id }, select: { status: true, error: true, chunksDone: true, chunksTotal: true, _count: { select: { chunks: true } } } });

describe("background ingestion", () => {
  test("a document goes queued → indexing (with progress) → ready", async () => {
    const { caller, bot } = await tenantWithBot("Queue Co");
    const added = await caller.knowledge.addDocument({ botId: bot.id, title: "Returns", content: longDoc(150, "returns") });
    expect(added).toMatchObject({ status: "QUEUED", chunksDone: 0, _count: { chunks: 0 } });

    const seen: { status: string; done: number; total: number }[] = [];
    await drainIngestion(t.db, {
      async onProgress({ sourceId }) {
        const row = await sourceRow(sourceId);
        seen.push({ status: row.status, done: row.chunksDone, total: row.chunksTotal });
      },
    });
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.every((s) => s.status === "INDEXING" && s.total === 150)).toBe(true);
    expect(seen[0]!.done).toBe(EMBED_BATCH);
    expect(seen.at(-1)!.done).toBe(150);

    const [listed] = await caller.knowledge.list({ id: bot.id });
    expect(listed).toMatchObject({ status: "READY", error: null, chunksDone: 150, chunksTotal: 150, _count: { chunks: 150 } });
  });

  test("a document that fails ends FAILED with its reason, and nothing of it is served", async () => {
    const { caller, bot, tenantId } = await tenantWithBot("Failing Co");
    const refused = await caller.knowledge.addDocument({ botId: bot.id, title: "Refused", content: longDoc(100, "tariff") });
    // An embedding provider refusing the batch midway (a DomainError carries a message fit for the tenant).
    await drainIngestion(t.db, {
      onProgress({ done }) {
        if (done > EMBED_BATCH) throw new DomainError("BAD_REQUEST", "embedding_refused", "The embedding provider refused the request: invalid API key.");
      },
    });
    expect(await sourceRow(refused.id)).toMatchObject({ status: "FAILED", error: "The embedding provider refused the request: invalid API key.", _count: { chunks: 0 } });

    // Anything unexpected is logged, and the tenant reads a generic reason (never a stack or internal message).
    const logged: Record<string, unknown>[] = [];
    const logger = createLogger({ level: "info", destination: { write: (line: string) => void logged.push(JSON.parse(line)) } });
    const crashed = await caller.knowledge.addDocument({ botId: bot.id, title: "Crashed", content: longDoc(3, "tariff") });
    await drainIngestion(t.db, {
      logger,
      onProgress() {
        throw new Error("ECONNRESET 10.0.0.3:5432");
      },
    });
    const row = await sourceRow(crashed.id);
    expect(row).toMatchObject({ status: "FAILED", _count: { chunks: 0 } });
    expect(row.error).toMatch(/^Indexing failed unexpectedly/);
    expect(logged).toEqual([
      expect.objectContaining({ level: "error", msg: "ingestion.source_failed", worker: "ingestion", jobIds: [expect.any(String)], sourceId: crashed.id, err: expect.objectContaining({ message: "ECONNRESET 10.0.0.3:5432" }) }),
    ]);
    expect(await served(tenantId, bot.id)).toEqual([]);
    const listed = await caller.knowledge.list({ id: bot.id });
    expect(listed.map((s) => s.status)).toEqual(["FAILED", "FAILED"]);
  });

  test("replacing a document is atomic: old passages are served until the new ones commit", async () => {
    const { caller, bot, tenantId } = await tenantWithBot("Replace Co");
    const doc = await caller.knowledge.addDocument({ botId: bot.id, title: "Shipping", content: longDoc(3, "parcel") });
    await drainIngestion(t.db);
    expect(await served(tenantId, bot.id)).toHaveLength(3);

    await caller.knowledge.updateDocument({ id: doc.id, title: "Shipping", content: longDoc(130, "freight") });
    const during: string[][] = [];
    await drainIngestion(t.db, {
      async onProgress() {
        during.push(await served(tenantId, bot.id));
      },
    });
    expect(during.length).toBeGreaterThan(1);
    for (const answers of during) {
      expect(answers).toHaveLength(3);
      expect(answers.every((a) => a.includes("parcel"))).toBe(true);
    }
    const after = await served(tenantId, bot.id);
    expect(after).toHaveLength(130);
    expect(after.every((a) => a.includes("freight"))).toBe(true);
    expect(await sourceRow(doc.id)).toMatchObject({ status: "READY", _count: { chunks: 130 } });
  });

  test("a document deleted while it is indexing stays deleted", async () => {
    const { caller, bot, tenantId } = await tenantWithBot("Delete Co");
    const doc = await caller.knowledge.addDocument({ botId: bot.id, title: "Warranty", content: longDoc(200, "warranty") });
    let deleted = false;
    await drainIngestion(t.db, {
      async onProgress() {
        if (deleted) return;
        deleted = true;
        await caller.knowledge.delete({ id: doc.id });
      },
    });
    expect(deleted).toBe(true);
    expect(await t.db.knowledgeSource.count({ where: { id: doc.id } })).toBe(0);
    expect(await t.db.knowledgeChunk.count({ where: { sourceId: doc.id } })).toBe(0);
    expect(await served(tenantId, bot.id)).toEqual([]);
  });

  test("two workers never index the same source twice", async () => {
    const { caller, bot } = await tenantWithBot("Race Co");
    const docs = await Promise.all(
      ["alpha", "beta", "gamma", "delta"].map((topic) => caller.knowledge.addDocument({ botId: bot.id, title: topic, content: longDoc(5, topic) })),
    );
    // A duplicate job for one source (as a double click on retry could make) must not index it again.
    const boss = await bossFor(t.db);
    await boss.send(INGESTION_QUEUE, { tenantId: (await sourceTenant(docs[0]!.id)), sourceId: docs[0]!.id });

    const indexed: string[] = [];
    const hooks = { log: (line: string) => void (line.includes(": ready") && indexed.push(line.split(" ")[1]!.replace(":", ""))) };
    const a = startIngestionWorker(t.db, { ...hooks, concurrency: 2, pollMs: 20 });
    const b = startIngestionWorker(t.db, { ...hooks, concurrency: 2, pollMs: 20 });
    for (let i = 0; i < 200 && (await t.db.knowledgeSource.count({ where: { id: { in: docs.map((d) => d.id) }, status: { not: "READY" } } })) > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await drainIngestion(t.db); // the duplicate job, if not already taken
    await Promise.all([a.stop(), b.stop()]);
    expect(indexed.sort()).toEqual(docs.map((d) => d.id).sort());
    for (const doc of docs) expect(await sourceRow(doc.id)).toMatchObject({ status: "READY", _count: { chunks: 5 } });
  });

  test("small documents of several tenants are indexed together; one failing fails alone", async () => {
    const a = await tenantWithBot("Batch A");
    const b = await tenantWithBot("Batch B");
    const add = (owner: typeof a, topic: string) => owner.caller.knowledge.addDocument({ botId: owner.bot.id, title: topic, content: longDoc(4, topic) });
    const [a1, b1, a2, bad, b2] = [await add(a, "apples"), await add(b, "bananas"), await add(a, "apricots"), await add(a, "broken"), await add(b, "berries")];
    const progressed: string[] = [];
    const outcomes = await ingestSources(
      t.db,
      ([[a, a1], [b, b1], [a, a2], [a, bad], [b, b2], [a, a1]] as const).map(([owner, s]) => ({ tenantId: owner.tenantId, sourceId: s!.id })),
      {
        logger: quiet,
        onProgress({ sourceId }) {
          progressed.push(sourceId);
          if (sourceId === bad!.id) throw new Error("disk full");
        },
      },
    );
    // In job order; the second job of a1 in the same batch is a duplicate.
    expect(outcomes).toEqual(["ready", "ready", "ready", "failed", "ready", "skipped"]);
    expect(progressed).toHaveLength(5);
    expect(await sourceRow(bad!.id)).toMatchObject({ status: "FAILED", _count: { chunks: 0 } });
    for (const doc of [a1, a2, b1, b2]) expect(await sourceRow(doc!.id)).toMatchObject({ status: "READY", chunksTotal: 4, _count: { chunks: 4 } });
    // Each tenant's chunks are its own.
    expect((await served(a.tenantId, a.bot.id)).sort()).toEqual(expect.arrayContaining([expect.stringContaining("apples"), expect.stringContaining("apricots")]));
    expect((await served(a.tenantId, a.bot.id)).some((x) => /bananas|berries/.test(x))).toBe(false);
    expect((await served(b.tenantId, b.bot.id)).every((x) => /bananas|berries/.test(x))).toBe(true);
    // A job naming a source with another tenant's id does nothing.
    expect(await ingestSources(t.db, [{ tenantId: b.tenantId, sourceId: a1!.id }])).toEqual(["skipped"]);
  });

  test("a worker started in the process picks up a new document within a second", async () => {
    const { caller, bot } = await tenantWithBot("Fast Co");
    const worker = startIngestionWorker(t.db, { log: () => {}, pollMs: 60_000 });
    try {
      const started = Date.now();
      const doc = await caller.knowledge.addDocument({ botId: bot.id, title: "Hours", content: "We are open from nine to five on weekdays." });
      while ((await sourceRow(doc.id)).status !== "READY" && Date.now() - started < 5000) await new Promise((r) => setTimeout(r, 20));
      expect((await sourceRow(doc.id)).status).toBe("READY");
      expect(Date.now() - started).toBeLessThan(3000); // woken by the enqueue, not its 60 s poll
    } finally {
      await worker.stop();
    }
  });

  test("a failed document can be retried; other sources cannot", async () => {
    const { caller, bot, tenantId } = await tenantWithBot("Retry Co");
    const doc = await caller.knowledge.addDocument({ botId: bot.id, title: "Fees", content: "The card fee is two percent." });
    // A transient failure (an outage mid-indexing) leaves it FAILED with a reason.
    await ingestSourceFailingOnce(doc.id, tenantId);
    expect(await sourceRow(doc.id)).toMatchObject({ status: "FAILED" });

    const retried = await caller.knowledge.retry({ id: doc.id });
    expect(retried).toMatchObject({ status: "QUEUED", error: null });
    await drainIngestion(t.db);
    expect(await sourceRow(doc.id)).toMatchObject({ status: "READY", error: null, _count: { chunks: 1 } });
    expect(await served(tenantId, bot.id)).toEqual(["The card fee is two percent."]);

    await expect(caller.knowledge.retry({ id: doc.id })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  test("knowledge.retry on another tenant's source is NOT_FOUND", async () => {
    const a = await tenantWithBot("Tenant A");
    const b = await tenantWithBot("Tenant B");
    const doc = await a.caller.knowledge.addDocument({ botId: a.bot.id, title: "Notes", content: "Some notes." });
    await ingestSourceFailingOnce(doc.id, a.tenantId);
    expect(await sourceRow(doc.id)).toMatchObject({ status: "FAILED" });
    await expect(b.caller.knowledge.retry({ id: doc.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await sourceRow(doc.id)).toMatchObject({ status: "FAILED" });
  });
});

describe("indexing lost with its worker (a process killed mid-job)", () => {
  /** What a worker killed mid-job leaves: its job taken (active), the source INDEXING with partial progress, untouched for longer than the lease. */
  async function abandonMidJob(sourceId: string) {
    const boss = await bossFor(t.db);
    const jobs = await boss.fetch<{ sourceId: string }>(INGESTION_QUEUE, { batchSize: 50 });
    expect(jobs.map((job) => job.data.sourceId)).toContain(sourceId);
    await t.db.$executeRaw`UPDATE "KnowledgeSource" SET "status" = 'INDEXING', "chunksDone" = 64, "chunksTotal" = 100, "updatedAt" = ${new Date(Date.now() - INGESTION_LEASE_MS - 1000)} WHERE "id" = ${sourceId}`;
  }

  test("its source is queued again and indexed; the third interruption ends FAILED with a reason, and Retry starts afresh", async () => {
    const { caller, bot, tenantId } = await tenantWithBot("Crash Co");
    const doc = await caller.knowledge.addDocument({ botId: bot.id, title: "Tariffs", content: longDoc(100, "tariff") });

    await abandonMidJob(doc.id);
    expect(await served(tenantId, bot.id)).toEqual([]);
    const first = await recoverInterruptedIngestion(t.db);
    expect(first).toEqual({ requeued: [doc.id], failed: [] });
    expect(await sourceRow(doc.id)).toMatchObject({ status: "QUEUED", chunksDone: 0, error: null, _count: { chunks: 0 } });
    // Sweeping again finds nothing: the new job is live and the source was just touched.
    expect(await recoverInterruptedIngestion(t.db)).toEqual({ requeued: [], failed: [] });

    for (let lost = 2; lost <= MAX_INTERRUPTIONS; lost++) {
      await abandonMidJob(doc.id);
      expect(await recoverInterruptedIngestion(t.db)).toEqual(lost < MAX_INTERRUPTIONS ? { requeued: [doc.id], failed: [] } : { requeued: [], failed: [doc.id] });
    }
    const failed = await sourceRow(doc.id);
    expect(failed).toMatchObject({ status: "FAILED", _count: { chunks: 0 } });
    expect(failed.error).toMatch(/^Indexing was interrupted several times/);
    expect(await served(tenantId, bot.id)).toEqual([]);
    const [listed] = await caller.knowledge.list({ id: bot.id });
    expect(listed).toMatchObject({ status: "FAILED", error: failed.error });

    await caller.knowledge.retry({ id: doc.id });
    await drainIngestion(t.db);
    expect(await sourceRow(doc.id)).toMatchObject({ status: "READY", error: null, _count: { chunks: 100 } });
    expect(await t.db.knowledgeSource.findFirstOrThrow({ where: { id: doc.id }, select: { interruptions: true } })).toEqual({ interruptions: 0 });
    expect(await served(tenantId, bot.id)).toHaveLength(100);
  });

  test("a re-indexed document keeps serving its old passages while its lost run is recovered", async () => {
    const { caller, bot, tenantId } = await tenantWithBot("Resync Co");
    const doc = await caller.knowledge.addDocument({ botId: bot.id, title: "Shipping", content: longDoc(3, "parcel") });
    await drainIngestion(t.db);
    await caller.knowledge.updateDocument({ id: doc.id, title: "Shipping", content: longDoc(100, "freight") });
    await abandonMidJob(doc.id);
    expect((await served(tenantId, bot.id)).every((a) => a.includes("parcel"))).toBe(true);
    expect(await recoverInterruptedIngestion(t.db)).toEqual({ requeued: [doc.id], failed: [] });
    expect(await served(tenantId, bot.id)).toHaveLength(3);
    await drainIngestion(t.db);
    const after = await served(tenantId, bot.id);
    expect(after).toHaveLength(100);
    expect(after.every((a) => a.includes("freight"))).toBe(true);
  });

  test("a live worker keeps its sources by heartbeat, however long a document takes", async () => {
    const { caller, bot } = await tenantWithBot("Slow Co");
    const [large, waiting] = [
      await caller.knowledge.addDocument({ botId: bot.id, title: "Large", content: longDoc(200, "customs") }),
      await caller.knowledge.addDocument({ botId: bot.id, title: "Waiting", content: longDoc(150, "duties") }),
    ];
    const leaseMs = 300;
    const swept: string[] = [];
    let paused = false;
    await drainIngestion(t.db, {
      leaseMs,
      async onProgress() {
        if (paused) return;
        paused = true;
        // Three leases between two batches: only heartbeats keep both claimed sources (the one
        // indexing and the one waiting its turn in the same fetch) from being taken as abandoned.
        const until = Date.now() + 3 * leaseMs;
        while (Date.now() < until) {
          const { requeued, failed } = await recoverInterruptedIngestion(t.db, { leaseMs });
          swept.push(...requeued, ...failed);
          await new Promise((resolve) => setTimeout(resolve, leaseMs / 3));
        }
      },
    });
    expect(swept).toEqual([]);
    for (const doc of [large, waiting]) expect(await sourceRow(doc.id)).toMatchObject({ status: "READY", error: null });
  });

  test("a queued document whose job is gone is queued again; one whose job waits is left alone", async () => {
    const { caller, bot } = await tenantWithBot("Lost Job Co");
    const lost = await caller.knowledge.addDocument({ botId: bot.id, title: "Lost", content: "The lost job's text." });
    const boss = await bossFor(t.db);
    const [job] = await boss.fetch<{ sourceId: string }>(INGESTION_QUEUE);
    expect(job?.data.sourceId).toBe(lost.id);
    await boss.cancel(INGESTION_QUEUE, job!.id); // as pg-boss ends a job after its last retry
    const waiting = await caller.knowledge.addDocument({ botId: bot.id, title: "Waiting", content: "The waiting job's text." });
    const longAgo = new Date(Date.now() - INGESTION_LEASE_MS - 1000);
    await t.db.$executeRaw`UPDATE "KnowledgeSource" SET "updatedAt" = ${longAgo} WHERE "id" IN (${lost.id}, ${waiting.id})`;

    expect(await recoverInterruptedIngestion(t.db)).toEqual({ requeued: [lost.id], failed: [] });
    await drainIngestion(t.db);
    for (const doc of [lost, waiting]) expect(await sourceRow(doc.id)).toMatchObject({ status: "READY", _count: { chunks: 1 } });
  });
});

async function sourceTenant(id: string) {
  return (await t.db.knowledgeSource.findFirstOrThrow({ where: { id }, select: { tenantId: true } })).tenantId;
}

/** Runs the source's job with a progress hook that throws, as an outage mid-indexing would. */
async function ingestSourceFailingOnce(sourceId: string, tenantId: string) {
  const outcome = await ingestSource(t.db, { tenantId, sourceId }, {
    logger: quiet,
    onProgress() {
      throw new Error("connection reset");
    },
  });
  expect(outcome).toBe("failed");
  await drainIngestion(t.db); // the original job now finds the source FAILED and skips it
}
