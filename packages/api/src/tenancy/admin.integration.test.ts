import { describe, expect, it } from "vitest";
import { createAdminCaller } from "../admin.ts";
import { createApiContext } from "../platform/context.ts";
import { drainIngestion } from "../knowledge/index.ts";
import { verifyCredentials } from "./accounts.ts";
import { makeTextPdf } from "../testing/pdf.ts";
import { expectCode, ownerOfNewTenant, useTestDb } from "../testing/index.ts";

const t = useTestDb();

const bot = { name: "Helper", greeting: "Hi! I'm an AI assistant.", instructions: "", language: "en" as const, brandColor: "#4f46e5" };

describe("accounts", () => {
  it("signs up a tenant with an owner; the same email again answers 'check your inbox' and creates nothing", async () => {
    const input = { companyName: "Acme", email: "owner@acme.test", password: "correct horse battery" };
    const anonymous = createAdminCaller(createApiContext({ db: t.db }));
    expect(await anonymous.account.signUp(input)).toEqual({ status: "created", email: "owner@acme.test" });
    const created = { userId: (await t.db.user.findUniqueOrThrow({ where: { email: "owner@acme.test" } })).id };
    const tenants = await t.db.tenant.count();
    expect(await anonymous.account.signUp({ ...input, email: "OWNER@acme.test", password: "another password" })).toEqual({ status: "check_inbox" });
    expect(await t.db.tenant.count()).toBe(tenants);

    expect(await verifyCredentials(t.db, "owner@acme.test", "correct horse battery")).toMatchObject({ id: created.userId });
    expect(await verifyCredentials(t.db, "owner@acme.test", "wrong password")).toBeNull();
    expect(await verifyCredentials(t.db, "nobody@acme.test", "correct horse battery")).toBeNull();

    const me = await createAdminCaller(createApiContext({ db: t.db, userId: created.userId })).account.me();
    expect(me).toMatchObject({ role: "OWNER", tenant: { name: "Acme" }, user: { email: "owner@acme.test" } });
    const stored = await t.db.user.findUniqueOrThrow({ where: { id: created.userId }, omit: { passwordHash: false } });
    expect(stored.passwordHash).toMatch(/^scrypt\$/);
  });

  it("rejects malformed input with field errors and saves nothing", async () => {
    const anonymous = createAdminCaller(createApiContext({ db: t.db }));
    const before = await t.db.user.count();
    await expectCode(anonymous.account.signUp({ companyName: "", email: "nope", password: "x" }), "BAD_REQUEST");
    expect(await t.db.user.count()).toBe(before);
  });

  it("requires a session for tenant procedures", async () => {
    await expectCode(createAdminCaller(createApiContext({ db: t.db })).bot.list(), "UNAUTHORIZED");
  });
});

