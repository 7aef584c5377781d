import { createDb } from "@kefu/db";
import { startEmbeddedDatabase } from "@kefu/db/embedded";
import { describe, expect, it } from "vitest";
import { analyzeGrownTables, vacuumChangedTables } from "./table-stats.ts";
import { ownerOfNewTenant, useTestDb } from "../testing/index.ts";

const t = useTestDb();

const reltuples = async (table: string) =>
  Number((await t.db.$queryRaw<{ n: number }[]>`SELECT "reltuples"::float8 AS "n" FROM pg_class WHERE "relname" = ${table}`)[0]!.n);

describe("planner statistics on the embedded database (no autovacuum)", () => {
  it("analyzes tables the first time and again only after they grew by a fifth", async () => {
    const owner = await ownerOfNewTenant(t.db, "Stats Co");
    const bot = await owner.caller.bot.create({ name: "S", greeting: "Hi", instructions: "", language: "en", brandColor: "#000000" });
    const faq = (i: number) => owner.caller.knowledge.addFaq({ botId: bot.id, question: `Question number ${i}?`, alternatives: [`Other way ${i}`], answer: `Answer ${i}.` });
    for (let i = 0; i < 5; i++) await faq(i);

    const first = await analyzeGrownTables(t.db);
    expect(first).toEqual(expect.arrayContaining(["KnowledgeChunk", "KnowledgeSource", "Tenant"]));
    expect(await reltuples("KnowledgeChunk")).toBe(10); // known to the planner, not a guess
    expect(await analyzeGrownTables(t.db)).toEqual([]); // nothing grew

    for (let i = 5; i < 400; i++) await faq(i);
    const again = await analyzeGrownTables(t.db);
    expect(again).toContain("KnowledgeChunk");
    expect(await reltuples("KnowledgeChunk")).toBe(800);
  });

  it("vacuums the analytics rollup once at first sight, so a period's read is an index-only scan", async () => {
    const owner = await ownerOfNewTenant(t.db, "Vacuum Co");
    const others = await t.db.tenant.create({ data: { name: "Busier Co" }, select: { id: true } });
    // One tenant among busier ones: 1 row in 30 is its own.
    for (const [tenantId, bots] of [[owner.tenantId, 1], [others.id, 29]] as const) {
      await t.db.$executeRaw`
        INSERT INTO "AnalyticsDaily" ("tenantId", "botId", "day", "metric", "dimension", "value")
        SELECT ${tenantId}, 'bot' || b, DATE '2026-01-01' + d, m, h::text, 1
        FROM generate_series(1, ${bots}) b, generate_series(0, 89) d, unnest(ARRAY['heatmap', 'answer_latency', 'question']) m, generate_series(0, 23) h`;
    }
    const read = async () =>
      (
        await t.db.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(
          `EXPLAIN (ANALYZE, COSTS OFF) SELECT "dimension", SUM("value") FROM "AnalyticsDaily"
           WHERE "tenantId" = '${owner.tenantId}' AND "metric" = ANY('{heatmap,answer_latency}') AND "day" BETWEEN '2026-01-01' AND '2026-03-31' GROUP BY 1`,
        )
      )
        .map((r) => r["QUERY PLAN"])
        .join("\n");
    expect(await vacuumChangedTables(t.db, ["AnalyticsDaily"])).toEqual(["AnalyticsDaily"]);
    const plan = await read();
    expect(plan).toContain("Index Only Scan");
    expect(plan).toContain("Heap Fetches: 0");
    expect(await vacuumChangedTables(t.db, ["AnalyticsDaily"])).toEqual([]); // nothing changed since
  });

  it("works through the apps' Postgres driver too (the catalog's name type is read as text)", { timeout: 120_000 }, async () => {
    const server = await startEmbeddedDatabase({ port: 58000 + Math.floor(Math.random() * 1000) });
    const db = createDb(server.url);
    try {
      await db.tenant.create({ data: { name: "Over the wire" } });
      expect(await analyzeGrownTables(db)).toContain("Tenant");
    } finally {
      await db.$disconnect();
      await server.stop();
    }
  });
});
