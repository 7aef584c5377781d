import { useLlmTestServer } from "@kefu/ai/testing/vitest";
import { beforeAll, describe, expect, it } from "vitest";
import { collect, expectCode, ownerOfNewTenant, useTestDb, visitorCaller } from "../testing/index.ts";

// Personal data and remote models, through the real public chat.send against a loopback LLM server:
// the model gets placeholders, the visitor the restored reply; stored transcripts masked when asked.
const t = useTestDb();
const server = useLlmTestServer({ env: { KEFU_SECRET_KEY: Buffer.alloc(32, 7).toString("hex"), KEFU_AI_TIMEOUT_MS: "2000" } });
let owner: Awaited<ReturnType<typeof ownerOfNewTenant>>;
let botId: string;
let publicId: string;
let seq = 0;

const PHONE = "13812345678";
const EMAIL = "li.lei@example.com";
const ID_NUMBER = "11010519491231002X";
const QUESTION = `我想退货，退款政策是什么？我的手机${PHONE}，邮箱${EMAIL}，身份证${ID_NUMBER}`;

/** The model repeats every placeholder of the visitor's turn, in Chinese, so the stream splits them across chunks. */
function echoPlaceholders(body: { messages?: { content: unknown }[] }) {
  const sent = JSON.stringify(body.messages?.at(-1)?.content);
  const placeholders = [...new Set(sent.match(/\[[A-Z_]+_\d+\]/g) ?? [])];
  return `好的，我们会联系${placeholders.join("和")}处理退款 [1]。`;
}

beforeAll(async () => {
  owner = await ownerOfNewTenant(t.db, "PiiShop");
  const bot = await owner.caller.bot.create({ name: "Shop bot", greeting: "你好", instructions: "", language: "zh", brandColor: "#0f766e" });
  botId = bot.id;
  publicId = bot.publicId;
  await owner.caller.knowledge.addFaq({ botId, question: "退款政策是什么？", alternatives: ["我想退货", "怎么退款"], answer: "收货后30天内可以免费退货退款。" });
  const provider = await owner.caller.provider.create({ name: "Loopback", kind: "OPENAI_COMPATIBLE", baseUrl: server.openaiBaseUrl, apiKey: "sk-loop" });
  await owner.caller.bot.updateModel({ id: botId, chatProviderId: provider.id, chatModel: "test-model", embeddingProviderId: null, embeddingModel: null, answerThreshold: 0.3 });
});

async function ask(text: string) {
  const visitor = visitorCaller(t.db);
  const { visitorToken } = await visitor.chat.start({ botId: publicId });
  const events = await collect(await visitor.chat.send({ botId: publicId, visitorToken, text, clientMessageId: `pii-message-${++seq}` }));
  const final = events.at(-1)!;
  if (final.type !== "bot_message") throw new Error(`the stream ended with ${final.type}`);
  const history = await visitor.chat.history({ botId: publicId, visitorToken });
  const deltas = events.flatMap((e) => (e.type === "delta" ? [e.text] : []));
  return { final: final.message, deltas, history };
}

const sentToModel = () => JSON.stringify(server.requests.map((r) => r.body));

describe("personal data and the remote model", () => {
  it("is on by default: the model never receives the phone, e-mail or ID number; the visitor sees them restored", async () => {
    expect(await owner.caller.bot.privacy({ id: botId })).toEqual({ redactPii: true, maskStoredPii: false, piiPatterns: [], privacyNotice: null, privacyNoticeUrl: null });
    server.behave({ reply: echoPlaceholders });
    const { final, deltas, history } = await ask(QUESTION);

    expect(server.chatRequests()).toHaveLength(1);
    const sent = sentToModel();
    for (const value of [PHONE, EMAIL, ID_NUMBER, "1381234"]) expect(sent).not.toContain(value);
    expect(sent).toContain("[PHONE_1]");
    expect(sent).toContain("[EMAIL_1]");
    expect(sent).toContain("[ID_NUMBER_1]");

    const expected = `好的，我们会联系${PHONE}和${EMAIL}和${ID_NUMBER}处理退款 [1]。`;
    // Streamed two characters at a time, so placeholders arrived split across chunks.
    expect(deltas.length).toBeGreaterThan(5);
    expect(deltas.some((d) => /\[[A-Z]/.test(d))).toBe(false);
    expect(deltas.join("")).toBe(expected);
    expect(final.content).toBe(expected);
    // Not masked when stored (maskStoredPii is off by default).
    expect(history.find((m) => m.role === "VISITOR")?.content).toBe(QUESTION);
    expect(history.at(-1)?.content).toBe(expected);
  });

  it("sends the text as it is when the bot's redaction is off", async () => {
    await owner.caller.bot.updatePrivacy({ id: botId, redactPii: false, maskStoredPii: false, piiPatterns: [] });
    server.behave({ reply: "好的 [1]。" });
    await ask(QUESTION);
    expect(sentToModel()).toContain(PHONE);
    expect(sentToModel()).toContain(EMAIL);
  });

  it("masks stored transcripts when asked, with the tenant's own patterns: agents see the mask, the live answer the values", async () => {
    const piiPatterns = [{ name: "MEMBER_ID", pattern: "VIP-\\d{6}" }];
    await owner.caller.bot.updatePrivacy({ id: botId, redactPii: true, maskStoredPii: true, piiPatterns });
    expect(await owner.caller.bot.privacy({ id: botId })).toEqual({ redactPii: true, maskStoredPii: true, piiPatterns, privacyNotice: null, privacyNoticeUrl: null });
    server.behave({ reply: echoPlaceholders });
    const { final, history } = await ask(`退款政策是什么？会员号VIP-123456，电话${PHONE}`);

    expect(sentToModel()).not.toContain("VIP-123456");
    expect(sentToModel()).toContain("[MEMBER_ID_1]");
    expect(final.content).toBe(`好的，我们会联系VIP-123456和${PHONE}处理退款 [1]。`);

    const stored = `退款政策是什么？会员号[MEMBER_ID]，电话[PHONE]`;
    expect(history.find((m) => m.role === "VISITOR")?.content).toBe(stored);
    expect(history.at(-1)?.content).toBe("好的，我们会联系[MEMBER_ID]和[PHONE]处理退款 [1]。");
    const { items } = await owner.caller.conversation.list({ botId });
    const transcript = JSON.stringify(await owner.caller.conversation.get({ id: items[0]!.id }));
    expect(transcript).toContain(stored);
    expect(transcript).not.toContain(PHONE);
    expect(transcript).not.toContain("VIP-123456");
  });

  it("refuses patterns the linear-time engine cannot compile, and another tenant's bot", async () => {
    const bad = await expectCode(
      owner.caller.bot.updatePrivacy({ id: botId, redactPii: true, maskStoredPii: false, piiPatterns: [{ name: "REPEAT", pattern: "(a)\\1" }] }),
      "BAD_REQUEST",
    );
    expect(bad.message).toMatch(/linear-time engine/);
    const other = await ownerOfNewTenant(t.db, "OtherShop");
    await expectCode(other.caller.bot.updatePrivacy({ id: botId, redactPii: false, maskStoredPii: false, piiPatterns: [] }), "NOT_FOUND");
    await expectCode(other.caller.bot.privacy({ id: botId }), "NOT_FOUND");
  });
});
