import { describe, expect, it } from "vitest";
import { drainIngestion } from "../knowledge/index.ts";
import { collect, ownerOfNewTenant, useTestDb, visitorCaller } from "../testing/index.ts";
import { runAutoSets } from "./runs.ts";

// A regression set run with the answering engine: manual runs, then an FAQ edit that breaks an
// old answer caught by the run after the knowledge settles (the ingestion worker's hook).
const t = useTestDb();

const ENTRIES: [string, string[], string][] = [
  ["How do I get a refund for my order?", ["I want my money back"], "Open the order and choose Refund."],
  ["How long does shipping take?", ["When will my parcel arrive"], "Parcels arrive in 3 to 5 working days."],
  ["I forgot my password", ["How can I reset my password?"], "Use the reset link on the sign-in page."],
  ["Can I get an invoice for my purchase?", ["Where do I download invoices"], "Invoices are under Account, Orders."],
  ["How do I cancel my subscription?", ["Stop my monthly plan"], "Cancel it under Account, Plan."],
  ["Which payment methods do you accept?", ["Can I pay with a credit card"], "Cards, PayPal and bank transfer."],
];

/** Drains the ingestion queue as the background worker runs it: settled knowledge runs the auto-run sets. */
const settle = () => drainIngestion(t.db, { onKnowledgeSettled: (settled) => runAutoSets(t.db, settled) });

async function shop(name: string) {
  const owner = await ownerOfNewTenant(t.db, name);
  const bot = await owner.caller.bot.create({ name, greeting: "Hi", instructions: "", language: "en", brandColor: "#0f766e" });
  const ids: string[] = [];
  for (const [question, alternatives, answer] of ENTRIES) ids.push((await owner.caller.knowledge.addFaq({ botId: bot.id, question, alternatives, answer })).id);
  await settle();
  return { owner, bot, ids };
}