describe("bots", () => {
  it("creates, lists, updates and deletes a bot with its knowledge", async () => {
    const { caller } = await ownerOfNewTenant(t.db, "Bots Inc");
    const created = await caller.bot.create(bot);
    expect(created.publicId).toMatch(/^bot_[A-Za-z0-9]{20}$/);
    expect(await caller.bot.list()).toHaveLength(1);

    const updated = await caller.bot.update({ id: created.id, ...bot, name: "Renamed", language: "zh" });
    expect(updated).toMatchObject({ name: "Renamed", language: "zh", publicId: created.publicId });

    await caller.knowledge.addFaq({ botId: created.id, question: "Q?", alternatives: [], answer: "A." });
    await caller.bot.delete({ id: created.id });
    expect(await caller.bot.list()).toHaveLength(0);
    expect(await t.db.knowledgeSource.count({ where: { title: "Q?" } })).toBe(0);
    await expectCode(caller.bot.get({ id: created.id }), "NOT_FOUND");
  });

  it("keeps the saved bot when an update is invalid", async () => {
    const { caller } = await ownerOfNewTenant(t.db, "Careful");
    const created = await caller.bot.create(bot);
    await expectCode(caller.bot.update({ id: created.id, ...bot, name: "", brandColor: "blue" }), "BAD_REQUEST");
    await expectCode(caller.bot.update({ id: created.id, ...bot, greeting: "x".repeat(501) }), "BAD_REQUEST");
    expect(await caller.bot.get({ id: created.id })).toMatchObject({ name: "Helper", brandColor: "#4f46e5" });
  });

  it("answers an unknown bot id with NOT_FOUND", async () => {
    const { caller } = await ownerOfNewTenant(t.db, "Nobody");
    await expectCode(caller.bot.get({ id: "does-not-exist" }), "NOT_FOUND");
    await expectCode(caller.bot.update({ id: "does-not-exist", ...bot }), "NOT_FOUND");
    await expectCode(caller.bot.delete({ id: "does-not-exist" }), "NOT_FOUND");
  });

  it("lets agents read bots but not change them", async () => {
    const owner = await ownerOfNewTenant(t.db, "Roles");
    const created = await owner.caller.bot.create(bot);
    const agentUser = await t.db.user.create({ data: { email: "agent@roles.test", name: "Agent", passwordHash: "x" } });
    await t.db.membership.create({ data: { tenantId: owner.tenantId, userId: agentUser.id, role: "AGENT" } });
    const agent = createAdminCaller(createApiContext({ db: t.db, userId: agentUser.id }));
    expect(await agent.bot.list()).toHaveLength(1);
    await expectCode(agent.bot.update({ id: created.id, ...bot, name: "Hijack" }), "FORBIDDEN");
    await expectCode(agent.bot.delete({ id: created.id }), "FORBIDDEN");
    await expectCode(agent.knowledge.addFaq({ botId: created.id, question: "Q", answer: "A", alternatives: [] }), "FORBIDDEN");
    expect((await owner.caller.bot.get({ id: created.id })).name).toBe("Helper");
  });
});

