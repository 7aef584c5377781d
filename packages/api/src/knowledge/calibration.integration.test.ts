import { SHOP_FAQ } from "@kefu/domain/testing";
import { type Db } from "@kefu/db";
import { CALIBRATION_METHOD, curveOf, thresholdsForTarget } from "@kefu/domain";
import { describe, expect, it } from "vitest";
import { calibrationReads, thresholdsFor } from "../bots/index.ts";
import { collect, ownerOfNewTenant, useTestDb, visitorCaller } from "../testing/index.ts";
import { calibrateStaleKnowledgeBase } from "./calibration.ts";
import { drainIngestion } from "./ingestion-worker.ts";
import { botKnowledgeScope } from "./retrieval-cache.ts";

// Calibration end to end: entries added → the worker calibrates the knowledge base and stores it
// for that content → answering takes its thresholds; a change recalibrates; tenants stay apart.
const t = useTestDb();


async function shop(name: string, entries = SHOP_FAQ) {
  const owner = await ownerOfNewTenant(t.db, name);
  const bot = await owner.caller.bot.create({ name, greeting: "Hi", instructions: "", language: "en", brandColor: "#0f766e" });
  for (const [question, alternatives, answer] of entries) await owner.caller.knowledge.addFaq({ botId: bot.id, question, alternatives: [...alternatives], answer });
  return { owner, bot };
}

async function ask(db: Db, publicId: string, text: string) {
  const { visitorToken } = await visitorCaller(db).chat.start({ botId: publicId });
  const events = await collect(await visitorCaller(db).chat.send({ botId: publicId, visitorToken, text, clientMessageId: crypto.randomUUID() }));
  const reply = events.find((e) => e.type === "bot_message");
  if (reply?.type !== "bot_message") throw new Error("no reply");
  return reply.message.content;
}

