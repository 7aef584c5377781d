import { describe, expect, it } from "vitest";
import { openPGlite } from "./embedded.ts";
import { pgliteExecutor } from "./executors.ts";
import { applyMigrations, listMigrations } from "./migrate.ts";
import { createTestDb } from "./testing.ts";

describe("migrations on the embedded Postgres", () => {
  it("applies every checked-in migration once, then is a no-op", async () => {
    const pglite = await openPGlite();
    const executor = pgliteExecutor(pglite);
    const all = await listMigrations();
    const first = await applyMigrations(executor);
    expect(first.applied).toEqual(all.map((m) => m.name));
    const second = await applyMigrations(executor);
    expect(second).toEqual({ applied: [], alreadyApplied: all.length });
    const ext = await executor.query<{ extname: string }>("SELECT extname FROM pg_extension WHERE extname = 'vector'");
    expect(ext).toHaveLength(1);
    await pglite.close();
  });

  it("refuses a migration edited after it was applied", async () => {
    const pglite = await openPGlite();
    const executor = pgliteExecutor(pglite);
    await applyMigrations(executor);
    await executor.exec(`UPDATE "_prisma_migrations" SET checksum = 'tampered'`);
    await expect(applyMigrations(executor)).rejects.toThrow(/edited after it was applied/);
    await pglite.close();
  });
});

describe("schema and migrations", () => {
  it("have no schema change without its migration", async () => {
    const { readFile } = await import("node:fs/promises");
    const schema = await readFile(new URL("../prisma/schema.prisma", import.meta.url), "utf8");
    const snapshot = await readFile(new URL("../prisma/migrations/schema.snapshot.prisma", import.meta.url), "utf8");
    // After editing schema.prisma, run `npm run migration:new -w @kefu/db -- <name>`.
    expect(schema).toBe(snapshot);
  });
});

describe("hardened client", () => {
  it("omits password hashes and refuses undefined bulk filters", async () => {
    const { db, close } = await createTestDb();
    const user = await db.user.create({ data: { email: "a@example.com", name: "A", passwordHash: "secret" } });
    expect(user).not.toHaveProperty("passwordHash");
    const withHash = await db.user.findUniqueOrThrow({ where: { id: user.id }, omit: { passwordHash: false } });
    expect(withHash.passwordHash).toBe("secret");
    await expect(db.user.deleteMany({ where: { email: undefined } })).rejects.toThrow(/undefined/);
    expect(await db.user.count()).toBe(1);
    await close();
  });
});
