import { type Db } from "@kefu/db";
import { describe, expect, it } from "vitest";
import { collect, expectCode, ownerOfNewTenant, useTestDb, visitorCaller } from "../testing/index.ts";

// Intent sets imported through the procedures (preview, import) into a real database, then
// answered through the visitor chat.
const t = useTestDb();
const botInput = { name: "Intents", greeting: "Hi", instructions: "", language: "en" as const, brandColor: "#112233" };
const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64");
const csvFile = (text: string, filename = "intents.csv") => ({ filename, dataBase64: b64(text) });

async function newBot(db: Db, name: string) {
  const owner = await ownerOfNewTenant(db, name);
  const bot = await owner.caller.bot.create(botInput);
  return { ...owner, bot };
}

// 100 intents (10 actions × 10 things, so every word is shared by ten intents) of 150 phrasings.
const VERBS = ["cancel", "change", "track", "renew", "update", "check", "delete", "pay", "share", "find"];
const NOUNS = ["order", "card", "account", "password", "parcel", "invoice", "subscription", "address", "refund", "coupon"];
const TEMPLATES = [
  "how do I {v} my {n}", "I want to {v} my {n}", "can I {v} the {n}", "help me {v} my {n}", "{v} {n}",
  "where do I {v} my {n}", "is there a way to {v} a {n}", "I need to {v} my {n}", "please {v} my {n}", "how can I {v} the {n}",
  "what is the fastest way to {v} my {n}", "I would like to {v} my {n}", "{v} my {n} now", "tell me how to {v} the {n}", "why can't I {v} my {n}",
];
const ENDINGS = ["", " please", " today", " online", " from my phone", " again", " right now", " for my family", " in the app", " quickly"];
const intents = VERBS.flatMap((v) => NOUNS.map((n) => ({ v, n, label: `${v}_${n}`, answer: `To ${v} your ${n}, open Settings > ${n} and choose "${v}".` })));
const phrasingsOf = ({ v, n }: { v: string; n: string }) => TEMPLATES.flatMap((tpl) => ENDINGS.map((end) => tpl.replace("{v}", v).replace("{n}", n) + end));
const heldOut = ({ v, n }: { v: string; n: string }) => `could you explain the steps to ${v} my ${n} on the website`;
const quote = (cell: string) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);

