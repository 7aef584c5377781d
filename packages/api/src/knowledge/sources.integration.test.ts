import { createServer, type Server } from "node:http";
import { type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { drainIngestion } from "./ingestion-worker.ts";
import { importWebPage } from "./sources.ts";
import { resyncDueSources, resyncUrl } from "./url-sync.ts";
import { DEFAULT_WEB_FETCH_POLICY, type WebFetchPolicy } from "./web-page.ts";
import { expectCode, ownerOfNewTenant, useTestDb } from "../testing/index.ts";
import { buildXlsx } from "../testing/xlsx.ts";

// Knowledge sources beyond the basics: XLSX FAQ import, document file upload,
// URL re-sync (on demand and scheduled), several knowledge bases per bot, search.
const t = useTestDb();
const botInput = { name: "Shop", greeting: "Hi", instructions: "", language: "en" as const, brandColor: "#112233" };

const b64 = (bytes: Uint8Array | string) => Buffer.from(bytes).toString("base64");

/** Documents are indexed by a background job: let queued work finish before reading chunks or asking. */
const settle = () => drainIngestion(t.db);

// A loopback web server whose pages the tests change; reached through a test fetch policy.
let server: Server;
let port = 0;
const pages = new Map<string, string>();
beforeAll(async () => {
  server = createServer((req, res) => {
    const page = pages.get(req.url ?? "");
    if (page === undefined) return res.writeHead(404).end();
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});
const policy = (): WebFetchPolicy => ({
  ...DEFAULT_WEB_FETCH_POLICY,
  ports: [String(port)],
  resolve: async () => [{ address: "127.0.0.1", family: 4 }],
  isAllowedAddress: (address) => address === "127.0.0.1",
});
const pageUrl = (path: string) => `http://help.acme.test:${port}${path}`;
const html = (title: string, sections: [string, string][]) =>
  `<html><head><title>${title}</title></head><body><main>${sections.map(([h, p]) => `<h2>${h}</h2><p>${p}</p>`).join("")}</main></body></html>`;

describe("XLSX FAQ import", () => {
  it("imports every row with categories, in English or Chinese headers", async () => {
    const { caller } = await ownerOfNewTenant(t.db, "Xlsx");
    const bot = await caller.bot.create(botInput);
    const xlsx = buildXlsx([
      ["问题", "答案", "其他问法", "分类"],
      ["怎么退款？", "请在订单页点击“申请退款”。", "我想退款|退货流程", "售后"],
      ["How many days to return?", 30, null, null],
    ]);
    expect(await caller.knowledge.importFaqXlsx({ botId: bot.id, filename: "faq.xlsx", dataBase64: b64(xlsx) })).toEqual({ imported: 2 });
    await settle();
    const sources = await caller.knowledge.list({ id: bot.id });
    expect(sources.map((s) => [s.question, s.answer, s.alternatives, s.category]).sort()).toEqual([
      ["How many days to return?", "30", [], null],
      ["怎么退款？", "请在订单页点击“申请退款”。", ["我想退款", "退货流程"], "售后"],
    ]);
    expect((await caller.knowledge.playground({ botId: bot.id, question: "我想退款" })).decision).toBe("answer");
  });

  it("imports nothing when a row is bad and names the rows to fix; refuses a corrupt or old-format file", async () => {
    const { caller } = await ownerOfNewTenant(t.db, "XlsxBad");
    const bot = await caller.bot.create(botInput);
    const bad = buildXlsx([["question", "answer"], ["Pay?", "By card."], ["Refunds?", null], [null, "Orphan answer"]]);
    const error = await expectCode(caller.knowledge.importFaqXlsx({ botId: bot.id, dataBase64: b64(bad) }), "BAD_REQUEST");
    expect(error.message).toBe("Nothing was imported. Fix row 3: Answer is required; row 4: A question cannot be empty.");
    const noHeader = buildXlsx([["title", "body"], ["x", "y"]]);
    expect((await expectCode(caller.knowledge.importFaqXlsx({ botId: bot.id, dataBase64: b64(noHeader) }), "BAD_REQUEST")).message).toMatch(/"question" and "answer"/);

    const good = buildXlsx([["question", "answer"], ["Pay?", "By card."]]);
    const truncated = await expectCode(caller.knowledge.importFaqXlsx({ botId: bot.id, dataBase64: b64(good.slice(0, good.length - 40)) }), "BAD_REQUEST");
    expect(truncated.message).toMatch(/not a readable Excel workbook/);
    // Not a workbook at all: judged by the bytes (knowledge/file-types.ts).
    for (const [other, looks] of [[new TextEncoder().encode("question,answer\nPay?,Card\n"), "text"], [new Uint8Array(64).fill(7), "text"], [new Uint8Array(64).fill(0x80), "binary data"]] as const) {
      const refused = await expectCode(caller.knowledge.importFaqXlsx({ botId: bot.id, dataBase64: b64(other) }), "BAD_REQUEST");
      expect(refused.message).toMatch(new RegExp(`^This file is not an Excel workbook \\(\\.xlsx\\) \\(it looks like ${looks}`));
    }
    const xls = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]);
    expect((await expectCode(caller.knowledge.importFaqXlsx({ botId: bot.id, dataBase64: b64(xls) }), "BAD_REQUEST")).message).toMatch(/old Excel file/);
    const tooBig = "A".repeat(7_000_100);
    expect((await expectCode(caller.knowledge.importFaqXlsx({ botId: bot.id, dataBase64: tooBig }), "BAD_REQUEST")).message).toMatch(/larger than 5 MB/);
    expect(await caller.knowledge.list({ id: bot.id })).toEqual([]);
  });

  it("CSV import shares the same rules and now reads a category column", async () => {
    const { caller } = await ownerOfNewTenant(t.db, "CsvCat");
    const bot = await caller.bot.create(botInput);
    const error = await expectCode(caller.knowledge.importFaqCsv({ botId: bot.id, csv: "question,answer\nPay?,Card\nRefunds?,\n" }), "BAD_REQUEST");
    expect(error.message).toBe("Nothing was imported. Fix line 3: Answer is required.");
    await caller.knowledge.importFaqCsv({ botId: bot.id, csv: "question,answer,category\nPay?,By card.,Billing\n" });
    expect((await caller.knowledge.list({ id: bot.id }))[0]).toMatchObject({ question: "Pay?", category: "Billing" });
  });
});

describe("document file upload", () => {
  it("stores Markdown, text and HTML files as documents titled from their heading, <title> or name", async () => {
    const { caller } = await ownerOfNewTenant(t.db, "Upload");
    const bot = await caller.bot.create(botInput);
    const upload = (filename: string, text: string | Uint8Array) => caller.knowledge.uploadFile({ botId: bot.id, filename, dataBase64: b64(text) });

    const md = await upload("shipping.md", "\uFEFF# Shipping policy\n\nParcels to Europe arrive within four working days.");
    expect(md).toMatchObject({ kind: "MARKDOWN", title: "Shipping policy", fileName: "shipping.md" });
    const txt = await upload("营业时间.txt", "我们每天早上九点开门，晚上六点关门。");
    expect(txt).toMatchObject({ kind: "MARKDOWN", title: "营业时间", fileName: "营业时间.txt" });
    const page = await upload("returns.HTML", html("Returns &amp; refunds", [["Returns", "Return any item within 30 days for a full refund."]]));
    expect(page).toMatchObject({ kind: "MARKDOWN", title: "Returns & refunds", fileName: "returns.HTML" });
    expect((await caller.knowledge.getDocument({ id: page.id })).content).toBe("## Returns\n\nReturn any item within 30 days for a full refund.");
    const untitled = await upload("warranty.htm", "<h1>Warranty</h1><p>Two years on every product.</p>");
    expect(untitled.title).toBe("Warranty");
    await settle();

    expect((await caller.knowledge.playground({ botId: bot.id, question: "How long do I have to return an item?" })).citations[0]?.title).toBe("Returns & refunds");
  });

  it("refuses other types, non-UTF-8 text, binary and empty files with clear messages", async () => {
    const { caller } = await ownerOfNewTenant(t.db, "UploadBad");
    const bot = await caller.bot.create(botInput);
    const upload = (filename: string, data: string | Uint8Array) => caller.knowledge.uploadFile({ botId: bot.id, filename, dataBase64: b64(data) });
    expect((await expectCode(upload("contract.docx", "PK..."), "BAD_REQUEST")).message).toMatch(/"\.docx" files cannot be uploaded/);
    expect((await expectCode(upload("README", "text"), "BAD_REQUEST")).message).toMatch(/without an extension/);
    expect((await expectCode(upload("latin1.txt", new Uint8Array([0x43, 0x61, 0x66, 0xe9])), "BAD_REQUEST")).message).toMatch(/not UTF-8/);
    expect((await expectCode(upload("binary.md", new Uint8Array([0x41, 0, 0x42])), "BAD_REQUEST")).message).toMatch(/not a text document/);
    expect((await expectCode(upload("empty.md", "   \n"), "BAD_REQUEST")).message).toMatch(/empty/);
    expect(await caller.knowledge.list({ id: bot.id })).toEqual([]);
  });
});

describe("URL re-sync", () => {
  it("skips re-indexing unchanged content, swaps changed passages and records what changed", async () => {
    const owner = await ownerOfNewTenant(t.db, "Resync");
    const bot = await owner.caller.bot.create(botInput);
    pages.set("/delivery", html("Delivery", [["Europe", "Parcels to Europe arrive within four working days."], ["Tracking", "The tracking link is in the confirmation email."]]));
    const source = await importWebPage(t.db, { tenantId: owner.tenantId, botId: bot.id, url: pageUrl("/delivery"), policy: policy() });
    await settle();
    const chunkIds = async () => (await t.db.knowledgeChunk.findMany({ where: { tenantId: owner.tenantId, sourceId: source.id }, orderBy: { id: "asc" } })).map((c) => c.id);
    const before = await chunkIds();

    const same = await resyncUrl(t.db, owner.tenantId, source.id, { policy: policy() });
    expect(same).toMatchObject({ changed: false, change: { added: 0, removed: 0, unchanged: before.length } });
    expect(await chunkIds()).toEqual(before); // not re-indexed

    pages.set("/delivery", html("Delivery", [["Europe", "Parcels to Europe arrive within three working days."], ["Tracking", "The tracking link is in the confirmation email."], ["Asia", "Parcels to Asia arrive within ten working days."]]));
    const changed = await resyncUrl(t.db, owner.tenantId, source.id, { policy: policy() });
    await settle();
    expect(changed.changed).toBe(true);
    expect(changed.change).toEqual({ added: 2, removed: 1, unchanged: 1 });
    const listed = (await owner.caller.knowledge.list({ id: bot.id })).find((s) => s.id === source.id)!;
    expect(listed.lastSyncChange).toEqual({ added: 2, removed: 1, unchanged: 1 });
    expect(listed.lastSyncedAt).toEqual(changed.lastSyncedAt);
    const answer = await owner.caller.knowledge.playground({ botId: bot.id, question: "How long do parcels to Asia take?" });
    expect(answer.passages.map((p) => p.passage)).toContain("Parcels to Asia arrive within ten working days.");
    const passages = (await t.db.knowledgeChunk.findMany({ where: { tenantId: owner.tenantId, sourceId: source.id } })).map((c) => c.answer);
    expect(passages).toContain("Parcels to Europe arrive within three working days.");
    expect(passages).not.toContain("Parcels to Europe arrive within four working days.");

    // Through the API the real policy applies: this loopback test page is refused, the error is kept on the source.
    await expectCode(owner.caller.knowledge.resyncUrl({ id: source.id }), "BAD_REQUEST");
    const failed = await t.db.knowledgeSource.findFirstOrThrow({ where: { id: source.id, tenantId: owner.tenantId } });
    expect(failed.error).toMatch(/^Re-sync failed: /);
    expect(failed.status).toBe("READY"); // the old passages are still served
    // Only URL sources re-sync.
    const faq = await owner.caller.knowledge.addFaq({ botId: bot.id, question: "Q?", alternatives: [], answer: "A." });
    await expectCode(owner.caller.knowledge.resyncUrl({ id: faq.id }), "NOT_FOUND");
    await expectCode(owner.caller.knowledge.setSyncSchedule({ id: faq.id, intervalHours: 24 }), "NOT_FOUND");
  });

  it("re-syncs due sources of every tenant on schedule; one failure does not stop the others", async () => {
    const a = await ownerOfNewTenant(t.db, "SchedA");
    const b = await ownerOfNewTenant(t.db, "SchedB");
    const aBot = await a.caller.bot.create(botInput);
    const bBot = await b.caller.bot.create(botInput);
    pages.set("/a", html("A", [["Hours", "Open from nine to five."]]));
    pages.set("/b", html("B", [["Hours", "Open around the clock."]]));
    const aSource = await importWebPage(t.db, { tenantId: a.tenantId, botId: aBot.id, url: pageUrl("/a"), policy: policy() });
    const bSource = await importWebPage(t.db, { tenantId: b.tenantId, botId: bBot.id, url: pageUrl("/b"), policy: policy() });
    const unscheduled = await importWebPage(t.db, { tenantId: a.tenantId, botId: aBot.id, url: pageUrl("/b"), policy: policy() });
    await settle();

    const now = Date.now();
    const scheduled = await a.caller.knowledge.setSyncSchedule({ id: aSource.id, intervalHours: 24 });
    expect(scheduled.syncIntervalHours).toBe(24);
    expect(scheduled.nextSyncAt!.getTime()).toBeGreaterThanOrEqual(now + 24 * 3_600_000 - 5_000);
    await b.caller.knowledge.setSyncSchedule({ id: bSource.id, intervalHours: 1 });
    await expectCode(a.caller.knowledge.setSyncSchedule({ id: aSource.id, intervalHours: 5 as 1 }), "BAD_REQUEST");

    // Nothing is due yet.
    expect(await resyncDueSources(t.db, new Date(now + 60_000), { policy: policy() })).toEqual({ synced: 0, unchanged: 0, failed: 0 });

    pages.set("/a", html("A", [["Hours", "Open from eight to six."]]));
    pages.delete("/b"); // B's page is gone: its sync fails, A's still runs
    const later = new Date(now + 25 * 3_600_000);
    expect(await resyncDueSources(t.db, later, { policy: policy() })).toEqual({ synced: 1, unchanged: 0, failed: 1 });
    await settle();
    const [aAfter, bAfter, untouched] = await Promise.all([
      t.db.knowledgeSource.findFirstOrThrow({ where: { id: aSource.id, tenantId: a.tenantId } }),
      t.db.knowledgeSource.findFirstOrThrow({ where: { id: bSource.id, tenantId: b.tenantId } }),
      t.db.knowledgeSource.findFirstOrThrow({ where: { id: unscheduled.id, tenantId: a.tenantId } }),
    ]);
    expect(aAfter).toMatchObject({ lastSyncedAt: later, error: null, content: "## Hours\n\nOpen from eight to six." });
    expect(aAfter.nextSyncAt!.getTime()).toBe(later.getTime() + 24 * 3_600_000);
    expect(bAfter.error).toBe("Re-sync failed: The page answered with HTTP 404.");
    expect(bAfter.nextSyncAt!.getTime()).toBe(later.getTime() + 3_600_000); // retried an interval later, not hammered
    expect(untouched.lastSyncedAt).toBeNull();
    // Run again at the same instant: nothing is due twice.
    expect(await resyncDueSources(t.db, later, { policy: policy() })).toEqual({ synced: 0, unchanged: 0, failed: 0 });

    const cleared = await a.caller.knowledge.setSyncSchedule({ id: aSource.id, intervalHours: null });
    expect(cleared).toMatchObject({ syncIntervalHours: null, nextSyncAt: null });
  });
});

describe("several knowledge bases per bot", () => {
  it("answers from every linked knowledge base, and stops when one is unlinked", async () => {
    const { caller } = await ownerOfNewTenant(t.db, "MultiKb");
    const bot = await caller.bot.create(botInput);
    const other = await caller.bot.create({ ...botInput, name: "Other" });
    const [primary] = await caller.knowledgeBase.list();
    expect(primary).toMatchObject({ name: "Shop knowledge", sourceCount: 0, bots: [{ id: bot.id, name: "Shop" }] });

    const shared = await caller.knowledgeBase.create({ name: "Warranty", botId: bot.id });
    expect(shared.bots).toEqual([{ id: bot.id, name: "Shop" }]);
    await caller.knowledge.addFaq({ botId: bot.id, knowledgeBaseId: shared.id, question: "How long is the warranty?", alternatives: [], answer: "Two years on every product." });
    // A knowledge base must be linked to the bot a source is added through.
    const foreign = (await caller.knowledgeBase.list()).find((kb) => kb.bots.some((b) => b.id === other.id))!;
    const notLinked = await expectCode(caller.knowledge.addFaq({ botId: bot.id, knowledgeBaseId: foreign.id, question: "Q?", alternatives: [], answer: "A." }), "NOT_FOUND");
    expect(notLinked.message).toBe("This knowledge base is not used by this bot.");
    await expectCode(caller.knowledge.uploadFile({ botId: bot.id, knowledgeBaseId: foreign.id, filename: "a.md", dataBase64: b64("# A\n\nText.") }), "NOT_FOUND");
    await settle();

    const sources = await caller.knowledge.list({ id: bot.id });
    expect(sources.map((s) => s.knowledgeBase.name)).toEqual(["Warranty"]);
    expect((await caller.knowledge.playground({ botId: bot.id, question: "how long is the warranty" })).decision).toBe("answer");
    expect((await caller.knowledge.playground({ botId: other.id, question: "how long is the warranty" })).decision).toBe("no_knowledge");

    // The same knowledge base serves a second bot.
    const linked = await caller.knowledgeBase.link({ botId: other.id, knowledgeBaseId: shared.id });
    expect(linked.bots.map((b) => b.name).sort()).toEqual(["Other", "Shop"]);
    await caller.knowledgeBase.link({ botId: other.id, knowledgeBaseId: shared.id }); // idempotent
    expect((await caller.knowledge.playground({ botId: other.id, question: "how long is the warranty" })).decision).toBe("answer");

    await caller.knowledgeBase.unlink({ botId: bot.id, knowledgeBaseId: shared.id });
    expect((await caller.knowledge.playground({ botId: bot.id, question: "how long is the warranty" })).decision).toBe("no_knowledge");
    expect(await caller.knowledge.list({ id: bot.id })).toEqual([]);

    // A bot always keeps one knowledge base: its last one can be neither unlinked nor deleted.
    expect((await expectCode(caller.knowledgeBase.unlink({ botId: bot.id, knowledgeBaseId: primary!.id }), "CONFLICT")).message).toMatch(/without a knowledge base/);
    await expectCode(caller.knowledgeBase.delete({ id: primary!.id }), "CONFLICT");
    await expectCode(caller.knowledgeBase.unlink({ botId: bot.id, knowledgeBaseId: shared.id }), "NOT_FOUND"); // not linked any more

    const renamed = await caller.knowledgeBase.rename({ id: shared.id, name: "保修" });
    expect(renamed.name).toBe("保修");
    // "Other" still has its own knowledge base, so the shared one can go, with its sources.
    await caller.knowledgeBase.delete({ id: shared.id });
    expect((await caller.knowledge.playground({ botId: other.id, question: "how long is the warranty" })).decision).toBe("no_knowledge");
    expect((await caller.knowledgeBase.list()).map((kb) => kb.id)).not.toContain(shared.id);
  });
});

describe("knowledge search", () => {
  it("finds sources of the bot's knowledge bases by any field, case-insensitively, in Chinese too", async () => {
    const { caller } = await ownerOfNewTenant(t.db, "Search");
    const bot = await caller.bot.create(botInput);
    const other = await caller.bot.create({ ...botInput, name: "Other" });
    await caller.knowledge.addFaq({ botId: bot.id, question: "怎么退款？", alternatives: ["Refund please"], answer: "请在订单页点击申请退款，三天内到账。" });
    await caller.knowledge.addDocument({ botId: bot.id, title: "Shipping", content: "# Shipping\n\nWe ship with DHL to 30 countries. Express delivery costs extra." });
    await caller.knowledge.addFaq({ botId: other.id, question: "Refund for the other bot?", alternatives: [], answer: "Not this bot." });

    const zh = await caller.knowledge.search({ botId: bot.id, query: "退款" });
    expect(zh).toHaveLength(1);
    expect(zh[0]).toMatchObject({ kind: "FAQ", title: "怎么退款？", field: "question", snippet: { before: "怎么", match: "退款", after: "？" }, knowledgeBaseName: "Shop knowledge" });
    const alt = await caller.knowledge.search({ botId: bot.id, query: "REFUND" });
    expect(alt.map((r) => [r.title, r.field, r.snippet.match])).toEqual([["怎么退款？", "alternatives", "Refund"]]);
    const doc = await caller.knowledge.search({ botId: bot.id, query: "dhl" });
    expect(doc[0]).toMatchObject({ title: "Shipping", field: "content", snippet: { match: "DHL" } });
    // LIKE wildcards are plain characters here.
    expect(await caller.knowledge.search({ botId: bot.id, query: "%" })).toEqual([]);
    await expectCode(caller.knowledge.search({ botId: bot.id, query: "  " }), "BAD_REQUEST");
  });
});

describe("tenant isolation of the new procedures", () => {
  it("tenant B gets NOT_FOUND on tenant A's bots, sources and knowledge bases", async () => {
    const a = await ownerOfNewTenant(t.db, "IsoA");
    const b = await ownerOfNewTenant(t.db, "IsoB");
    const aBot = await a.caller.bot.create(botInput);
    const bBot = await b.caller.bot.create(botInput);
    pages.set("/iso", html("Iso", [["Hours", "Open from nine to five."]]));
    const aUrl = await importWebPage(t.db, { tenantId: a.tenantId, botId: aBot.id, url: pageUrl("/iso"), policy: policy() });
    const [aKb] = await a.caller.knowledgeBase.list();
    const xlsx = b64(buildXlsx([["question", "answer"], ["Injected?", "Yes."]]));

    await expectCode(b.caller.knowledge.importFaqXlsx({ botId: aBot.id, dataBase64: xlsx }), "NOT_FOUND");
    await expectCode(b.caller.knowledge.importFaqXlsx({ botId: bBot.id, knowledgeBaseId: aKb!.id, dataBase64: xlsx }), "NOT_FOUND");
    await expectCode(b.caller.knowledge.uploadFile({ botId: aBot.id, filename: "x.md", dataBase64: b64("# X\n\nInjected.") }), "NOT_FOUND");
    await expectCode(b.caller.knowledge.importFaqCsv({ botId: bBot.id, knowledgeBaseId: aKb!.id, csv: "question,answer\nQ,A\n" }), "NOT_FOUND");
    await expectCode(b.caller.knowledge.addDocument({ botId: bBot.id, knowledgeBaseId: aKb!.id, title: "X", content: "Injected." }), "NOT_FOUND");
    await expectCode(b.caller.knowledge.resyncUrl({ id: aUrl.id }), "NOT_FOUND");
    await expectCode(b.caller.knowledge.setSyncSchedule({ id: aUrl.id, intervalHours: 1 }), "NOT_FOUND");
    await expectCode(b.caller.knowledge.search({ botId: aBot.id, query: "nine" }), "NOT_FOUND");
    await expectCode(b.caller.knowledgeBase.create({ name: "Mine", botId: aBot.id }), "NOT_FOUND");
    await expectCode(b.caller.knowledgeBase.rename({ id: aKb!.id, name: "Hijacked" }), "NOT_FOUND");
    await expectCode(b.caller.knowledgeBase.delete({ id: aKb!.id }), "NOT_FOUND");
    await expectCode(b.caller.knowledgeBase.link({ botId: bBot.id, knowledgeBaseId: aKb!.id }), "NOT_FOUND");
    await expectCode(b.caller.knowledgeBase.link({ botId: aBot.id, knowledgeBaseId: aKb!.id }), "NOT_FOUND");
    await expectCode(b.caller.knowledgeBase.unlink({ botId: aBot.id, knowledgeBaseId: aKb!.id }), "NOT_FOUND");
    expect((await b.caller.knowledgeBase.list()).map((kb) => kb.id)).not.toContain(aKb!.id);
    expect(await b.caller.knowledge.search({ botId: bBot.id, query: "nine" })).toEqual([]);

    // Nothing of A's changed.
    expect((await a.caller.knowledgeBase.list())[0]).toMatchObject({ id: aKb!.id, name: aKb!.name, sourceCount: 1, bots: [{ id: aBot.id }] });
    expect(await t.db.knowledgeSource.findFirstOrThrow({ where: { id: aUrl.id, tenantId: a.tenantId } })).toMatchObject({ syncIntervalHours: null, error: null });
  });
});
