import { describe, expect, it } from "vitest";
import { ZBusinessHours } from "./business-hours";
import { attributeValue, evaluateCondition, findKeyword } from "./conditions";
import { ZCondition, type EscalationState, type VisitorAttributes } from "./model";
import { makeState, NOW } from "./test-fixtures";

const check = (condition: unknown, state: Partial<EscalationState> = {}, attributes: VisitorAttributes = {}, now = NOW) =>
  evaluateCondition(ZCondition.parse(condition), makeState(state), attributes, now);

describe("visitor_asks_human", () => {
  it("matches zh and en requests and explains the phrase", () => {
    const r = check({ kind: "visitor_asks_human" }, { text: "请帮我转人工" });
    expect(r).toMatchObject({ kind: "visitor_asks_human", matched: true });
    expect(r.why).toContain("转人工");
    expect(check({ kind: "visitor_asks_human" }, { text: "talk to a person" }).matched).toBe(true);
  });
  it("explains a negated mention", () => {
    const r = check({ kind: "visitor_asks_human" }, { text: "不用转人工" });
    expect(r.matched).toBe(false);
    expect(r.why).toMatch(/negated/);
  });
});

describe("confidence_below", () => {
  const c = { kind: "confidence_below", threshold: 0.5 };
  it("compares the last answer's confidence (strictly below)", () => {
    expect(check(c, { lastAnswer: { answered: true, confidence: 0.49 } }).matched).toBe(true);
    expect(check(c, { lastAnswer: { answered: true, confidence: 0.5 } }).matched).toBe(false);
  });
  it("treats a declined answer without a score as zero, and no answer yet as no match", () => {
    expect(check(c, { lastAnswer: { answered: false, confidence: null } }).matched).toBe(true);
    expect(check(c, { lastAnswer: null }).matched).toBe(false);
  });
  it("rejects thresholds outside 0..1", () => {
    expect(ZCondition.safeParse({ kind: "confidence_below", threshold: 1.5 }).success).toBe(false);
  });
});

describe("consecutive_unanswered", () => {
  it("matches at the count", () => {
    const c = { kind: "consecutive_unanswered", count: 2 };
    expect(check(c, { consecutiveUnanswered: 1 }).matched).toBe(false);
    expect(check(c, { consecutiveUnanswered: 2 }).matched).toBe(true);
    expect(ZCondition.safeParse({ kind: "consecutive_unanswered", count: 0 }).success).toBe(false);
  });
});

describe("sentiment", () => {
  it("negative matches negative and abusive; abusive only abusive", () => {
    const negative = { kind: "sentiment", level: "negative" };
    const abusive = { kind: "sentiment", level: "abusive" };
    expect(check(negative, { text: "this is terrible" }).matched).toBe(true);
    expect(check(negative, { text: "傻逼" }).matched).toBe(true);
    expect(check(abusive, { text: "this is terrible" }).matched).toBe(false);
    expect(check(abusive, { text: "you idiot" }).matched).toBe(true);
    expect(check(negative, { text: "thanks!" }).matched).toBe(false);
  });
});

describe("keyword", () => {
  it("matches latin words with inflections, CJK as substrings, case/width-insensitively", () => {
    expect(findKeyword("I want a REFUND", ["refund"])).toBe("refund");
    expect(findKeyword("refunded twice", ["refund"])).toBe("refund");
    expect(findKeyword("refundable?", ["refund"])).toBeNull();
    expect(findKeyword("我要投诉你们", ["投诉"])).toBe("投诉");
    expect(findKeyword("ＲＥＦＵＮＤ", ["refund"])).toBe("refund");
    expect(findKeyword("cancel my subscription", ["refund", "cancel"])).toBe("cancel");
  });
  it("explains hits and misses", () => {
    expect(check({ kind: "keyword", any: ["退款"] }, { text: "怎么退款" }).why).toContain("退款");
    expect(check({ kind: "keyword", any: ["refund"] }, { text: "hello" }).matched).toBe(false);
    expect(ZCondition.safeParse({ kind: "keyword", any: [] }).success).toBe(false);
  });
});

describe("regex", () => {
  it("matches with the given flags", () => {
    expect(check({ kind: "regex", pattern: "order\\s*#?\\d{6}", flags: "i" }, { text: "ORDER #123456 is late" }).matched).toBe(true);
    expect(check({ kind: "regex", pattern: "^refund$", flags: "" }, { text: "Refund" }).matched).toBe(false);
    expect(check({ kind: "regex", pattern: "退(款|货)" }, { text: "我想退货" }).matched).toBe(true);
  });
  it.each([
    ["(a+)+$", "Nested"],
    ["(\\w*\\s?)*x", "Nested"],
    ["(?:a{2,})+", "Nested"],
    ["([a-z]+)*", "Nested"],
    ["(a)\\1", "Backreferences"],
    ["(?<=a)b", "Lookbehind"],
    ["[", "not a valid"],
    ["a".repeat(201), "limited"],
  ])("rejects %s", (pattern, message) => {
    const r = ZCondition.safeParse({ kind: "regex", pattern, flags: "" });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain(message);
  });
  it.each(["(ab)+", "(a|b)?c+", "[+*]+", "\\(a+\\)+", "(a?)+", "(?:abc){2,3}", "(x{1})+", "(a+)?"])("accepts %s", (pattern) => {
    expect(ZCondition.safeParse({ kind: "regex", pattern, flags: "i" }).success).toBe(true);
  });
  it("rejects stateful flags", () => {
    expect(ZCondition.safeParse({ kind: "regex", pattern: "a", flags: "g" }).success).toBe(false);
  });
});

