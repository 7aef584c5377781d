import { answerConfidence, DEFAULT_ANSWER_THRESHOLD, hashedNgramEmbedding } from "@kefu/domain";
import { beforeAll, describe, expect, it } from "vitest";
import { knowledgeBaseIdsForBot } from "../bots/index.ts";
import {
  botKnowledgeScope,
  knowledgeIndexes,
  lastKnowledgeSync,
  resetRetrievalCache,
  RETRIEVAL_CACHE_LIMITS,
  retrieveKnowledge,
  retrieverForQuestion,
  type QueryEmbedder,
} from "./retrieval-cache.ts";
import { indexPendingVectors, markLargeKnowledgeBases } from "./vector-index.ts";
import { builtinVectors } from "./vector-search.ts";
import { drainIngestion } from "./ingestion-worker.ts";
import { ownerOfNewTenant, useTestDb } from "../testing/index.ts";

const t = useTestDb();

type Owner = Awaited<ReturnType<typeof ownerOfNewTenant>>;
let a: Owner;
let b: Owner;
let aBot: string;
let aKbs: string[];
let bKbs: string[];

const SECRET = "What is the secret launch code of tenant B?";

beforeAll(async () => {
  a = await ownerOfNewTenant(t.db, "Retrieval A");
  b = await ownerOfNewTenant(t.db, "Retrieval B");
  const botA = await a.caller.bot.create({ name: "A", greeting: "Hi", instructions: "", language: "en", brandColor: "#000000" });
  const botB = await b.caller.bot.create({ name: "B", greeting: "Hi", instructions: "", language: "en", brandColor: "#000000" });
  aBot = botA.id;
  await a.caller.knowledge.addFaq({ botId: botA.id, question: "How long does shipping take?", alternatives: ["delivery time"], answer: "3 to 5 days." });
  await a.caller.knowledge.addFaq({ botId: botA.id, question: "Can I return an item?", alternatives: ["refund policy"], answer: "Within 30 days." });
  // Tenant B: many chunks, all nearer to the query than anything of tenant A.
  for (let i = 0; i < 6; i++) {
    await b.caller.knowledge.addFaq({
      botId: botB.id,
      question: `${SECRET} (${i})`,
      alternatives: [SECRET.replace("secret", "hidden"), `${SECRET} number ${i}`],
      answer: `B's code ${i}`,
    });
  }
  aKbs = await knowledgeBaseIdsForBot(t.db, a.tenantId, botA.id);
  bKbs = await knowledgeBaseIdsForBot(t.db, b.tenantId, botB.id);
});

