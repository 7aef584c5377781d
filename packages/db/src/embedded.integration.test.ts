import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "./client.ts";
import { startEmbeddedDatabase } from "./embedded.ts";

const dataDir = await mkdtemp(path.join(tmpdir(), "kefu-embedded-"));
afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe("embedded database server", () => {
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
