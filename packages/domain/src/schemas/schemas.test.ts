import { describe, expect, it } from "vitest";
import { embedSnippet, publicIdFromBytes, ZBotInput, ZBotPublicId } from "./bot";
import { ZSignUpRequest } from "./auth";
import { ZFaqInput } from "./knowledge";
import { roleCan } from "./permissions";
import { ZSendMessageRequest } from "./chat";

describe("sign-up", () => {
  it("normalises email and trims the company name", () => {
    const parsed = ZSignUpRequest.parse({ companyName: "  Acme  ", email: " Ops@Acme.COM ", password: "correct horse" });
    expect(parsed).toMatchObject({ companyName: "Acme", email: "ops@acme.com" });
  });
  it.each([
    [{ companyName: "", email: "a@b.co", password: "12345678" }, "Company name is required."],
    [{ companyName: "A", email: "not-an-email", password: "12345678" }, "Enter a valid email address."],
    [{ companyName: "A", email: "a@b.co", password: "short" }, "Password must be at least 8 characters."],
    [{ companyName: "x".repeat(101), email: "a@b.co", password: "12345678" }, "Company name is too long."],
  ])("rejects %j with a clear message", (input, message) => {
    const result = ZSignUpRequest.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(message);
  });
});

describe("bots", () => {
  it("mints a well-formed public id and an embed snippet", () => {
    const id = publicIdFromBytes(new Uint8Array(20).map((_, i) => i * 13));
    expect(ZBotPublicId.safeParse(id).success).toBe(true);
    expect(embedSnippet("http://localhost:3001", id)).toBe(
      `<script src="http://localhost:3001/widget.js" data-bot-id="${id}" async></script>`,
    );
  });
  it("validates colour, language and sizes", () => {
    const base = { name: "Helper", greeting: "Hi!", language: "zh", brandColor: "#112233" };
    expect(ZBotInput.parse(base).instructions).toBe("");
    expect(ZBotInput.safeParse({ ...base, brandColor: "red" }).success).toBe(false);
    expect(ZBotInput.safeParse({ ...base, language: "fr" }).success).toBe(false);
    expect(ZBotInput.safeParse({ ...base, name: "  " }).success).toBe(false);
  });
  it("rejects malformed public ids", () => {
    expect(ZBotPublicId.safeParse("bot_123").success).toBe(false);
    expect(ZBotPublicId.safeParse("<script>").success).toBe(false);
  });
});

describe("knowledge and chat input", () => {
  it("caps FAQ alternatives and requires an answer", () => {
    expect(ZFaqInput.safeParse({ question: "Q", answer: "" }).success).toBe(false);
    // An intent's training phrases: up to 1,000 phrasings an entry, the question included.
    expect(ZFaqInput.safeParse({ question: "Q", answer: "A", alternatives: Array(999).fill("x") }).success).toBe(true);
    expect(ZFaqInput.safeParse({ question: "Q", answer: "A", alternatives: Array(1000).fill("x") }).error?.issues[0]?.message).toBe(
      "At most 999 other phrasings (1,000 with the question).",
    );
    expect(ZFaqInput.parse({ question: "Q", answer: "A" }).alternatives).toEqual([]);
  });
  it("rejects empty and oversized visitor messages", () => {
    const base = { botId: "bot_" + "a".repeat(20), visitorToken: "t".repeat(43), clientMessageId: "abcdefgh" };
    expect(ZSendMessageRequest.safeParse({ ...base, text: "   " }).success).toBe(false);
    expect(ZSendMessageRequest.safeParse({ ...base, text: "x".repeat(4001) }).success).toBe(false);
    expect(ZSendMessageRequest.safeParse({ ...base, text: "hello" }).success).toBe(true);
  });
});

describe("permissions", () => {
  it("lets agents read but not change bots; owners do everything", () => {
    expect(roleCan("AGENT", "bot.read")).toBe(true);
    expect(roleCan("AGENT", "bot.update")).toBe(false);
    expect(roleCan("ADMIN", "bot.delete")).toBe(true);
    expect(roleCan("ADMIN", "tenant.update")).toBe(false);
    expect(roleCan("OWNER", "tenant.update")).toBe(true);
  });
});
