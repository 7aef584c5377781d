import { describe, expect, it } from "vitest";
import { type z } from "zod";
import { ZSignUpRequest } from "./auth";
import { ZCreateBotRequest, ZId } from "./bot";
import { ZSendMessageRequest, ZStartSessionRequest } from "./chat";
import { ZCreateRuleRequest, ZTestRulesRequest } from "./escalation-rules";
import { ZAgentMessageRequest, ZCannedReplyInput, ZInboxListRequest, ZLeaveContactRequest } from "./inbox";
import { ZAddDocumentRequest, ZAddFaqRequest, ZImportUrlRequest, ZPlaygroundRequest } from "./knowledge";
import { ZCreateProviderRequest, ZUpdateBotModelRequest } from "./providers";
import { ZCreateKnowledgeBaseRequest, ZKnowledgeSearchRequest, ZUploadFileRequest } from "./sources";
import { ZAcceptInviteRequest, ZCreateTeamRequest } from "./team";
import { ILL_FORMED_TEXT_MESSAGE, isWellFormedText, toWellFormedText, ZText } from "./text";
import { ZCreateWebhookRequest } from "./webhooks";

const HIGH = "\ud800";
const LOW = "\udc00";
const EMOJI = "\ud83d\ude00"; // a well-formed pair

describe("well-formed text", () => {
  it("tells lone surrogates from pairs, wherever they are", () => {
    for (const ok of ["", "hi", "你好", EMOJI, `a${EMOJI}b${EMOJI}`, "\uFFFD"]) expect(isWellFormedText(ok)).toBe(true);
    for (const bad of [HIGH, LOW, `hi ${HIGH}`, `${LOW}hi`, `${HIGH}${HIGH}\udc00`, `${EMOJI}${LOW}`, `${LOW}${HIGH}`, `${EMOJI.slice(0, 1)} cut`]) {
      expect(isWellFormedText(bad)).toBe(false);
    }
  });

  it("repairs each lone surrogate as U+FFFD and leaves pairs alone", () => {
    expect(toWellFormedText(`hi ${HIGH}`)).toBe("hi \uFFFD");
    expect(toWellFormedText(`${LOW}${EMOJI}${HIGH}${HIGH}${LOW}`)).toBe(`\uFFFD${EMOJI}\uFFFD${HIGH}${LOW}`);
    const text = `plain ${EMOJI} 文字`;
    expect(toWellFormedText(text)).toBe(text);
  });

  it("ZText refuses ill-formed text with an English message and keeps the other checks", () => {
    const message = ZText.trim().min(1, "Required.").max(5, "Too long.");
    expect(message.safeParse(`  hi ${HIGH} `).error?.issues).toEqual([expect.objectContaining({ path: [], message: ILL_FORMED_TEXT_MESSAGE })]);
    expect(message.safeParse(HIGH.repeat(6)).error?.issues.map((i) => i.message)).toEqual([ILL_FORMED_TEXT_MESSAGE, "Too long."]);
    expect(message.parse(`  ${EMOJI} `)).toBe(EMOJI);
  });
});