describe("intent set import", () => {
  it("imports 100 intents × 150 phrasings with answers, then answers a held-out phrasing in the chat", { timeout: 240_000 }, async () => {
    const { caller, tenantId, bot } = await newBot(t.db, "IntentsBig");
    const rows = intents.flatMap((intent) => phrasingsOf(intent).map((p, i) => [p, intent.label, i === 0 ? intent.answer : ""]));
    const csv = "\uFEFFutterance,label,answer\n" + rows.map((r) => r.map(quote).join(",")).join("\n") + "\n";

    const preview = await caller.knowledge.previewIntents({ botId: bot.id, files: [csvFile(csv)] });
    expect(preview).toMatchObject({ format: "csv", rows: 15_000, errors: [], errorCount: 0 });
    expect(preview.intents).toHaveLength(100);
    expect(preview.intents[0]).toEqual({ label: "cancel_order", status: "new", added: 150, examples: ["how do I cancel my order", "how do I cancel my order please", "how do I cancel my order today"], known: 0, total: 150, answer: "file" });
    // A preview saves nothing.
    expect(await t.db.knowledgeSource.count({ where: { tenantId } })).toBe(0);

    const started = Date.now();
    expect(await caller.knowledge.importIntents({ botId: bot.id, files: [csvFile(csv)] })).toEqual({ created: 100, merged: 0, phrasingsAdded: 15_000, needAnswer: 0 });
    const importMs = Date.now() - started;
    console.log(`import of 100 intents x 150 phrasings: ${importMs} ms`);
    expect(await t.db.knowledgeChunk.count({ where: { tenantId } })).toBe(15_000);
    const entry = await t.db.knowledgeSource.findFirstOrThrow({ where: { tenantId, intent: "track_parcel" } });
    expect(entry).toMatchObject({ kind: "FAQ", status: "READY", question: "how do I track my parcel", category: "track_parcel", answer: intents.find((i) => i.label === "track_parcel")!.answer });
    expect(entry.alternatives).toHaveLength(149);

    const visitor = visitorCaller(t.db);
    const { visitorToken } = await visitor.chat.start({ botId: bot.publicId });
    const target = intents.find((i) => i.label === "renew_subscription")!;
    const events = await collect(await visitor.chat.send({ botId: bot.publicId, visitorToken, text: heldOut(target), clientMessageId: "held-out-1" }));
    const final = events.at(-1)!;
    expect(final.type).toBe("bot_message");
    if (final.type !== "bot_message") return;
    expect(final.message.content).toContain(target.answer);
    // Other held-out phrasings find their own entry first, among entries sharing each word with nine others.
    for (const intent of [intents[0]!, intents[37]!, intents[99]!]) {
      const answer = await caller.knowledge.playground({ botId: bot.id, question: heldOut(intent) });
      expect(answer.citations[0]?.title).toBe(phrasingsOf(intent)[0]);
    }
  });

  it("adds phrasings to the entry of the same label, leaves entries without answers unanswered until one is written", { timeout: 60_000 }, async () => {
    const { caller, tenantId, bot } = await newBot(t.db, "IntentsMerge");
    await caller.knowledge.importIntents({ botId: bot.id, files: [csvFile("where is my parcel,track\ntrack my parcel,track\n")] });
    const nlu = `version: "3.1"\nnlu:\n- intent: track\n  examples: |\n    - Where is my parcel\n    - is my parcel in [Beijing](city) yet\n- intent: 退款\n  examples: |\n    - 我想退款\n    - 怎么退钱\n`;
    const domain = `version: "3.1"\nresponses:\n  utter_track:\n  - text: "Track it on the Orders page."\n`;
    const files = [{ filename: "nlu.yml", dataBase64: b64(nlu) }, { filename: "domain.yml", dataBase64: b64(domain) }];

    const preview = await caller.knowledge.previewIntents({ botId: bot.id, files });
    expect(preview.intents).toEqual([
      // "Where is my parcel" is already there (case ignored); the answer fills the entry's empty one.
      { label: "track", status: "merged", added: 1, examples: ["is my parcel in Beijing yet"], known: 1, total: 3, answer: "file" },
      { label: "退款", status: "new", added: 2, examples: ["我想退款", "怎么退钱"], known: 0, total: 2, answer: "needed" },
    ]);
    expect(await caller.knowledge.importIntents({ botId: bot.id, files })).toEqual({ created: 1, merged: 1, phrasingsAdded: 3, needAnswer: 1 });

    const track = await t.db.knowledgeSource.findFirstOrThrow({ where: { tenantId, intent: "track" }, include: { _count: { select: { chunks: true } } } });
    expect(track).toMatchObject({ question: "where is my parcel", alternatives: ["track my parcel", "is my parcel in Beijing yet"], answer: "Track it on the Orders page.", _count: { chunks: 3 } });
    // Needs an answer: stored with its phrasings, never matched, so no visitor gets an empty reply.
    const refund = await t.db.knowledgeSource.findFirstOrThrow({ where: { tenantId, intent: "退款" }, include: { _count: { select: { chunks: true } } } });
    expect(refund).toMatchObject({ question: "我想退款", alternatives: ["怎么退钱"], answer: null, _count: { chunks: 0 } });
    const listed = (await caller.knowledge.list({ id: bot.id })).find((s) => s.id === refund.id);
    expect(listed).toMatchObject({ answer: null, category: "退款" });
    expect((await caller.knowledge.playground({ botId: bot.id, question: "我想退款" })).citations).toEqual([]);

    // Writing the answer indexes its phrasings.
    await caller.knowledge.updateFaq({ id: refund.id, question: "我想退款", alternatives: ["怎么退钱"], answer: "在订单页申请退款。" });
    const answered = await caller.knowledge.playground({ botId: bot.id, question: "怎么退钱" });
    expect(answered.citations[0]?.title).toBe("我想退款");
  });

  it("takes an FAQ entry of 1,000 phrasings through the form's procedures, and refuses 1,001", { timeout: 60_000 }, async () => {
    const { caller, tenantId, bot } = await newBot(t.db, "ThousandPhrasings");
    const phrasings = Array.from({ length: 1000 }, (_, i) => `how do I reach support line number ${i + 1}`);
    const started = Date.now();
    const entry = await caller.knowledge.addFaq({ botId: bot.id, question: phrasings[0]!, alternatives: phrasings.slice(1), answer: "Call 400-100-2000." });
    console.log(`addFaq with 1,000 phrasings: ${Date.now() - started} ms`);
    expect(await t.db.knowledgeChunk.count({ where: { tenantId, sourceId: entry.id } })).toBe(1000);
    const updated = Date.now();
    await caller.knowledge.updateFaq({ id: entry.id, question: phrasings[0]!, alternatives: phrasings.slice(1).reverse(), answer: "Call 400-100-3000." });
    console.log(`updateFaq with 1,000 phrasings: ${Date.now() - updated} ms`);
    expect((await caller.knowledge.playground({ botId: bot.id, question: "support line number 777" })).citations[0]?.title).toBe(phrasings[0]);
    const error = await expectCode(caller.knowledge.addFaq({ botId: bot.id, question: "q", alternatives: [...phrasings], answer: "a" }), "BAD_REQUEST");
    expect(error.message).toContain("At most 999 other phrasings (1,000 with the question).");
  });

  it("imports nothing from a file with a bad row, naming each one", async () => {
    const { caller, tenantId, bot } = await newBot(t.db, "IntentsBad");
    const csv = `utterance,label\nhello,greet\n,greet\n${"x".repeat(501)},greet\nbye,\n`;
    const preview = await caller.knowledge.previewIntents({ botId: bot.id, files: [csvFile(csv)] });
    expect(preview.errors.map(({ line, code, reason }) => ({ line, code, reason }))).toEqual([
      { line: 3, code: "phrasing_empty", reason: "The phrasing is empty" },
      { line: 4, code: "phrasing_too_long", reason: "A phrasing must be at most 500 characters" },
      { line: 5, code: "label_empty", reason: "The label is empty" },
    ]);
    const error = await expectCode(caller.knowledge.importIntents({ botId: bot.id, files: [csvFile(csv)] }), "BAD_REQUEST");
    expect(error.message).toBe("Nothing was imported. Fix line 3: The phrasing is empty; line 4: A phrasing must be at most 500 characters; line 5: The label is empty.");
    expect(await t.db.knowledgeSource.count({ where: { tenantId } })).toBe(0);
    // Files of another kind are refused by name and by content.
    await expectCode(caller.knowledge.previewIntents({ botId: bot.id, files: [csvFile("a,b", "intents.xlsx")] }), "BAD_REQUEST");
    await expectCode(caller.knowledge.previewIntents({ botId: bot.id, files: [{ filename: "nlu.yml", dataBase64: Buffer.from([0x50, 0x4b, 3, 4, 0, 0]).toString("base64") }] }), "BAD_REQUEST");
  });
});
