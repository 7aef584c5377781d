import { describe, expect, it } from "vitest";
import { ZUpdateBotPrivacyRequest, storedPiiPatterns } from "../schemas/privacy";
import { compilePiiPatterns, detectPii, isIpv6, piiPatternProblem } from "./detect";
import { maskPii, PiiVault, PlaceholderStreamRestorer, redact, restorePlaceholders } from "./redact";

describe("redact", () => {
  it("replaces personal data with numbered placeholders and restores them", () => {
    const text = "手机13812345678，邮箱a@b.com，再说一次 138 1234 5678";
    const redacted = redact(text);
    expect(redacted.text).toBe("手机[PHONE_1]，邮箱[EMAIL_1]，再说一次 [PHONE_1]");
    expect(redacted.restore("我们会打 [PHONE_1] 并发邮件到 [EMAIL_1]")).toBe("我们会打 13812345678 并发邮件到 a@b.com");
    expect(restorePlaceholders("[EMAIL_1] [EMAIL_9]", redacted.vault.placeholders)).toBe("a@b.com [EMAIL_9]");
  });

  it("numbers values across the texts of one turn with a shared vault", () => {
    const vault = new PiiVault();
    expect(redact("call 13812345678", { vault }).text).toBe("call [PHONE_1]");
    expect(redact("or 13912345678 or +86 138-1234-5678", { vault }).text).toBe("or [PHONE_2] or [PHONE_1]");
  });

  it("leaves text without personal data as it is", () => {
    expect(redact("订单 202612031234567 什么时候到？").text).toBe("订单 202612031234567 什么时候到？");
  });

  it("masks for storage with the kind only", () => {
    expect(maskPii("email x@y.io, card 4532 0151 1283 0366")).toBe("email [EMAIL], card [BANK_CARD]");
  });

  it("can be limited to some kinds", () => {
    expect(detectPii("x@y.io 13812345678", { kinds: ["EMAIL"] }).map((s) => s.kind)).toEqual(["EMAIL"]);
  });
});

describe("restoring a streamed reply", () => {
  const vault = new PiiVault();
  redact("13812345678 and me@example.com", { vault });
  const reply = "We will call [PHONE_1] and write to [EMAIL_1] today. [NOTE] stays, [1] too.";
  const restored = vault.restore(reply);

  it("restores placeholders split at every position across chunks", () => {
    for (let cut = 0; cut <= reply.length; cut++) {
      for (let cut2 = cut; cut2 <= reply.length; cut2 += 3) {
        const restorer = new PlaceholderStreamRestorer(vault);
        const out = [reply.slice(0, cut), reply.slice(cut, cut2), reply.slice(cut2)].map((d) => restorer.push(d)).join("") + restorer.flush();
        expect(out).toBe(restored);
      }
    }
  });

  it("restores a reply streamed one character at a time, holding back only a possible placeholder", () => {
    const restorer = new PlaceholderStreamRestorer(vault);
    const pieces = [...reply].map((c) => restorer.push(c));
    expect(pieces.join("") + restorer.flush()).toBe(restored);
    expect(pieces[0]).toBe("W");
  });

  it("passes a bracket that never becomes a placeholder at the end of the stream", () => {
    const restorer = new PlaceholderStreamRestorer(vault);
    expect(restorer.push("see [PHO")).toBe("see ");
    expect(restorer.flush()).toBe("[PHO");
  });
});

describe("tenant-defined patterns (RE2, linear time)", () => {
  it("finds matches of a compiled pattern after the built-in kinds", () => {
    const patterns = compilePiiPatterns([{ name: "MEMBER_ID", pattern: "VIP-\\d{6}" }]);
    const redacted = redact("会员号VIP-123456，手机13812345678", { patterns });
    expect(redacted.text).toBe("会员号[MEMBER_ID_1]，手机[PHONE_1]");
  });

  it("refuses what RE2 cannot run in linear time, and empty matches", () => {
    expect(piiPatternProblem("(a)\\1")).toMatch(/linear-time/);
    expect(piiPatternProblem("(?<=x)y")).toMatch(/linear-time/);
    expect(piiPatternProblem("(?=x)y")).toMatch(/linear-time/);
    expect(piiPatternProblem("a*")).toMatch(/empty/);
    expect(piiPatternProblem("x".repeat(201))).toMatch(/200/);
    expect(piiPatternProblem("(a+)+b")).toBeNull();
  });

  it("runs a pattern that backtracking engines hang on in linear time", () => {
    const patterns = compilePiiPatterns([{ name: "EVIL", pattern: "(a+)+b" }]);
    const started = performance.now();
    expect(detectPii("a".repeat(4000) + "!", { patterns })).toEqual([]);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it("validates a bot's privacy settings at the boundary", () => {
    const base = { id: "b1", redactPii: true, maskStoredPii: false };
    expect(ZUpdateBotPrivacyRequest.safeParse({ ...base, piiPatterns: [{ name: "ORDER_REF", pattern: "R\\d{8}" }] }).success).toBe(true);
    const bad = ZUpdateBotPrivacyRequest.safeParse({ ...base, piiPatterns: [{ name: "X1", pattern: "(a)\\1" }] });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(["piiPatterns", 0, "pattern"]);
    expect(ZUpdateBotPrivacyRequest.safeParse({ ...base, piiPatterns: [{ name: "PHONE", pattern: "x" }] }).success).toBe(false);
    expect(ZUpdateBotPrivacyRequest.safeParse({ ...base, piiPatterns: [{ name: "lower", pattern: "x" }] }).success).toBe(false);
    const twice = [{ name: "AA", pattern: "x" }, { name: "AA", pattern: "y" }];
    expect(ZUpdateBotPrivacyRequest.safeParse({ ...base, piiPatterns: twice }).success).toBe(false);
    expect(storedPiiPatterns([{ name: "AA", pattern: "x" }, { name: "BB", pattern: "(a)\\1" }, 3, null])).toEqual([{ name: "AA", pattern: "x" }]);
    expect(storedPiiPatterns("nope")).toEqual([]);
  });
});

describe("IPv6", () => {
  it.each([
    ["::1", true],
    ["2001:db8::", true],
    ["1:2:3:4:5:6:7:8", true],
    ["1:2:3:4:5:6:7:8:9", false],
    ["::ffff:192.0.2.1", true],
    ["1::2::3", false],
    ["12:30:45", false],
    ["gggg::1", false],
  ])("%s → %s", (value, valid) => expect(isIpv6(value)).toBe(valid));
});
