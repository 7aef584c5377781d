import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import pg from "pg";
import { createDb } from "./client.ts";
import { startEmbeddedDatabase } from "./embedded.ts";

const dataDir = await mkdtemp(path.join(tmpdir(), "kefu-embedded-"));
afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe("embedded database server", () => {
  it("keeps concurrent clients' extended-protocol exchanges and transactions apart", async () => {
    const port = 56000 + Math.floor(Math.random() * 1000);
    const server = await startEmbeddedDatabase({ port });
    const pool = new pg.Pool({ connectionString: server.url, max: 8 });
    try {
      // Statements with different parameter counts, interleaved across connections.
      const results = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          i % 2
            ? pool.query<{ v: string }>("SELECT $1::int + $2::int AS v", [i, 1]).then((r) => Number(r.rows[0]!.v) === i + 1)
            : pool.query<{ v: string }>("SELECT $1::text || $2::text || $3::text AS v", ["a", String(i), "z"]).then((r) => r.rows[0]!.v === `a${i}z`),
        ),
      );
      expect(results.every(Boolean)).toBe(true);

      // Transactions on different connections: each sees only its own uncommitted rows.
      await pool.query("CREATE TABLE counter (owner text, n int)");
      const runs = await Promise.all(
        ["a", "b", "c", "d"].map(async (owner) => {
          const client = await pool.connect();
          try {
            await client.query("BEGIN");
            for (let n = 0; n < 5; n++) await client.query("INSERT INTO counter VALUES ($1, $2)", [owner, n]);
            const seen = await client.query<{ c: string }>("SELECT count(*) AS c FROM counter");
            await client.query(owner === "d" ? "ROLLBACK" : "COMMIT");
            return Number(seen.rows[0]!.c);
          } finally {
            client.release();
          }
        }),
      );
      // Whole transactions ran one after another: each saw its own 5 rows plus those
      // committed before it, never another's half-done work.
      expect(runs.every((seen) => seen % 5 === 0)).toBe(true);
      expect(new Set(runs).size).toBe(4);
      const total = await pool.query<{ c: string }>("SELECT count(*) AS c FROM counter");
      expect(Number(total.rows[0]!.c)).toBe(15);
    } finally {
      await pool.end();
      await server.stop();
    }
  });

  it("runs two apps' concurrent Prisma transactions and queries without stalls or mix-ups", async () => {
    // pglite-socket's own queue stalls on this workload (see wire-server.ts).
    const port = 57000 + Math.floor(Math.random() * 1000);
    const server = await startEmbeddedDatabase({ port });
    const apps = [createDb(server.url), createDb(server.url)];
    try {
      const tenant = await apps[0]!.tenant.create({ data: { name: "busy" } });
      const outcomes = await Promise.all(
        Array.from({ length: 300 }, async (_, i) => {
          const db = apps[i % 2]!;
          if (i % 3 === 0) {
            // Prisma's own limits on a transaction (2 s to start, 5 s to finish) are not what is
            // tested: on a busy machine 100 transactions queued at once can exceed them.
            return db.$transaction(
              async (tx) => {
                await tx.knowledgeBase.create({ data: { tenantId: tenant.id, name: `kb ${i}` } });
                return (await tx.knowledgeBase.count({ where: { tenantId: tenant.id, name: `kb ${i}` } })) === 1;
              },
              { maxWait: 60_000, timeout: 60_000 },
            );
          }
          if (i % 3 === 1) return Array.isArray(await db.knowledgeBase.findMany({ where: { tenantId: tenant.id, name: { startsWith: "kb" } }, take: 5 }));
          return (await db.tenant.findFirst({ where: { id: tenant.id, name: "busy" } }))?.id === tenant.id;
        }),
      );
      expect(outcomes.every(Boolean)).toBe(true);
      expect(await apps[1]!.knowledgeBase.count({ where: { tenantId: tenant.id } })).toBe(100);
    } finally {
      await Promise.all(apps.map((db) => db.$disconnect()));
      await server.stop();
    }
  }, 120_000); // a stall never ends; 300 round trips on a busy machine can take over 30 s

  it("closes a connection left idle inside a transaction while others wait, and rolls it back", async () => {
    const port = 58000 + Math.floor(Math.random() * 1000);
    const logged: string[] = [];
    const server = await startEmbeddedDatabase({ port, idleInTransactionMs: 500, log: (line) => logged.push(line) });
    const idle = new pg.Client({ connectionString: server.url });
    const other = new pg.Client({ connectionString: server.url });
    // Its connection is closed under it: without a listener the error would crash the test run.
    idle.on("error", () => undefined);
    try {
      await idle.connect();
      await idle.query("CREATE TABLE held (n int)");
      await idle.query("BEGIN");
      await idle.query("INSERT INTO held VALUES (1)");
      // The idle client never commits; the other one is served once the wait is over.
      const started = Date.now();
      await other.connect();
      expect(Number((await other.query<{ c: string }>("SELECT count(*) AS c FROM held")).rows[0]!.c)).toBe(0);
      expect(Date.now() - started).toBeGreaterThanOrEqual(400);
      await expect(idle.query("COMMIT")).rejects.toThrow();
      expect(logged.some((line) => line.includes("idle in a transaction"))).toBe(true);
      // A transaction that keeps talking is never cut off, however long it lasts.
      await other.query("BEGIN");
      for (let n = 0; n < 6; n++) {
        await other.query("INSERT INTO held VALUES ($1)", [n]);
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
      await other.query("COMMIT");
      expect(Number((await other.query<{ c: string }>("SELECT count(*) AS c FROM held")).rows[0]!.c)).toBe(6);
    } finally {
      await other.end().catch(() => undefined);
      await idle.end().catch(() => undefined);
      await server.stop();
    }
  });

  it("serves migrated Postgres over the wire and keeps data across restarts", async () => {
    const port = 55000 + Math.floor(Math.random() * 1000);
    const first = await startEmbeddedDatabase({ dataDir, port });
    const db = createDb(first.url);
    const tenant = await db.tenant.create({ data: { name: "Persistent" } });
    // Several connections at once, each in its own transaction.
    const names = await Promise.all(
      [1, 2, 3, 4].map((i) => db.$transaction(async (tx) => (await tx.knowledgeBase.create({ data: { tenantId: tenant.id, name: `kb ${i}` } })).name)),
    );
    expect(names.sort()).toEqual(["kb 1", "kb 2", "kb 3", "kb 4"]);
    await db.$disconnect();
    await first.stop();

    const second = await startEmbeddedDatabase({ dataDir, port });
    const again = createDb(second.url);
    expect(await again.tenant.findUnique({ where: { id: tenant.id }, select: { name: true } })).toEqual({ name: "Persistent" });
    expect(await again.knowledgeBase.count({ where: { tenantId: tenant.id } })).toBe(4);
    await again.$disconnect();
    await second.stop();
  });
});
