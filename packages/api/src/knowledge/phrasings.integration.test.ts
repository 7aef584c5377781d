import { useLlmTestServer } from "@kefu/ai/testing/vitest";
import { type ChatRequestBody } from "@kefu/ai/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { ownerOfNewTenant, useTestDb } from "../testing/index.ts";
import { drainIngestion } from "./ingestion-worker.ts";
import { generateQueuedPhrasings } from "./phrasings.ts";

// Generated phrasings through the real procedures and the background worker, against a loopback
// OpenAI-compatible server that plays the chat model.
const t = useTestDb();
const server = useLlmTestServer({ env: { KEFU_SECRET_KEY: Buffer.alloc(32, 7).toString("hex"), KEFU_AI_TIMEOUT_MS: "2000" } });
let owner: Awaited<ReturnType<typeof ownerOfNewTenant>>;
let botId: string;
let knowledgeBaseId: string;
let providerId: string;
let refundId: string;
let passwordId: string;

// What the "model" answers for each question it is sent.
const WRITTEN: Record<string, string[]> = {
  "Can I return an item?": ["1. I want my money back for this jacket", "- can I send it back??", "Can I return an item", "refund policy"],
  "怎么修改登录密码？": ["密码忘了咋办", "登不上去了怎么改密码", "“怎么修改登录密码”"],
};

function modelReply(body: ChatRequestBody): string {
  const user = String(body.messages?.at(-1)?.content ?? "");
  const entries = JSON.parse(/<entries>\n([\s\S]*)\n<\/entries>/.exec(user)![1]!) as { n: string; question: string }[];
  return `Here you go:\n${JSON.stringify(Object.fromEntries(entries.map((e) => [e.n, WRITTEN[e.question] ?? []])))}`;
}

async function listed(id: string) {
  return (await owner.caller.knowledge.list({ id: botId })).find((s) => s.id === id)!;
}

async function chunkTexts(sourceId: string) {
  const rows = await t.db.knowledgeChunk.findMany({ where: { tenantId: owner.tenantId, sourceId }, orderBy: { ordinal: "asc" }, select: { text: true } });
  return rows.map((r) => r.text);
}

beforeAll(async () => {
  owner = await ownerOfNewTenant(t.db, "PhrasingShop");
  const bot = await owner.caller.bot.create({ name: "Shop bot", greeting: "Hi", instructions: "", language: "en", brandColor: "#0f766e" });
  botId = bot.id;
  knowledgeBaseId = (await owner.caller.knowledgeBase.list()).find((kb) => kb.bots.some((b) => b.id === botId))!.id;
  refundId = (await owner.caller.knowledge.addFaq({ botId, question: "Can I return an item?", alternatives: ["refund policy"], answer: "Returns are free within 30 days." })).id;
  passwordId = (await owner.caller.knowledge.addFaq({ botId, question: "怎么修改登录密码？", alternatives: [], answer: "在“账户设置”里点击“修改密码”。" })).id;
  await owner.caller.knowledge.addFaq({ botId, question: "How long does shipping take?", alternatives: [], answer: "Three to five business days." });
  providerId = (await owner.caller.provider.create({ name: "Loopback", kind: "OPENAI_COMPATIBLE", baseUrl: server.openaiBaseUrl, apiKey: "sk-loop" })).id;
});

