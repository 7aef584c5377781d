import { createDb, type Db } from "@kefu/db";
import { startEmbeddedDatabase } from "@kefu/db/embedded";
import PgBoss from "pg-boss";
import { describe, expect, it, vi } from "vitest";
import { useTestDb } from "../../testing/index.ts";
import { bossFor, maintainQueues } from "./queue.ts";
import { prismaBossDb, splitSqlScript } from "./sql-adapter.ts";

// pg-boss, the queue behind background ingestion, on each database path Kefu
// runs on: in-memory PGlite through Prisma (tests, eval, bench), and the
// embedded wire server reached with `pg` (pg-boss's own pool) or Prisma's adapter-pg (the apps).

/** Install, create a queue, a job enqueued in a rolled-back and a committed transaction, fetch, complete, maintain. */
async function exercise(boss: PgBoss, db: Db | null) {
  await boss.start();
  await boss.createQueue("probe");
  if (db) {
    await expect(
      db.$transaction(async (tx) => {
        await boss.send("probe", { n: 0 }, { db: prismaBossDb(tx) });
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    await db.$transaction(async (tx) => {
      expect(await boss.send("probe", { n: 1 }, { db: prismaBossDb(tx) })).toEqual(expect.any(String));
    });
  } else {
    await boss.send("probe", { n: 1 });
  }
  const [job] = await boss.fetch<{ n: number }>("probe");
  expect(job?.data).toEqual({ n: 1 });
  expect(await boss.fetch("probe")).toEqual([]); // the rolled-back job never existed; the fetched one is taken
  expect(await boss.complete("probe", job!.id)).toMatchObject({ affected: 1 });
  await boss.maintain();
  await boss.stop({ graceful: false, close: true });
}

const t = useTestDb();

describe("pg-boss", () => {
  it("runs on in-memory PGlite through Prisma, enqueueing inside Prisma transactions", async () => {
    await exercise(new PgBoss({ db: prismaBossDb(t.db), supervise: false, schedule: false }), t.db);
  });

  it("runs over the wire server, with its own pg pool and through Prisma's adapter-pg", async () => {
    const port = 41000 + Math.floor(Math.random() * 8000); // outside the app's and other tests' ranges
    const server = await startEmbeddedDatabase({ port });
    const db = createDb(server.url);
    try {
      await exercise(new PgBoss({ connectionString: server.url, max: 2, supervise: false, schedule: false }), null);
      await exercise(new PgBoss({ db: prismaBossDb(db), supervise: false, schedule: false }), db);
    } finally {
      await db.$disconnect();
      await server.stop();
    }
  });
});

describe("maintainQueues", () => {
  it("runs pg-boss maintenance once per half interval per database, whichever worker asks", async () => {
    const boss = await bossFor(t.db);
    const maintain = vi.spyOn(boss, "maintain");
    try {
      const t0 = 1_000_000;
      expect(await maintainQueues(t.db, 60_000, t0)).toBe(true); // ingestion worker
      expect(await maintainQueues(t.db, 60_000, t0 + 5)).toBe(false); // notification worker, same minute
      expect(maintain).toHaveBeenCalledTimes(1);
      expect(await maintainQueues(t.db, 60_000, t0 + 30_000)).toBe(true);
      expect(maintain).toHaveBeenCalledTimes(2);
    } finally {
      maintain.mockRestore();
    }
  });
});

describe("splitSqlScript", () => {
  it("splits on top-level semicolons only", () => {
    const script = `BEGIN; SELECT 'a;b'; -- c;d
      CREATE FUNCTION f() RETURNS void AS $$ BEGIN PERFORM 1; END; $$ LANGUAGE plpgsql; SELECT "x;y" FROM t;COMMIT;`;
    expect(splitSqlScript(script)).toEqual([
      "BEGIN",
      "SELECT 'a;b'",
      "-- c;d\n      CREATE FUNCTION f() RETURNS void AS $$ BEGIN PERFORM 1; END; $$ LANGUAGE plpgsql",
      'SELECT "x;y" FROM t',
      "COMMIT",
    ]);
  });
});
