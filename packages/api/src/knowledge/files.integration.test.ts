import { type Db } from "@kefu/db";
import { ILL_FORMED_TEXT_MESSAGE, MAX_FAQ_IMPORT_ROWS } from "@kefu/domain";
import { describe, expect, it } from "vitest";
import { drainIngestion } from "./ingestion-worker.ts";
import { importedDocumentContent } from "./sources.ts";
import { describeError } from "../platform/errors.ts";
import { expectCode, ownerOfNewTenant, useTestDb, withWireDatabase } from "../testing/index.ts";
import { buildXlsx } from "../testing/xlsx.ts";

// Input limits of knowledge imports, at the limit and just past it, and text that is not
// well-formed UTF-16: refused with a field error when typed, repaired when it comes in a file.
const t = useTestDb();
const botInput = { name: "Shop", greeting: "Hi", instructions: "", language: "en" as const, brandColor: "#112233" };
const b64 = (bytes: Uint8Array | string) => Buffer.from(bytes).toString("base64");

/** n FAQ rows as a table (header first): a question, an answer, two alternatives and a category each. */
const faqTable = (n: number): string[][] => [
  ["question", "answer", "alternatives", "category"],
  ...Array.from({ length: n }, (_, i) => [
    `How do I change setting ${i + 1} of my order?`,
    `Open your account, choose order settings and edit setting ${i + 1}; the change applies to the next delivery.`,
    `where is setting ${i + 1}|edit option ${i + 1}`,
    `Orders ${i % 10}`,
  ]),
];
const csvOf = (table: string[][]) => table.map((row) => row.map((cell) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(",")).join("\n") + "\n";

async function newBot(db: Db, name: string) {
  const owner = await ownerOfNewTenant(db, name);
  const bot = await owner.caller.bot.create(botInput);
  return { ...owner, bot };
}

const storedOf = async (db: Db, tenantId: string) => ({
  sources: await db.knowledgeSource.count({ where: { tenantId } }),
  chunks: await db.knowledgeChunk.count({ where: { tenantId } }),
});

describe("FAQ table import at its row limit", () => {
  it(`imports ${MAX_FAQ_IMPORT_ROWS} CSV rows, all of them, listed in the file's order`, { timeout: 120_000 }, async () => {
    const { caller, tenantId, bot } = await newBot(t.db, "CsvMax");
    const before = Date.now();
    expect(await caller.knowledge.importFaqCsv({ botId: bot.id, csv: csvOf(faqTable(MAX_FAQ_IMPORT_ROWS)) })).toEqual({ imported: 2000 });
    // Each entry: its question and two alternatives are its chunks.
    expect(await storedOf(t.db, tenantId)).toEqual({ sources: 2000, chunks: 6000 });

    const sources = await caller.knowledge.list({ id: bot.id });
    expect(sources).toHaveLength(2000);
    // Newest first, as when each entry was created on its own: the file's last row on top.
    expect(sources[0]).toMatchObject({ kind: "FAQ", status: "READY", question: "How do I change setting 2000 of my order?", title: "How do I change setting 2000 of my order?", alternatives: ["where is setting 2000", "edit option 2000"], category: "Orders 9", _count: { chunks: 3 } });
    expect(sources.at(-1)?.question).toBe("How do I change setting 1 of my order?");
    expect(new Set(sources.map((s) => s.createdAt.getTime())).size).toBe(2000);
    for (const s of [sources[0]!, sources.at(-1)!]) {
      expect(s.createdAt.getTime()).toBeGreaterThanOrEqual(before - 2_500);
      expect(s.createdAt.getTime()).toBeLessThanOrEqual(Date.now());
    }

    const answer = await caller.knowledge.playground({ botId: bot.id, question: "where is setting 1234" });
    expect(answer.citations[0]?.title).toBe("How do I change setting 1234 of my order?");
  });

  it(`refuses ${MAX_FAQ_IMPORT_ROWS + 1} CSV rows with a clear message and saves nothing`, async () => {
    const { caller, tenantId, bot } = await newBot(t.db, "CsvOver");
    const error = await expectCode(caller.knowledge.importFaqCsv({ botId: bot.id, csv: csvOf(faqTable(MAX_FAQ_IMPORT_ROWS + 1)) }), "BAD_REQUEST");
    expect(error.message).toBe("At most 2000 FAQ entries per file; this one has 2001.");
    expect(describeError(error, "r1").data).toMatchObject({ reason: "csv_too_many_rows", fieldErrors: null });
    expect(await storedOf(t.db, tenantId)).toEqual({ sources: 0, chunks: 0 });
  });

  it(`imports ${MAX_FAQ_IMPORT_ROWS} XLSX rows and refuses ${MAX_FAQ_IMPORT_ROWS + 1} (the same path)`, { timeout: 120_000 }, async () => {
    const { caller, tenantId, bot } = await newBot(t.db, "XlsxMax");
    const over = await expectCode(caller.knowledge.importFaqXlsx({ botId: bot.id, dataBase64: b64(buildXlsx(faqTable(MAX_FAQ_IMPORT_ROWS + 1))) }), "BAD_REQUEST");
    expect(over.message).toBe("At most 2000 FAQ entries per file; this one has 2001.");
    expect(await storedOf(t.db, tenantId)).toEqual({ sources: 0, chunks: 0 });

    expect(await caller.knowledge.importFaqXlsx({ botId: bot.id, dataBase64: b64(buildXlsx(faqTable(MAX_FAQ_IMPORT_ROWS))) })).toEqual({ imported: 2000 });
    expect(await storedOf(t.db, tenantId)).toEqual({ sources: 2000, chunks: 6000 });
  });

  it("stays all or nothing: one bad row among 2,000 saves none of them", async () => {
    const { caller, tenantId, bot } = await newBot(t.db, "CsvOneBad");
    const table = faqTable(MAX_FAQ_IMPORT_ROWS);
    table[1500]![1] = "";
    const error = await expectCode(caller.knowledge.importFaqCsv({ botId: bot.id, csv: csvOf(table) }), "BAD_REQUEST");
    expect(error.message).toBe("Nothing was imported. Fix line 1501: Answer is required.");
    expect(await storedOf(t.db, tenantId)).toEqual({ sources: 0, chunks: 0 });
  });

  // In-memory test databases do not enforce Prisma's interactive-transaction timeout; the apps'
  // driver (adapter-pg, here to the embedded wire server) does: 2,000 rows failed there after 5 s.
  it(`imports ${MAX_FAQ_IMPORT_ROWS} rows through the apps' Postgres driver too`, { timeout: 180_000 }, async () => {
    await withWireDatabase(async (db) => {
      const { caller, tenantId, bot } = await newBot(db, "CsvWire");
      expect(await caller.knowledge.importFaqCsv({ botId: bot.id, csv: csvOf(faqTable(MAX_FAQ_IMPORT_ROWS)) })).toEqual({ imported: 2000 });
      expect(await storedOf(db, tenantId)).toEqual({ sources: 2000, chunks: 6000 });
    });
  });
});

describe("text that is not well-formed UTF-16", () => {
  const HIGH = "\ud800";

  it("typed FAQ and document text gets a field error naming the field, and nothing is stored", async () => {
    const { caller, tenantId, bot } = await newBot(t.db, "LoneTyped");
    const faq = await expectCode(caller.knowledge.addFaq({ botId: bot.id, question: "Refunds?", alternatives: ["ok", `money back ${HIGH}`], answer: "Yes." }), "BAD_REQUEST");
    expect(describeError(faq, "r1")).toEqual({
      message: ILL_FORMED_TEXT_MESSAGE,
      data: { reason: "invalid_input", requestId: "r1", fieldErrors: { "alternatives.1": [ILL_FORMED_TEXT_MESSAGE] } },
    });
    const doc = await expectCode(caller.knowledge.addDocument({ botId: bot.id, title: "Hours", content: `Open ${HIGH} daily.` }), "BAD_REQUEST");
    expect(describeError(doc, "r2").data.fieldErrors).toEqual({ content: [ILL_FORMED_TEXT_MESSAGE] });
    expect(describeError(await expectCode(caller.knowledgeBase.create({ name: `KB ${HIGH}` }), "BAD_REQUEST"), "r3").data.fieldErrors).toEqual({ name: [ILL_FORMED_TEXT_MESSAGE] });
    // An id is text too: a typed error, not a server error.
    await expectCode(caller.knowledge.delete({ id: `c${HIGH}` }), "BAD_REQUEST");
    expect(await storedOf(t.db, tenantId)).toEqual({ sources: 0, chunks: 0 });

    // The same entry, well-formed, is saved.
    await caller.knowledge.addFaq({ botId: bot.id, question: "Refunds?", alternatives: ["ok", "money back \ud83d\udcb0"], answer: "Yes." });
    expect((await caller.knowledge.list({ id: bot.id }))[0]?.alternatives).toEqual(["ok", "money back \ud83d\udcb0"]);
  });

  it("imported files are repaired (U+FFFD) and stored: CSV cells, HTML character references, titles clipped inside an emoji", { timeout: 120_000 }, async () => {
    const { caller, tenantId, bot } = await newBot(t.db, "LoneFiles");
    expect(await caller.knowledge.importFaqCsv({ botId: bot.id, csv: `question,answer\nPay ${HIGH}?,By card \udc00.\n` })).toEqual({ imported: 1 });
    expect((await caller.knowledge.list({ id: bot.id }))[0]).toMatchObject({ question: "Pay \uFFFD?", answer: "By card \uFFFD." });

    const page = await caller.knowledge.uploadFile({
      botId: bot.id,
      filename: "faq.html",
      dataBase64: b64("<title>Help &#xD800;</title><body><p>Returns &#xDC00; within 30 days.</p></body>"),
    });
    expect(page.title).toBe("Help \uFFFD");
    expect((await caller.knowledge.getDocument({ id: page.id })).content).toBe("Returns \uFFFD within 30 days.");

    // A first heading of 199 characters and an emoji: the 200-character title cuts the pair.
    const heading = `${"a".repeat(199)}\ud83d\ude00`;
    const clipped = await caller.knowledge.uploadFile({ botId: bot.id, filename: "long.md", dataBase64: b64(`# ${heading}\n\nSome text.`) });
    expect(clipped.title).toBe(`${"a".repeat(199)}\uFFFD`);

    // A PDF's text layer goes through the same check as pages and uploads, repaired first.
    expect(importedDocumentContent(`Broken \udbff glyph.`, { reason: "pdf_invalid", fallback: "The PDF has no text." })).toBe("Broken \uFFFD glyph.");

    await drainIngestion(t.db);
    const stored = await t.db.knowledgeSource.findMany({ where: { tenantId }, select: { status: true } });
    expect(stored.map((s) => s.status)).toEqual(["READY", "READY", "READY"]);
  });
});