describe("generated phrasings", () => {
  it("are written in the background when a model is chosen, cleaned, marked and indexed", async () => {
    server.behave({ reply: modelReply });
    const chosen = await owner.caller.phrasing.setModel({ id: knowledgeBaseId, providerId, model: "test-model" });
    expect(chosen.counts.QUEUED).toBe(3);
    await drainIngestion(t.db);

    // One call per language: the two English entries share a prompt, the Chinese one has its own, in Chinese.
    const requests = server.chatRequests();
    expect(requests).toHaveLength(2);
    const prompts = requests.map((r) => r.body!.messages!.map((m) => String(m.content)).join("\n"));
    expect(prompts.find((p) => p.includes("Can I return an item?"))).toContain("How long does shipping take?");
    expect(prompts.find((p) => p.includes("怎么修改登录密码？"))).toMatch(/口语化/);

    const refund = await listed(refundId);
    expect(refund).toMatchObject({ phrasingStatus: "READY", phrasingError: null, alternatives: ["refund policy"] });
    // Decoration stripped; the question and an existing phrasing again are dropped.
    expect(refund.generatedAlternatives).toEqual(["I want my money back for this jacket", "can I send it back??"]);
    expect(await chunkTexts(refundId)).toEqual(["Can I return an item?", "refund policy", "I want my money back for this jacket", "can I send it back??"]);
    expect((await listed(passwordId)).generatedAlternatives).toEqual(["密码忘了咋办", "登不上去了怎么改密码"]);

    const overview = await owner.caller.phrasing.overview({ id: knowledgeBaseId });
    expect(overview).toMatchObject({ providerId, model: "test-model", generated: 4, counts: { READY: 3, QUEUED: 0, FAILED: 0 } });

    // Retrieval uses them: a colloquial question only a generated phrasing shares finds the entry.
    const tried = await owner.caller.knowledge.playground({ botId, question: "密码忘了咋办" });
    expect(tried.citations[0]?.sourceId).toBe(passwordId);
    expect(tried.passages[0]?.matched).toBe("密码忘了咋办");
  });

  it("are not written again for entries that did not change", async () => {
    expect(await owner.caller.phrasing.generate({ id: knowledgeBaseId })).toEqual({ queued: 0 });
    await drainIngestion(t.db);
    expect(server.chatRequests()).toHaveLength(0);
  });

  it("can be accepted, removed (never to come back) and regenerated", async () => {
    await owner.caller.phrasing.accept({ id: refundId, phrasing: "can I send it back??" });
    await owner.caller.phrasing.remove({ id: refundId, phrasing: "I want my money back for this jacket" });
    let refund = await listed(refundId);
    expect(refund.alternatives).toEqual(["refund policy", "can I send it back??"]);
    expect(refund.generatedAlternatives).toEqual([]);
    expect(await chunkTexts(refundId)).toEqual(["Can I return an item?", "refund policy", "can I send it back??"]);
    // Accepting did not make the entry count as changed.
    expect(await owner.caller.phrasing.generate({ id: knowledgeBaseId })).toEqual({ queued: 0 });

    WRITTEN["Can I return an item?"] = ["I want my money back for this jacket", "send back an order"];
    server.behave({ reply: modelReply });
    expect(await owner.caller.phrasing.regenerate({ id: refundId })).toEqual({ queued: 1 });
    await drainIngestion(t.db);
    refund = await listed(refundId);
    expect(refund.generatedAlternatives).toEqual(["send back an order"]);
    await expect(owner.caller.phrasing.remove({ id: refundId, phrasing: "not there" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("are queued again when the entry is edited, keeping the current ones meanwhile", async () => {
    const before = await listed(passwordId);
    await owner.caller.knowledge.updateFaq({ id: passwordId, question: "怎么修改登录密码？", alternatives: ["密码忘了咋办"], answer: "在“账户设置”里点击“修改密码”，按提示操作。" });
    const edited = await listed(passwordId);
    expect(edited.phrasingStatus).toBe("QUEUED");
    // The generated phrasing that is now an own phrasing is no longer listed as generated.
    expect(edited.generatedAlternatives).toEqual(before.generatedAlternatives.filter((p) => p !== "密码忘了咋办"));
    expect(await chunkTexts(passwordId)).toContain("登不上去了怎么改密码");
    server.behave({ reply: modelReply });
    await drainIngestion(t.db);
    expect((await listed(passwordId)).phrasingStatus).toBe("READY");
  });

  it("leave the entry answerable and say what to do when the model fails", async () => {
    // A refused key is lasting: FAILED at once, with the reason and the way out.
    server.behave({ status: 401 });
    await owner.caller.phrasing.regenerate({ id: refundId });
    await drainIngestion(t.db);
    const failed = await listed(refundId);
    expect(failed.phrasingStatus).toBe("FAILED");
    expect(failed.phrasingError).toMatch(/refused the API key.*answered from its own phrasings.*Regenerate/);
    expect(failed.generatedAlternatives).toEqual(["send back an order"]);
    const tried = await owner.caller.knowledge.playground({ botId, question: "Can I return an item?" });
    expect(tried.citations[0]?.sourceId).toBe(refundId);

    // A server error is passing: queued again for the queue's retry with backoff; its last retry ends FAILED.
    server.behave({ status: 500 });
    await owner.caller.phrasing.regenerate({ id: refundId });
    await drainIngestion(t.db);
    expect((await listed(refundId)).phrasingStatus).toBe("QUEUED");
    await expect(generateQueuedPhrasings(t.db, { tenantId: owner.tenantId, knowledgeBaseId })).rejects.toMatchObject({ reason: "server_error" });
    expect((await listed(refundId)).phrasingStatus).toBe("QUEUED");
    await generateQueuedPhrasings(t.db, { tenantId: owner.tenantId, knowledgeBaseId }, { finalAttempt: true });
    expect((await listed(refundId)).phrasingError).toMatch(/provider failed \(HTTP 500\)/);

    // An unreadable reply is not stored.
    server.behave({ reply: "Sorry, I cannot help with that." });
    await owner.caller.phrasing.regenerate({ id: refundId });
    await generateQueuedPhrasings(t.db, { tenantId: owner.tenantId, knowledgeBaseId }, { finalAttempt: true });
    expect(await listed(refundId)).toMatchObject({ phrasingStatus: "FAILED", generatedAlternatives: ["send back an order"] });
  });

  it("need a model, and stop being queued when it is cleared", async () => {
    await owner.caller.phrasing.setModel({ id: knowledgeBaseId, providerId: null, model: null });
    await expect(owner.caller.phrasing.generate({ id: knowledgeBaseId })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await owner.caller.knowledge.updateFaq({ id: refundId, question: "Can I return an item?", alternatives: [], answer: "Returns are free within 60 days." });
    expect((await listed(refundId)).phrasingStatus).toBe("FAILED");
    const other = await ownerOfNewTenant(t.db, "OtherShop");
    await expect(other.caller.phrasing.setModel({ id: knowledgeBaseId, providerId: null, model: null })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(other.caller.phrasing.remove({ id: refundId, phrasing: "send back an order" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