describe("knowledge base calibration", () => {
  it("is computed after entries are added, stored for that content, and used to answer", async () => {
    const { owner, bot } = await shop("Calibrated Shop");
    const before = await owner.caller.knowledgeBase.calibrationForBot({ id: bot.id });
    expect(before).toHaveLength(1);
    expect(before[0]!.status).toBe("calibrating");

    await drainIngestion(t.db);
    const [view] = await owner.caller.knowledgeBase.calibrationForBot({ id: bot.id });
    expect(view!.status).toBe("ready");
    expect(view!.calibration!.points).toHaveLength(101);
    expect(view!.calibration!.positives).toBeGreaterThanOrEqual(8);
    const kb = await t.db.knowledgeBase.findFirstOrThrow({ where: { id: view!.knowledgeBaseId }, select: { updatedAt: true, tenantId: true } });
    const row = await t.db.knowledgeCalibration.findFirstOrThrow({ where: { knowledgeBaseId: view!.knowledgeBaseId } });
    expect(row.contentVersion.getTime()).toBe(kb.updatedAt.getTime());
    expect(row.tenantId).toBe(kb.tenantId);

    // The thresholds answering uses are the curve's at the bot's target precision.
    const scope = await botKnowledgeScope(t.db, owner.tenantId, bot.id);
    const expected = thresholdsForTarget(view!.calibration, 0.95);
    expect(await thresholdsFor(t.db, { bot: { answerThreshold: 0.3, targetPrecision: 0.95 }, scope, topKnowledgeBaseId: view!.knowledgeBaseId })).toEqual({ answer: expected.answer, suggest: expected.suggest, calibrated: true });
    expect(await owner.caller.knowledgeBase.calibrationForBot({ id: bot.id })).toHaveLength(1);

    // The playground decides with the same thresholds (at the bot's saved target, 0.9).
    const atDefault = thresholdsForTarget(view!.calibration, 0.9);
    const tried = await owner.caller.knowledge.playground({ botId: bot.id, question: "parcel arrival time" });
    expect({ answer: tried.threshold, suggest: tried.suggestThreshold }).toEqual({ answer: atDefault.answer, suggest: atDefault.suggest });

    // Answering: a question the knowledge answers (in other words, confidence about 0.7) is answered...
    expect(await ask(t.db, bot.publicId, "parcel arrival time")).toContain("3 to 5 working days");
    // ...until the stored calibration says nothing below 0.99 is right often enough: then it is
    // not (the new calibration is seen at the next message, with no other change to the bot).
    const strict = curveOf(
      [...Array.from({ length: 99 }, () => ({ confidence: 0.98, rank: 2, expected: "x" })), { confidence: 1, rank: 1, expected: "x" }, { confidence: 0.98, rank: 0, expected: null }],
      0.1,
    );
    await t.db.knowledgeCalibration.update({ where: { knowledgeBaseId: view!.knowledgeBaseId }, data: { curve: strict as object, computedAt: new Date() } });
    expect(await ask(t.db, bot.publicId, "parcel arrival time")).not.toContain("3 to 5 working days");

    // Cached per process: the next messages read no calibration.
    const reads = calibrationReads();
    await ask(t.db, bot.publicId, "parcel arrival time");
    expect(calibrationReads()).toBe(reads);
  });

  it("is recomputed after the content changes, and reported as calibrating meanwhile", async () => {
    const { owner, bot } = await shop("Changing Shop");
    await drainIngestion(t.db);
    const [first] = await owner.caller.knowledgeBase.calibrationForBot({ id: bot.id });
    expect(first!.status).toBe("ready");

    await owner.caller.knowledge.addFaq({ botId: bot.id, question: "Do you ship abroad?", alternatives: ["international delivery"], answer: "Yes, to 30 countries." });
    const [stale] = await owner.caller.knowledgeBase.calibrationForBot({ id: bot.id });
    expect(stale!.status).toBe("calibrating");
    // The last curve stays available while the new one is computed.
    expect(stale!.calibration).not.toBeNull();

    await drainIngestion(t.db);
    const [again] = await owner.caller.knowledgeBase.calibrationForBot({ id: bot.id });
    expect(again!.status).toBe("ready");
    expect(again!.computedAt!.getTime()).toBeGreaterThan(first!.computedAt!.getTime());
  });

  it("is recomputed when it measured an older confidence, the content unchanged", async () => {
    const { owner, bot } = await shop("Upgraded Shop");
    await drainIngestion(t.db);
    const [first] = await owner.caller.knowledgeBase.calibrationForBot({ id: bot.id });
    const row = await t.db.knowledgeCalibration.findFirstOrThrow({ where: { knowledgeBaseId: first!.knowledgeBaseId } });
    // As stored before the confidence's method was recorded.
    const { method: _method, ...older } = row.curve as { method: number };
    await t.db.knowledgeCalibration.update({ where: { knowledgeBaseId: row.knowledgeBaseId }, data: { curve: older } });

    let settled = await calibrateStaleKnowledgeBase(t.db, { quietMs: 0 });
    while (settled && settled.knowledgeBaseId !== row.knowledgeBaseId) settled = await calibrateStaleKnowledgeBase(t.db, { quietMs: 0 });
    expect(settled?.knowledgeBaseId).toBe(row.knowledgeBaseId);
    const again = await t.db.knowledgeCalibration.findFirstOrThrow({ where: { knowledgeBaseId: row.knowledgeBaseId } });
    expect((again.curve as { method: number }).method).toBe(CALIBRATION_METHOD);
    expect(again.contentVersion.getTime()).toBe(row.contentVersion.getTime());
    // Nothing left to do for it.
    expect((await calibrateStaleKnowledgeBase(t.db, { quietMs: 0 }))?.knowledgeBaseId).not.toBe(row.knowledgeBaseId);
  });

  it("waits until the content settles: not while it changed moments ago or a document of it waits, then once", async () => {
    const { owner, bot } = await shop("Busy Shop", SHOP_FAQ.slice(0, 6));
    const knowledgeBaseId = (await owner.caller.knowledgeBase.calibrationForBot({ id: bot.id }))[0]!.knowledgeBaseId;
    const row = () => t.db.knowledgeCalibration.findFirst({ where: { knowledgeBaseId } });
    // Changed moments ago: left to settle (more edits may follow).
    while (await calibrateStaleKnowledgeBase(t.db, { quietMs: 60_000 }));
    expect(await row()).toBeNull();
    // A document of it still queued: an import in progress, calibrated after its last document.
    await owner.caller.knowledge.addDocument({ botId: bot.id, title: "Returns", content: "# Returns\n\nReturns are free within 30 days of delivery." });
    while (await calibrateStaleKnowledgeBase(t.db, { quietMs: 0 }));
    expect(await row()).toBeNull();
    await drainIngestion(t.db);
    const first = await row();
    expect(first?.status).toBe("ready");
    // Nothing changed since: nothing to do, however often the worker looks.
    expect(await calibrateStaleKnowledgeBase(t.db, { quietMs: 0 })).toBeNull();
    expect((await row())!.computedAt).toEqual(first!.computedAt);
  });

  it("keeps the bot's own threshold for knowledge too small to calibrate", async () => {
    const { owner, bot } = await shop("Tiny Shop", SHOP_FAQ.slice(0, 2));
    await drainIngestion(t.db);
    const [view] = await owner.caller.knowledgeBase.calibrationForBot({ id: bot.id });
    expect(view).toMatchObject({ status: "too_small", calibration: null });
    const scope = await botKnowledgeScope(t.db, owner.tenantId, bot.id);
    const thresholds = await thresholdsFor(t.db, { bot: { answerThreshold: 0.42, targetPrecision: 0.9 }, scope, topKnowledgeBaseId: view!.knowledgeBaseId });
    expect(thresholds.answer).toBe(0.42);
    expect(await ask(t.db, bot.publicId, "How long does shipping take?")).toContain("3 to 5 working days");
  });

  it("is the tenant's own: another workspace cannot read a bot's calibration", async () => {
    const { bot } = await shop("Private Shop", SHOP_FAQ.slice(0, 5));
    const other = await ownerOfNewTenant(t.db, "Curious Shop");
    await expect(other.caller.knowledgeBase.calibrationForBot({ id: bot.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