describe("knowledge", () => {
  it("indexes FAQ entries and Markdown documents into chunks with embeddings", async () => {
    const { caller } = await ownerOfNewTenant(t.db, "Knows");
    const created = await caller.bot.create(bot);
    const faq = await caller.knowledge.addFaq({
      botId: created.id,
      question: "How do I reset my password?",
      alternatives: ["forgot password", "can't log in"],
      answer: "Use the 'Forgot password' link on the sign-in page.",
    });
    expect(faq).toMatchObject({ status: "READY", _count: { chunks: 3 } });
    const doc = await caller.knowledge.addDocument({
      botId: created.id,
      title: "Shipping policy",
      content: "# Shipping\n\nWe ship worldwide within 5 business days.\n\n## Returns\n\nReturns are free within 30 days.",
    });
    // Documents are indexed by a background job (knowledge/ingestion.integration.test.ts).
    expect(doc.status).toBe("QUEUED");
    await drainIngestion(t.db);
    expect(await t.db.knowledgeSource.findFirst({ where: { id: doc.id }, select: { status: true } })).toEqual({ status: "READY" });
    expect(await t.db.knowledgeChunk.count({ where: { sourceId: doc.id } })).toBeGreaterThanOrEqual(1);
    const rows = await t.db.$queryRaw<{ dims: number }[]>`SELECT vector_dims("embedding") AS dims FROM "KnowledgeChunk" LIMIT 1`;
    expect(rows[0]?.dims).toBe(256);

    expect((await caller.knowledge.list({ id: created.id })).map((s) => s.kind).sort()).toEqual(["FAQ", "MARKDOWN"]);
    await caller.knowledge.delete({ id: faq.id });
    expect(await t.db.knowledgeChunk.count({ where: { sourceId: faq.id } })).toBe(0);
    await expectCode(caller.knowledge.addFaq({ botId: created.id, question: "", answer: "", alternatives: [] }), "BAD_REQUEST");
    await expectCode(caller.knowledge.addDocument({ botId: created.id, title: "Big", content: "x".repeat(200_001) }), "BAD_REQUEST");
    expect(await caller.knowledge.list({ id: created.id })).toHaveLength(1);
  });

  it("edits an FAQ entry and replaces a document's passages in one step", async () => {
    const { caller, tenantId } = await ownerOfNewTenant(t.db, "Editor");
    const created = await caller.bot.create(bot);
    const faq = await caller.knowledge.addFaq({ botId: created.id, question: "Old question?", alternatives: ["old phrasing"], answer: "Old answer." });
    const edited = await caller.knowledge.updateFaq({
      id: faq.id,
      question: "How do I change my plan?",
      alternatives: ["upgrade plan", "downgrade plan", "switch plan"],
      answer: "Open Billing and pick a new plan.",
    });
    expect(edited).toMatchObject({ title: "How do I change my plan?", alternatives: ["upgrade plan", "downgrade plan", "switch plan"], _count: { chunks: 4 } });
    const texts = (await t.db.knowledgeChunk.findMany({ where: { tenantId, sourceId: faq.id }, select: { text: true } })).map((c) => c.text);
    expect(texts.sort()).toEqual(["How do I change my plan?", "downgrade plan", "switch plan", "upgrade plan"]);

    // An invalid edit changes nothing.
    await expectCode(caller.knowledge.updateFaq({ id: faq.id, question: "Q", alternatives: [], answer: "" }), "BAD_REQUEST");
    expect(await t.db.knowledgeChunk.count({ where: { tenantId, sourceId: faq.id } })).toBe(4);

    const doc = await caller.knowledge.addDocument({ botId: created.id, title: "Policy", content: "# Old\n\nThe old policy text." });
    const replaced = await caller.knowledge.updateDocument({ id: doc.id, title: "Policy v2", content: "# New\n\nThe new policy text.\n\n## More\n\nAnother new section." });
    expect(replaced.title).toBe("Policy v2");
    await drainIngestion(t.db);
    expect(await caller.knowledge.getDocument({ id: doc.id })).toMatchObject({ title: "Policy v2", content: expect.stringContaining("Another new section.") });
    const passages = await t.db.knowledgeChunk.findMany({ where: { tenantId, sourceId: doc.id }, select: { answer: true } });
    expect(passages.map((p) => p.answer).join(" ")).not.toContain("old policy");
    expect(passages.map((p) => p.answer).join(" ")).toContain("new policy");

    // A kind mismatch or an unknown id is NOT_FOUND.
    await expectCode(caller.knowledge.updateFaq({ id: doc.id, question: "Q", alternatives: [], answer: "A" }), "NOT_FOUND");
    await expectCode(caller.knowledge.updateDocument({ id: "missing", title: "T", content: "C" }), "NOT_FOUND");
  });

  it("shows in the playground what the bot would answer, the passages and why", async () => {
    const { caller, tenantId } = await ownerOfNewTenant(t.db, "Playground");
    const created = await caller.bot.create(bot);
    await caller.knowledge.addFaq({ botId: created.id, question: "What are your opening hours?", alternatives: ["when are you open"], answer: "Weekdays 9:00 to 18:00." });
    await caller.knowledge.addFaq({ botId: created.id, question: "Do you ship abroad?", alternatives: [], answer: "Yes, to 30 countries." });

    const hit = await caller.knowledge.playground({ botId: created.id, question: "when are you open?" });
    expect(hit).toMatchObject({ decision: "answer", text: "Weekdays 9:00 to 18:00.", citations: [{ title: "What are your opening hours?" }] });
    expect(hit.confidence).toBeGreaterThanOrEqual(hit.threshold);
    expect(hit.passages[0]).toMatchObject({ title: "What are your opening hours?", passage: "Weekdays 9:00 to 18:00." });
    expect(hit.passages[0]!.score).toBeGreaterThan(hit.passages[1]?.score ?? 0);

    const miss = await caller.knowledge.playground({ botId: created.id, question: "Who won the football world cup in 1998?" });
    expect(miss.decision).toBe("below_threshold");
    expect(miss.confidence).toBeLessThan(miss.threshold);
    expect(miss.citations).toEqual([]);

    const empty = await caller.bot.create({ ...bot, name: "Empty" });
    expect((await caller.knowledge.playground({ botId: empty.id, question: "anything" })).decision).toBe("no_knowledge");
    // Nothing is stored.
    expect(await t.db.message.count({ where: { tenantId } })).toBe(0);
  });

  it("imports FAQ entries from CSV all together, or none with the lines to fix", async () => {
    const { caller } = await ownerOfNewTenant(t.db, "Csv");
    const created = await caller.bot.create(bot);
    const bad = "question,answer\nHow do I pay?,By card or bank transfer.\nWhat about refunds?,\n";
    const error = await expectCode(caller.knowledge.importFaqCsv({ botId: created.id, csv: bad }), "BAD_REQUEST");
    expect(error.message).toBe("Nothing was imported. Fix line 3: Answer is required.");
    expect(await caller.knowledge.list({ id: created.id })).toEqual([]);
    await expectCode(caller.knowledge.importFaqCsv({ botId: created.id, csv: "title,body\nx,y" }), "BAD_REQUEST");

    const good = '问题,答案,其他问法\n怎么退款？,请在订单页点击"申请退款"。,我想退款|退货流程\n"Do you ship abroad?","Yes, to 30 countries.",ship overseas\n';
    expect(await caller.knowledge.importFaqCsv({ botId: created.id, csv: good })).toEqual({ imported: 2 });
    const sources = await caller.knowledge.list({ id: created.id });
    expect(sources.map((s) => [s.question, s.alternatives, s._count.chunks]).sort()).toEqual([
      ["Do you ship abroad?", ["ship overseas"], 2],
      ["怎么退款？", ["我想退款", "退货流程"], 3],
    ]);
  });

  it("adds an uploaded PDF as a document, and explains unreadable ones", async () => {
    const { caller } = await ownerOfNewTenant(t.db, "Pdf");
    const created = await caller.bot.create(bot);
    const pdf = makeTextPdf(["Warranty", "Every device has a two-year warranty covering manufacturing defects."], "Warranty policy");
    const source = await caller.knowledge.addPdf({ botId: created.id, filename: "warranty.pdf", dataBase64: Buffer.from(pdf).toString("base64") });
    expect(source).toMatchObject({ kind: "PDF", title: "Warranty policy", status: "QUEUED" });
    await drainIngestion(t.db);
    const answer = await caller.knowledge.playground({ botId: created.id, question: "how long is the device warranty?" });
    expect(answer.text).toContain("two-year warranty");

    const notPdf = Buffer.from("hello, I am not a PDF").toString("base64");
    const error = await expectCode(caller.knowledge.addPdf({ botId: created.id, filename: "x.pdf", dataBase64: notPdf }), "BAD_REQUEST");
    expect(error.message).toBe("This file is not a PDF (it looks like text).");
    // A PDF by its signature whose content cannot be read.
    const brokenPdf = Buffer.from("%PDF-1.7\nthis is not the rest of a PDF").toString("base64");
    const unreadable = await expectCode(caller.knowledge.addPdf({ botId: created.id, filename: "y.pdf", dataBase64: brokenPdf }), "BAD_REQUEST");
    expect(unreadable.message).toBe("This file is not a readable PDF.");
    const blank = Buffer.from(makeTextPdf([])).toString("base64");
    expect((await expectCode(caller.knowledge.addPdf({ botId: created.id, filename: "scan.pdf", dataBase64: blank }), "BAD_REQUEST")).message).toMatch(/no text layer/);
    expect(await caller.knowledge.list({ id: created.id })).toHaveLength(1);
  });
});