describe("regression test sets", () => {
  it("runs by hand with the answering engine: pass/fail per question, what was cited, the decision", async () => {
    const { owner, bot, ids } = await shop("Manual Shop");
    const set = await owner.caller.regression.createSet({ botId: bot.id, name: "Core answers" });
    await owner.caller.regression.addCase({ setId: set.id, question: "how long does shipping take", expectedSourceIds: [ids[1]!] });
    await owner.caller.regression.addCase({ setId: set.id, question: "I want my money back", expectedSourceIds: [ids[0]!] });
    // Expected to cite the wrong entry: fails, and says what was cited instead.
    await owner.caller.regression.addCase({ setId: set.id, question: "Which payment methods do you accept?", expectedSourceIds: [ids[2]!] });
    await owner.caller.regression.addCase({ setId: set.id, question: "quantum chromodynamics lecture notes", expectedSourceIds: [] });
    // Another bot's knowledge, or another tenant's, is not an expected source of this set.
    const other = await ownerOfNewTenant(t.db, "Other Shop");
    const otherBot = await other.caller.bot.create({ name: "o", greeting: "Hi", instructions: "", language: "en", brandColor: "#0f766e" });
    const foreign = await other.caller.knowledge.addFaq({ botId: otherBot.id, question: "Foreign?", alternatives: [], answer: "Yes." });
    await expect(owner.caller.regression.addCase({ setId: set.id, question: "x", expectedSourceIds: [foreign.id] })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(other.caller.regression.run({ setId: set.id })).rejects.toMatchObject({ code: "NOT_FOUND" });

    const run = await owner.caller.regression.run({ setId: set.id });
    expect(run).toMatchObject({ trigger: "MANUAL", status: "DONE", total: 4, passed: 3, failed: 1, newFailures: 0 });
    const detail = await owner.caller.regression.getRun({ runId: run.id });
    const byQuestion = new Map(detail.results.map((r) => [r.question, r]));
    expect(byQuestion.get("how long does shipping take")).toMatchObject({ passed: true, decision: "answer", citedSourceId: ids[1], citedTitle: ENTRIES[1]![0] });
    expect(byQuestion.get("Which payment methods do you accept?")).toMatchObject({ passed: false, decision: "answer", citedSourceId: ids[5], newFailure: false });
    // Expected not to be answered: far from every entry, the bot does not answer it (as the playground shows).
    const far = await owner.caller.knowledge.playground({ botId: bot.id, question: "quantum chromodynamics lecture notes" });
    expect(far.decision).not.toBe("answer");
    expect(byQuestion.get("quantum chromodynamics lecture notes")).toMatchObject({ passed: true, decision: "decline", citedSourceId: null });
    // The engine is the playground's (the chat's): the same source and confidence.
    const played = await owner.caller.knowledge.playground({ botId: bot.id, question: "how long does shipping take" });
    expect(played.citations[0]?.sourceId).toBe(ids[1]);
    expect(byQuestion.get("how long does shipping take")!.confidence).toBeCloseTo(played.confidence, 6);
    // Without auto-run, a knowledge change runs nothing.
    await owner.caller.knowledge.updateFaq({ id: ids[3]!, question: ENTRIES[3]![0], alternatives: ["Invoice download"], answer: ENTRIES[3]![2] });
    await settle();
    expect(await owner.caller.regression.history({ setId: set.id })).toHaveLength(1);
  });

  it("catches an edit that breaks an old answer: the run after the change flags a new failure on the bot", async () => {
    const { owner, bot, ids } = await shop("Edited Shop");
    const set = await owner.caller.regression.createSet({ botId: bot.id, name: "Shipping", autoRun: true });
    const shipping = await owner.caller.regression.addCase({ setId: set.id, question: "When will my parcel arrive?", expectedSourceIds: [ids[1]!] });
    await owner.caller.regression.addCase({ setId: set.id, question: "reset my password", expectedSourceIds: [ids[2]!] });
    const first = await owner.caller.regression.run({ setId: set.id });
    expect(first).toMatchObject({ passed: 2, failed: 0 });
    expect(await owner.caller.regression.newFailures({ botId: bot.id })).toEqual([]);

    // The shipping entry is rewritten into something else: the old question no longer finds it.
    await owner.caller.knowledge.updateFaq({ id: ids[1]!, question: "Do you have a shop in Berlin?", alternatives: ["Store address"], answer: "Our store is at Torstraße 1." });
    await settle();
    const history = await owner.caller.regression.history({ setId: set.id });
    expect(history.map((r) => [r.trigger, r.passed, r.total])).toEqual([
      ["MANUAL", 2, 2],
      ["KNOWLEDGE_CHANGE", 1, 2],
    ]);
    const auto = history[1]!;
    expect(auto).toMatchObject({ status: "DONE", newFailures: 1, passRate: 0.5 });
    expect(auto.knowledgeVersion).not.toBeNull();
    expect(auto.changes).toEqual([expect.objectContaining({ id: ids[1], title: "Do you have a shop in Berlin?", change: "edited" })]);
    const detail = await owner.caller.regression.getRun({ runId: auto.id });
    const broken = detail.results.find((r) => r.caseId === shipping.id)!;
    expect(broken).toMatchObject({ passed: false, newFailure: true });
    expect(broken.citedSourceId).not.toBe(ids[1]);

    // The same settled change seen again (a second worker): no second run.
    expect(await runAutoSets(t.db, { tenantId: owner.tenantId, knowledgeBaseId: auto.knowledgeBaseId!, contentVersion: auto.knowledgeVersion! })).toBe(0);
    expect(await owner.caller.regression.history({ setId: set.id })).toHaveLength(2);

    const flagged = await owner.caller.regression.newFailures({ botId: bot.id });
    expect(flagged).toEqual([expect.objectContaining({ setId: set.id, setName: "Shipping", run: expect.objectContaining({ id: auto.id, newFailures: 1 }) })]);
    expect(flagged[0]!.failures.map((f) => f.question)).toEqual(["When will my parcel arrive?"]);
    // Another workspace sees nothing of it.
    const other = await ownerOfNewTenant(t.db, "Nosy Shop");
    await expect(other.caller.regression.newFailures({ botId: bot.id })).rejects.toMatchObject({ code: "NOT_FOUND" });

    // Still failing in the next run: no longer new, the flag goes; fixed, it passes again.
    await owner.caller.regression.run({ setId: set.id });
    expect(await owner.caller.regression.newFailures({ botId: bot.id })).toEqual([]);
    await owner.caller.knowledge.updateFaq({ id: ids[1]!, question: ENTRIES[1]![0], alternatives: ENTRIES[1]![1], answer: ENTRIES[1]![2] });
    await settle();
    expect((await owner.caller.regression.history({ setId: set.id })).at(-1)).toMatchObject({ trigger: "KNOWLEDGE_CHANGE", passed: 2, newFailures: 0 });
  });

  it("takes a case from a conversation: the visitor's question and the source the bot cited", async () => {
    const { owner, bot, ids } = await shop("Chat Shop");
    const set = await owner.caller.regression.createSet({ botId: bot.id, name: "From chats" });
    const visitor = visitorCaller(t.db);
    const session = await visitor.chat.start({ botId: bot.publicId });
    await collect(await visitor.chat.send({ botId: bot.publicId, visitorToken: session.visitorToken, text: "how do I cancel my subscription", clientMessageId: "regression-chat-1" }));
    const message = await t.db.message.findFirstOrThrow({ where: { tenantId: owner.tenantId, role: "VISITOR" } });
    const added = await owner.caller.regression.addCaseFromMessage({ setId: set.id, messageId: message.id });
    expect(added).toMatchObject({ question: "how do I cancel my subscription", expectedSourceIds: [ids[4]], origin: "conversation" });
    // An agent may confirm another source instead.
    const confirmed = await owner.caller.regression.addCaseFromMessage({ setId: set.id, messageId: message.id, expectedSourceIds: [ids[5]!] });
    expect(confirmed.expectedSourceIds).toEqual([ids[5]]);
    const listed = await owner.caller.regression.listCases({ setId: set.id });
    expect(listed.cases[0]!.expected).toEqual([{ id: ids[4], title: ENTRIES[4]![0] }]);
  });
});