describe("attribute", () => {
  const attrs = { plan: "VIP", lifetime_value: "1500", seats: 3, beta: true, tags: ["eu", "trial"], company: { size: 250 }, empty: "" };
  it.each([
    [{ key: "plan", op: "eq", value: "vip" }, true],
    [{ key: "plan", op: "neq", value: "vip" }, false],
    [{ key: "plan", op: "neq", value: "free" }, true],
    [{ key: "lifetime_value", op: "gt", value: 1000 }, true],
    [{ key: "lifetime_value", op: "gte", value: 1500 }, true],
    [{ key: "lifetime_value", op: "lt", value: 1500 }, false],
    [{ key: "seats", op: "lte", value: 3 }, true],
    [{ key: "seats", op: "eq", value: "3" }, true],
    [{ key: "beta", op: "eq", value: true }, true],
    [{ key: "tags", op: "contains", value: "EU" }, true],
    [{ key: "plan", op: "contains", value: "i" }, true],
    [{ key: "company.size", op: "gt", value: 100 }, true],
    [{ key: "plan", op: "exists" }, true],
    [{ key: "empty", op: "exists" }, false],
    [{ key: "missing", op: "exists" }, false],
    [{ key: "missing", op: "eq", value: "x" }, false],
    [{ key: "missing", op: "neq", value: "x" }, true],
    [{ key: "plan", op: "gt", value: 1 }, false], // not numeric
  ])("%j → %s", (condition, expected) => {
    expect(check({ kind: "attribute", ...condition }, {}, attrs).matched).toBe(expected);
  });
  it("requires a value except for exists, and explains", () => {
    expect(ZCondition.safeParse({ kind: "attribute", key: "plan", op: "eq" }).success).toBe(false);
    expect(check({ kind: "attribute", key: "plan", op: "eq", value: "vip" }, {}, attrs).why).toContain('"VIP"');
  });
  it("with verifiedOnly, matches only attributes that came with a valid signature", () => {
    const vip = { kind: "attribute", key: "plan", op: "eq", value: "vip", verifiedOnly: true };
    expect(check(vip, { attributesVerified: true }, attrs).matched).toBe(true);
    const claimed = check(vip, { attributesVerified: false }, attrs);
    expect(claimed).toMatchObject({ matched: false, code: "attribute_unverified", params: { key: "plan" } });
    expect(check(vip, {}, attrs).matched).toBe(false); // unknown counts as unverified
    // Not even the negative operators match on a claim: the rule asked for facts.
    expect(check({ ...vip, op: "neq", value: "free" }, {}, attrs).matched).toBe(false);
    expect(check({ ...vip, op: "exists", value: undefined }, {}, attrs).matched).toBe(false);
    // Without the option, claims count as before.
    expect(check({ ...vip, verifiedOnly: false }, {}, attrs).matched).toBe(true);
    expect(check({ kind: "attribute", key: "plan", op: "eq", value: "vip" }, {}, attrs).matched).toBe(true);
  });
  it("does not reach into prototypes", () => {
    expect(attributeValue({}, "constructor")).toBeUndefined();
    expect(attributeValue({ a: {} }, "a.toString")).toBeUndefined();
  });
});

describe("outside_business_hours", () => {
  const businessHours = ZBusinessHours.parse({ timeZone: "Asia/Shanghai", weekly: { mon: ["09:00-18:00"] } });
  it("uses the tenant schedule and the clock", () => {
    expect(check({ kind: "outside_business_hours" }, { businessHours }, {}, new Date("2025-06-02T03:00:00Z")).matched).toBe(false);
    const r = check({ kind: "outside_business_hours" }, { businessHours }, {}, new Date("2025-06-02T12:00:00Z"));
    expect(r.matched).toBe(true);
    expect(r.why).toContain("2025-06-09T01:00:00.000Z");
  });
  it("counts as open when no schedule is configured", () => {
    expect(check({ kind: "outside_business_hours" }, { businessHours: null }).matched).toBe(false);
  });
});

describe("conversation_length and duration", () => {
  it("compare message count and minutes since the start", () => {
    expect(check({ kind: "conversation_length", minMessages: 10 }, { messageCount: 9 }).matched).toBe(false);
    expect(check({ kind: "conversation_length", minMessages: 10 }, { messageCount: 10 }).matched).toBe(true);
    const startedAt = new Date(NOW.getTime() - 15 * 60_000);
    expect(check({ kind: "duration", minMinutes: 15 }, { startedAt }).matched).toBe(true);
    expect(check({ kind: "duration", minMinutes: 16 }, { startedAt }).matched).toBe(false);
  });
});

describe("topic", () => {
  const topic = { knowledgeBaseId: "kb_billing", category: "Refunds" };
  it("matches the top source's knowledge base or category", () => {
    expect(check({ kind: "topic", knowledgeBaseIds: ["kb_billing"] }, { topic }).matched).toBe(true);
    expect(check({ kind: "topic", categories: ["refunds"] }, { topic }).matched).toBe(true);
    expect(check({ kind: "topic", knowledgeBaseIds: ["kb_tech"], categories: ["Shipping"] }, { topic }).matched).toBe(false);
    expect(check({ kind: "topic", categories: ["Refunds"] }, { topic: null }).matched).toBe(false);
  });
  it("needs at least one knowledge base or category", () => {
    expect(ZCondition.safeParse({ kind: "topic" }).success).toBe(false);
  });
});

describe("provider_failure", () => {
  it("reflects the turn's provider state", () => {
    expect(check({ kind: "provider_failure" }, { providerFailed: true }).matched).toBe(true);
    expect(check({ kind: "provider_failure" }, {}).matched).toBe(false);
  });
});