/** Each free-text field of the API's requests, with a lone surrogate put in it: refused at its own path. */
const BOT = { name: "Helper", greeting: "Hi!", instructions: "", language: "en", brandColor: "#112233" };
const VISITOR = { botId: "bot_AAAAAAAAAAAAAAAAAAAA", visitorToken: "t".repeat(43) };
const RULE = { botId: "b1", name: "VIP", conditions: { all: [{ kind: "keyword", any: ["refund"] }] }, actions: [{ kind: "handoff" }] };
const cases: [string, z.ZodType, Record<string, unknown>, string][] = [
  ["chat message", ZSendMessageRequest, { ...VISITOR, text: `hi ${HIGH}`, clientMessageId: "msg-00001" }, "text"],
  ["visitor attribute value", ZStartSessionRequest, { botId: VISITOR.botId, attributes: { plan: `pro${LOW}` } }, "attributes.plan"],
  ["FAQ question", ZAddFaqRequest, { botId: "b1", question: `Q${HIGH}?`, answer: "A." }, "question"],
  ["FAQ alternative", ZAddFaqRequest, { botId: "b1", question: "Q?", alternatives: ["ok", `x${LOW}`], answer: "A." }, "alternatives.1"],
  ["FAQ answer", ZAddFaqRequest, { botId: "b1", question: "Q?", answer: `A${HIGH}` }, "answer"],
  ["document title", ZAddDocumentRequest, { botId: "b1", title: `T${HIGH}`, content: "Text." }, "title"],
  ["document content", ZAddDocumentRequest, { botId: "b1", title: "T", content: `Text ${LOW}` }, "content"],
  ["import URL", ZImportUrlRequest, { botId: "b1", url: `https://example.com/${HIGH}` }, "url"],
  ["playground question", ZPlaygroundRequest, { botId: "b1", question: HIGH }, "question"],
  ["file name", ZUploadFileRequest, { botId: "b1", filename: `a${HIGH}.md`, dataBase64: "" }, "filename"],
  ["knowledge base name", ZCreateKnowledgeBaseRequest, { name: `KB${LOW}` }, "name"],
  ["knowledge search", ZKnowledgeSearchRequest, { botId: "b1", query: `q${HIGH}` }, "query"],
  ["an id", ZAddFaqRequest, { botId: HIGH, question: "Q?", answer: "A." }, "botId"],
  ["bot name", ZCreateBotRequest, { ...BOT, name: `Bot${HIGH}` }, "name"],
  ["bot greeting", ZCreateBotRequest, { ...BOT, greeting: `Hi${LOW}` }, "greeting"],
  ["bot instructions", ZCreateBotRequest, { ...BOT, instructions: `Be nice${HIGH}` }, "instructions"],
  ["company name", ZSignUpRequest, { companyName: `Acme${HIGH}`, email: "a@b.co", password: "12345678" }, "companyName"],
  ["invitee name", ZAcceptInviteRequest, { token: "t".repeat(43), name: `Li${LOW}`, email: "a@b.co", password: "12345678" }, "name"],
  ["team name", ZCreateTeamRequest, { name: `Team${HIGH}` }, "name"],
  ["rule name", ZCreateRuleRequest, { ...RULE, name: `VIP${HIGH}` }, "name"],
  ["rule keyword", ZCreateRuleRequest, { ...RULE, conditions: { all: [{ any: [{ kind: "keyword", any: ["ok", `refund${HIGH}`] }] }] } }, "conditions.all.0.any.0.any.1"],
  ["rule regex", ZCreateRuleRequest, { ...RULE, conditions: { any: [{ kind: "regex", pattern: `a${LOW}` }] } }, "conditions.any.0.pattern"],
  ["rule attribute value", ZCreateRuleRequest, { ...RULE, conditions: { all: [{ kind: "attribute", key: "plan", op: "eq", value: `vip${HIGH}` }] } }, "conditions.all.0.value"],
  ["rule message action", ZCreateRuleRequest, { ...RULE, actions: [{ kind: "send_message", text: `One moment${HIGH}` }] }, "actions.0.text"],
  ["rule tag action", ZCreateRuleRequest, { ...RULE, actions: [{ kind: "add_tags", tags: ["vip", `x${LOW}`] }] }, "actions.0.tags.1"],
  ["rule tester message", ZTestRulesRequest, { botId: "b1", message: `help${HIGH}` }, "message"],
  ["rule tester attribute", ZTestRulesRequest, { botId: "b1", message: "help", attributes: { plan: `vip${LOW}` } }, "attributes.plan"],
  ["agent reply or note", ZAgentMessageRequest, { id: "c1", text: `On it${HIGH}`, clientMessageId: "msg-00001" }, "text"],
  ["agent client message id", ZAgentMessageRequest, { id: "c1", text: "On it", clientMessageId: `msg-0000${HIGH}` }, "clientMessageId"],
  ["canned reply title", ZCannedReplyInput, { title: `Hi${HIGH}`, content: "Hello!" }, "title"],
  ["canned reply text", ZCannedReplyInput, { title: "Hi", content: `Hello${LOW}` }, "content"],
  ["inbox tag filter", ZInboxListRequest, { tag: `vip${HIGH}` }, "tag"],
  ["leave-contact message", ZLeaveContactRequest, { ...VISITOR, email: "a@b.co", message: `Call me${HIGH}` }, "message"],
  ["provider name", ZCreateProviderRequest, { name: `Mine${HIGH}`, kind: "OLLAMA", baseUrl: "http://10.0.0.2:11434" }, "name"],
  ["provider URL", ZCreateProviderRequest, { name: "Mine", kind: "OLLAMA", baseUrl: `http://10.0.0.2:11434/${LOW}` }, "baseUrl"],
  ["model name", ZUpdateBotModelRequest, { id: "b1", chatProviderId: "p1", chatModel: `llama${HIGH}`, embeddingProviderId: null, embeddingModel: null, answerThreshold: 0.3 }, "chatModel"],
  ["webhook URL", ZCreateWebhookRequest, { url: `https://hooks.example.com/${HIGH}`, events: ["contact.left"] }, "url"],
];

describe("every free-text input refuses a lone surrogate at its field", () => {
  it.each(cases)("%s", (_, schema, input, path) => {
    const result = schema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues).toContainEqual(expect.objectContaining({ path: path.split(".").map((p) => (/^\d+$/.test(p) ? Number(p) : p)), message: ILL_FORMED_TEXT_MESSAGE }));
  });

  it("accepts the same inputs when they are well-formed (emoji included)", () => {
    // The lone surrogate replaced by "x" (every case puts it in a string value).
    const fixed = (value: unknown): unknown => {
      if (typeof value === "string") return value.replace(/[\ud800-\udfff]/g, "x");
      if (Array.isArray(value)) return value.map(fixed);
      if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fixed(v)]));
      return value;
    };
    for (const [name, schema, input] of cases) expect(schema.safeParse(fixed(input)).success, name).toBe(true);
    expect(ZSendMessageRequest.parse({ ...VISITOR, text: `hi ${EMOJI}`, clientMessageId: "msg-00001" }).text).toBe(`hi ${EMOJI}`);
  });

  it("ids, e-mails and tokens refuse it too (their own checks)", () => {
    expect(ZId.safeParse(`c${HIGH}`).success).toBe(false);
    expect(ZSignUpRequest.safeParse({ companyName: "A", email: `a${HIGH}@b.co`, password: "12345678" }).success).toBe(false);
    expect(ZLeaveContactRequest.safeParse({ ...VISITOR, email: `a${LOW}@b.co`, message: "Hi" }).success).toBe(false);
    expect(ZSendMessageRequest.safeParse({ ...VISITOR, text: "hi", clientMessageId: `msg-0000${HIGH}` }).success).toBe(false);
  });
});

describe("message length limits", () => {
  it("takes 4000 characters and refuses 4001 with the limit in the message", () => {
    const send = (text: string) => ZSendMessageRequest.safeParse({ ...VISITOR, text, clientMessageId: "msg-00001" });
    expect(send("a".repeat(4000)).success).toBe(true);
    expect(send("a".repeat(4001)).error?.issues).toEqual([expect.objectContaining({ path: ["text"], message: "Messages are limited to 4000 characters." })]);
    // Surrounding whitespace is trimmed before the limit is checked.
    expect(send(` ${"a".repeat(4000)} `).success).toBe(true);
  });
});