describe("vector search in Postgres", () => {
  it.each([
    ["the HNSW index", false],
    ["an exact scan", true],
  ])("is filtered by tenant inside the SQL (%s): tenant B's nearer chunks never come back, nor starve A's", async (_, exact) => {
    const aChunks = await t.db.knowledgeChunk.findMany({ where: { tenantId: a.tenantId }, select: { id: true, sourceId: true } });
    const ids = new Set(aChunks.map((c) => c.id));
    if (!exact) {
      // Put both tenants' chunks in the (partial) HNSW index, as for knowledge bases past the exact-scan size.
      for (const owner of [a, b]) {
        const source = await t.db.knowledgeSource.findFirstOrThrow({ where: { tenantId: owner.tenantId } });
        await markLargeKnowledgeBases(t.db, [{ tenantId: owner.tenantId, sourceId: source.id }], 0);
      }
      while ((await indexPendingVectors(t.db)) > 0);
    }
    // On tables this small the planner prefers the tenant index and a sort; without sorts it
    // has to walk the HNSW index, as it does on large knowledge bases.
    const evidence = await t.db.$transaction(async (tx) => {
      if (!exact) {
        await tx.$executeRawUnsafe("SET LOCAL enable_sort = off");
        await tx.$executeRawUnsafe("SET LOCAL enable_seqscan = off");
        const plan = await tx.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(
          `EXPLAIN SELECT "id" FROM "KnowledgeChunk" WHERE "tenantId" = 'x' AND "annIndexed" ORDER BY "embedding" <=> '[${hashedNgramEmbedding("x").join(",")}]'::vector LIMIT 3`,
        );
        expect(plan.map((r) => r["QUERY PLAN"]).join("\n")).toContain("KnowledgeChunk_embedding_hnsw_idx");
      }
      return builtinVectors(tx, { tenantId: a.tenantId, knowledgeBaseIds: aKbs }, hashedNgramEmbedding(SECRET), { exact }).search(3, []);
    });
    const vectors = builtinVectors(t.db, { tenantId: a.tenantId, knowledgeBaseIds: aKbs }, hashedNgramEmbedding(SECRET), { exact });
    // A has 4 chunks: a LIMIT applied before the tenant filter would return fewer than 3.
    expect(evidence.nearest).toHaveLength(3);
    for (const c of evidence.nearest) expect(ids.has(c.chunkId)).toBe(true);
    for (const id of evidence.chunks.keys()) expect(ids.has(id)).toBe(true);
    // Exact features for the requested sources and the nearest chunks' sources.
    const all = await vectors.search(100, [aChunks[0]!.sourceId]);
    expect([...all.chunks.keys()].sort()).toEqual([...ids].sort());
    for (let i = 1; i < all.nearest.length; i++) expect(all.nearest[i - 1]!.cosine).toBeGreaterThanOrEqual(all.nearest[i]!.cosine);
    // Even when asked with B's knowledge-base and source ids, tenant A's query sees nothing of B.
    const bSources = (await t.db.knowledgeSource.findMany({ where: { tenantId: b.tenantId }, select: { id: true } })).map((s) => s.id);
    const cross = await builtinVectors(t.db, { tenantId: a.tenantId, knowledgeBaseIds: bKbs }, hashedNgramEmbedding(SECRET), { exact }).search(10, bSources);
    expect(cross).toEqual({ nearest: [], chunks: new Map() });

    const hits = await retrieveKnowledge(t.db, { tenantId: a.tenantId, knowledgeBaseIds: [...aKbs, ...bKbs] }, SECRET);
    for (const hit of hits) expect(ids.has(hit.doc.id)).toBe(true);
    const own = await retrieveKnowledge(t.db, { tenantId: b.tenantId, knowledgeBaseIds: bKbs }, SECRET);
    expect(own[0]?.doc.answer).toMatch(/^B's code/);
  });

  it("indexes only knowledge bases past the exact-scan size, and finds chunks not yet in the index", async () => {
    const c = await ownerOfNewTenant(t.db, "Retrieval C");
    const bot = await c.caller.bot.create({ name: "C", greeting: "Hi", instructions: "", language: "en", brandColor: "#000000" });
    await c.caller.knowledge.addFaq({ botId: bot.id, question: "Where is the office?", alternatives: [], answer: "Berlin." });
    const [kb] = await knowledgeBaseIdsForBot(t.db, c.tenantId, bot.id);
    const source = await t.db.knowledgeSource.findFirstOrThrow({ where: { tenantId: c.tenantId } });
    const indexed = async () => t.db.knowledgeChunk.count({ where: { tenantId: c.tenantId, annIndexed: true } });

    // Small: left out of the HNSW index, even after the worker has run.
    expect(await markLargeKnowledgeBases(t.db, [{ tenantId: c.tenantId, sourceId: source.id }])).toBe(false);
    await drainIngestion(t.db);
    expect(await indexed()).toBe(0);
    // Marked (as past the size): the worker indexes its chunks in the background.
    // Another tenant's source id marks nothing.
    expect(await markLargeKnowledgeBases(t.db, [{ tenantId: a.tenantId, sourceId: source.id }], 0)).toBe(false);
    expect(await markLargeKnowledgeBases(t.db, [{ tenantId: c.tenantId, sourceId: source.id }], 0)).toBe(true);
    expect(await markLargeKnowledgeBases(t.db, [{ tenantId: c.tenantId, sourceId: source.id }], 0)).toBe(false); // once
    await drainIngestion(t.db);
    expect(await indexed()).toBe(await t.db.knowledgeChunk.count({ where: { tenantId: c.tenantId } }));

    // A chunk added since is not in the index yet, and still found first through the index path.
    const question = "Is there a discount for zebra enthusiasts?";
    await c.caller.knowledge.addFaq({ botId: bot.id, question, alternatives: [], answer: "Yes, 10%." });
    const fresh = await t.db.knowledgeChunk.findFirstOrThrow({ where: { tenantId: c.tenantId, text: { contains: "zebra" } } });
    expect(fresh.annIndexed).toBe(false);
    const before = await builtinVectors(t.db, { tenantId: c.tenantId, knowledgeBaseIds: [kb!] }, hashedNgramEmbedding(question), { exact: false }).search(1, []);
    expect(before.nearest[0]?.chunkId).toBe(fresh.id);
    await drainIngestion(t.db);
    expect((await t.db.knowledgeChunk.findUniqueOrThrow({ where: { id: fresh.id } })).annIndexed).toBe(true);
    const after = await builtinVectors(t.db, { tenantId: c.tenantId, knowledgeBaseIds: [kb!] }, hashedNgramEmbedding(question), { exact: false }).search(1, []);
    expect(after.nearest).toEqual(before.nearest);
  });

  it("answers through the synchronous retriever interface", async () => {
    const { retriever, hits } = await retrieverForQuestion(t.db, { tenantId: a.tenantId, knowledgeBaseIds: aKbs }, "when will my delivery arrive");
    expect(retriever.retrieve("when will my delivery arrive", 5)).toEqual(hits);
    expect(hits[0]?.doc.title).toBe("How long does shipping take?");
    expect(() => retriever.retrieve("another question")).toThrow();
  });
});

describe("remote embedding models", () => {
  it("takes vector candidates from ChunkEmbedding of the bot's model key only, within the tenant", async () => {
    const chunks = await t.db.knowledgeChunk.findMany({ where: { tenantId: a.tenantId }, select: { id: true, knowledgeBaseId: true, text: true } });
    // A fake 3-d model: "refund"-like texts point one way, the rest another.
    const embed = (text: string): number[] => (/refund|return/i.test(text) ? [1, 0, 0] : [0, 1, 0]);
    for (const c of chunks) {
      await t.db.$executeRaw`INSERT INTO "ChunkEmbedding" ("chunkId", "modelKey", "tenantId", "knowledgeBaseId", "embedding")
        VALUES (${c.id}, 'fake:m3', ${a.tenantId}, ${c.knowledgeBaseId}, ${`[${embed(c.text).join(",")}]`}::vector)`;
    }
    const asked: string[] = [];
    const embedder: QueryEmbedder = {
      key: "fake:m3",
      embedQuery: (text) => {
        asked.push(text);
        return Promise.resolve([0.9, 0.1, 0]);
      },
    };
    // No word in common with "Can I return an item?": the fake model's vectors find it.
    const hits = await retrieveKnowledge(t.db, { tenantId: a.tenantId, knowledgeBaseIds: aKbs }, "money back please", { embedder });
    expect(asked).toEqual(["money back please"]);
    expect(hits[0]?.doc.title).toBe("Can I return an item?");
    expect(hits[0]?.vectorScore).toBeGreaterThan(0.9);
    // Another model key has no vectors: only lexical evidence remains.
    const other = await retrieveKnowledge(t.db, { tenantId: a.tenantId, knowledgeBaseIds: aKbs }, "money back please", { embedder: { ...embedder, key: "fake:other" } });
    expect(other.every((h) => h.vectorScore === 0)).toBe(true);
    // A model of another size than the stored vectors is a typed error, not a crash.
    await expect(
      retrieveKnowledge(t.db, { tenantId: a.tenantId, knowledgeBaseIds: aKbs }, "money back please", { embedder: { key: "fake:m3", embedQuery: () => Promise.resolve([1, 0]) } }),
    ).rejects.toMatchObject({ reason: "embedding_dimensions_mismatch" });
  });

  it("judges confidence on the built-in embedder's cosines, whatever the model's scale", async () => {
    // A model for which every text is alike (cosine 1 to everything), like remote models whose
    // unrelated texts still score high.
    const chunks = await t.db.knowledgeChunk.findMany({ where: { tenantId: a.tenantId }, select: { id: true, knowledgeBaseId: true } });
    for (const c of chunks) {
      await t.db.$executeRaw`INSERT INTO "ChunkEmbedding" ("chunkId", "modelKey", "tenantId", "knowledgeBaseId", "embedding")
        VALUES (${c.id}, 'fake:flat', ${a.tenantId}, ${c.knowledgeBaseId}, '[0,1,0]'::vector)`;
    }
    const embedder: QueryEmbedder = { key: "fake:flat", embedQuery: () => Promise.resolve([0, 1, 0]) };
    const unrelated = "What's the weather on Jupiter?";
    const hits = await retrieveKnowledge(t.db, { tenantId: a.tenantId, knowledgeBaseIds: aKbs }, unrelated, { embedder });
    expect(hits[0]?.vectorScore).toBeCloseTo(1, 6);
    expect(hits[0]?.builtinCosines?.centroid).toBeLessThan(0.3);
    expect(answerConfidence(unrelated, hits)).toBeLessThan(DEFAULT_ANSWER_THRESHOLD);
    // Taken at face value, the model's cosines would have made the bot answer.
    const faceValue = hits.map(({ builtinCosines: _, ...hit }) => hit);
    expect(answerConfidence(unrelated, faceValue)).toBeGreaterThanOrEqual(DEFAULT_ANSWER_THRESHOLD);

    // The built-in cosines are those the built-in path computes for the same chunk.
    const covered = "How long does shipping take?";
    const [remote] = await retrieveKnowledge(t.db, { tenantId: a.tenantId, knowledgeBaseIds: aKbs }, covered, { embedder });
    const [builtin] = await retrieveKnowledge(t.db, { tenantId: a.tenantId, knowledgeBaseIds: aKbs }, covered);
    expect(remote?.doc.id).toBe(builtin?.doc.id);
    expect(remote?.builtinCosines?.chunk).toBeCloseTo(builtin!.vectorScore, 5);
    expect(remote?.builtinCosines?.centroid).toBeCloseTo(builtin!.centroidScore, 5);
    expect(builtin?.builtinCosines).toBeUndefined();
    expect(answerConfidence(covered, [remote!])).toBeGreaterThanOrEqual(DEFAULT_ANSWER_THRESHOLD);
  });
});

describe("incremental lexical index", () => {
  it("reloads only the sources that changed, and drops deleted ones", async () => {
    resetRetrievalCache();
    await retrieveKnowledge(t.db, { tenantId: a.tenantId, knowledgeBaseIds: aKbs }, "shipping");
    expect(lastKnowledgeSync()).toEqual({ loaded: 2, removed: 0, unchanged: 0 });

    const added = await a.caller.knowledge.addFaq({ botId: aBot, question: "Do you ship to Mars?", alternatives: [], answer: "Not yet." });
    expect((await retrieveKnowledge(t.db, { tenantId: a.tenantId, knowledgeBaseIds: aKbs }, "ship to Mars"))[0]?.doc.answer).toBe("Not yet.");
    expect(lastKnowledgeSync()).toEqual({ loaded: 1, removed: 0, unchanged: 2 });

    await a.caller.knowledge.updateFaq({ id: added.id, question: "Do you ship to the Moon?", alternatives: [], answer: "Soon." });
    const moon = await retrieveKnowledge(t.db, { tenantId: a.tenantId, knowledgeBaseIds: aKbs }, "ship to the Moon");
    expect(moon[0]?.doc.answer).toBe("Soon.");
    expect(moon.some((h) => h.doc.answer === "Not yet.")).toBe(false);
    expect(lastKnowledgeSync()).toEqual({ loaded: 1, removed: 0, unchanged: 2 });

    await a.caller.knowledge.delete({ id: added.id });
    const gone = await retrieveKnowledge(t.db, { tenantId: a.tenantId, knowledgeBaseIds: aKbs }, "ship to the Moon");
    expect(gone.some((h) => h.doc.sourceId === added.id)).toBe(false);
    expect(lastKnowledgeSync()).toEqual({ loaded: 0, removed: 1, unchanged: 2 });

    // Unchanged knowledge: no sync at all.
    await retrieveKnowledge(t.db, { tenantId: a.tenantId, knowledgeBaseIds: aKbs }, "refund");
    expect(lastKnowledgeSync()).toEqual({ loaded: 0, removed: 1, unchanged: 2 });
  });

  it("reads a bot's knowledge bases with their versions in one query, the same versions the ORM reads, tenant-scoped", async () => {
    const scope = await botKnowledgeScope(t.db, a.tenantId, aBot);
    expect(scope.knowledgeBaseIds).toEqual([...aKbs].sort());
    const orm = await t.db.knowledgeBase.findMany({ where: { tenantId: a.tenantId, id: { in: [...aKbs] } }, select: { id: true, updatedAt: true } });
    for (const kb of orm) expect(scope.versions.get(kb.id)).toBe(kb.updatedAt.getTime());
    // Another tenant asking for this bot gets nothing.
    expect((await botKnowledgeScope(t.db, b.tenantId, aBot)).knowledgeBaseIds).toEqual([]);

    // Retrieval with these versions sees a change made since: the new FAQ moves its knowledge base's version.
    resetRetrievalCache();
    await retrieveKnowledge(t.db, scope, "shipping");
    const added = await a.caller.knowledge.addFaq({ botId: aBot, question: "Do you ship to Venus?", alternatives: [], answer: "Never." });
    const fresh = await botKnowledgeScope(t.db, a.tenantId, aBot);
    expect((await retrieveKnowledge(t.db, fresh, "ship to Venus"))[0]?.doc.answer).toBe("Never.");
    await a.caller.knowledge.delete({ id: added.id });
  });

  it("retrains each knowledge base's source classifier after a change, on that tenant's sources only", async () => {
    resetRetrievalCache();
    const labels = async (tenantId: string, knowledgeBaseIds: string[]) => {
      const [index] = await knowledgeIndexes(t.db, { tenantId, knowledgeBaseIds });
      expect(index?.classifierStale).toBe(false);
      return [...(index?.classifier?.labels ?? [])].sort();
    };
    const sourcesOf = async (tenantId: string, knowledgeBaseIds: string[]) =>
      (await t.db.knowledgeSource.findMany({ where: { tenantId, knowledgeBaseId: { in: knowledgeBaseIds } }, select: { id: true } })).map((s) => s.id).sort();

    const hits = await retrieveKnowledge(t.db, { tenantId: a.tenantId, knowledgeBaseIds: aKbs }, "how long is delivery");
    expect(hits[0]?.doc.answer).toBe("3 to 5 days.");
    expect(hits[0]!.classifierScore).toBeGreaterThan(hits[1]?.classifierScore ?? 0);
    expect(await labels(a.tenantId, aKbs)).toEqual(await sourcesOf(a.tenantId, aKbs));

    const added = await a.caller.knowledge.addFaq({ botId: aBot, question: "Do you deliver on Sundays?", alternatives: ["weekend delivery"], answer: "No." });
    await retrieveKnowledge(t.db, { tenantId: a.tenantId, knowledgeBaseIds: aKbs }, "weekend");
    expect(await labels(a.tenantId, aKbs)).toContain(added.id);
    await a.caller.knowledge.delete({ id: added.id });
    const after = await retrieveKnowledge(t.db, { tenantId: a.tenantId, knowledgeBaseIds: aKbs }, "weekend delivery");
    expect(after.some((h) => h.doc.sourceId === added.id)).toBe(false);
    expect(await labels(a.tenantId, aKbs)).toEqual(await sourcesOf(a.tenantId, aKbs));

    // Another tenant's knowledge base: its own classifier, its own sources.
    await retrieveKnowledge(t.db, { tenantId: b.tenantId, knowledgeBaseIds: bKbs }, SECRET);
    expect(await labels(b.tenantId, bKbs)).toEqual(await sourcesOf(b.tenantId, bKbs));
    expect(await knowledgeIndexes(t.db, { tenantId: a.tenantId, knowledgeBaseIds: bKbs })).toEqual([]);
  });

  it("drops the least recently used knowledge bases when classifiers hold too much memory", async () => {
    const limit = RETRIEVAL_CACHE_LIMITS.classifierBytes;
    resetRetrievalCache();
    try {
      await retrieveKnowledge(t.db, { tenantId: a.tenantId, knowledgeBaseIds: aKbs }, "shipping");
      const aSources = lastKnowledgeSync().loaded;
      await retrieveKnowledge(t.db, { tenantId: b.tenantId, knowledgeBaseIds: bKbs }, SECRET);
      // Within the limit: A is still cached, no sync at all.
      const bSync = lastKnowledgeSync();
      await retrieveKnowledge(t.db, { tenantId: a.tenantId, knowledgeBaseIds: aKbs }, "refund");
      expect(lastKnowledgeSync()).toBe(bSync);

      RETRIEVAL_CACHE_LIMITS.classifierBytes = 1;
      // Using B makes A the least recently used; over the limit, A is dropped...
      await retrieveKnowledge(t.db, { tenantId: b.tenantId, knowledgeBaseIds: bKbs }, SECRET);
      // ...and loaded again, whole, when next asked (the state in use is never dropped).
      const hits = await retrieveKnowledge(t.db, { tenantId: a.tenantId, knowledgeBaseIds: aKbs }, "how long is delivery");
      expect(lastKnowledgeSync()).toEqual({ loaded: aSources, removed: 0, unchanged: 0 });
      expect(hits[0]?.doc.answer).toBe("3 to 5 days.");
    } finally {
      RETRIEVAL_CACHE_LIMITS.classifierBytes = limit;
    }
  });
});
