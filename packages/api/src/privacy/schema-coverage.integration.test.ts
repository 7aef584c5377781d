import { describe, expect, it } from "vitest";
import { useTestDb } from "../testing/index.ts";

// What belongs to a visitor is the schema's foreign keys: the export reads them from the catalog
// and deletion relies on their ON DELETE CASCADE. This holds the two to Prisma's data model, so a
// model added later with a relation to visitors or conversations that would not be exported and
// deleted with them (no foreign key, or one that keeps the row: SET NULL, RESTRICT) fails here.
// (Outbox rows name conversations in their payload, without a key: visitor-data.ts handles them.)
const t = useTestDb();

interface RuntimeDataModel {
  models: Record<string, { dbName: string | null; fields: { kind: string; type: string }[] }>;
}

const OWNERS = ["Visitor", "Conversation"];

describe("what belongs to a visitor", () => {
  it("every model related to visitors or conversations is a foreign key the catalog finds, and children cascade", async () => {
    // Prisma's data model (the DMMF the client carries).
    const { models } = (t.db as unknown as { _runtimeDataModel: RuntimeDataModel })._runtimeDataModel;
    const related = Object.entries(models)
      .filter(([name, model]) => !OWNERS.includes(name) && model.fields.some((f) => f.kind === "object" && OWNERS.includes(f.type)))
      .map(([name, model]) => model.dbName ?? name)
      .sort();

    const keys = await t.db.$queryRaw<{ child: string; parent: string; onDelete: string }[]>`
      SELECT src.relname::text AS "child", dst.relname::text AS "parent", c.confdeltype::text AS "onDelete"
      FROM pg_constraint c
      JOIN pg_class src ON src.oid = c.conrelid
      JOIN pg_class dst ON dst.oid = c.confrelid
      WHERE c.contype = 'f' AND (src.relname IN ('Visitor', 'Conversation') OR dst.relname IN ('Visitor', 'Conversation'))`;
    const children = keys.filter((k) => OWNERS.includes(k.parent) && !OWNERS.includes(k.child));
    const parents = keys.filter((k) => OWNERS.includes(k.child) && !OWNERS.includes(k.parent)).map((k) => k.parent);
    expect([...new Set([...children.map((k) => k.child), ...parents])].sort()).toEqual(related);
    // Children go with the visitor or conversation ('c' = ON DELETE CASCADE); so do conversations with their visitor.
    expect(children.filter((k) => k.onDelete !== "c")).toEqual([]);
    expect(keys.find((k) => k.child === "Conversation" && k.parent === "Visitor")?.onDelete).toBe("c");
    // The children today, for the reader: messages and events of conversations, device tokens of visitors.
    expect(children.map((k) => k.child).sort()).toEqual(expect.arrayContaining(["ConversationEvent", "Message"]));
  });
});
