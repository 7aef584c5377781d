import { describe, expect, it } from "vitest";
import { ZCreateRuleRequest, ZTestRulesRequest, ZUpdateBusinessHoursRequest } from "../schemas/escalation-rules";
import { defaultRulesFor } from "./defaults";
import { evaluateRules } from "./engine";
import { EXPLANATION_CODES, EXPLANATION_EN, explanationText, fillTemplate } from "./explanations";
import { ZEscalationRule } from "./model";
import { clock, makeState } from "./test-fixtures";

const rulesOf = (language: "en" | "zh") =>
  defaultRulesFor(language).map((draft, i) => ZEscalationRule.parse({ ...draft, id: `d${i}`, order: i }));

const closed = { timeZone: "Asia/Shanghai", weekly: { sun: [], mon: [], tue: [], wed: [], thu: [], fri: [], sat: [] }, holidays: [] };

describe("defaultRulesFor", () => {
  it("gives valid rules named in the bot's language", () => {
    expect(rulesOf("en").map((r) => r.name)).toEqual(["Outside business hours: take a message", "Visitor asks for a human", "3 unanswered turns in a row"]);
    expect(rulesOf("zh")[1]!.name).toBe("访客要求转人工");
  });

  it("hands off a visitor who asks for a human, and after three failed turns", () => {
    const asked = evaluateRules(rulesOf("zh"), makeState({ text: "转人工" }), {}, clock);
    expect(asked).toMatchObject({ escalate: true, reason: "visitor_asked", actions: [{ kind: "handoff" }] });
    const failing = evaluateRules(rulesOf("en"), makeState({ consecutiveUnanswered: 3 }), {}, clock);
    expect(failing).toMatchObject({ escalate: true, reason: "repeated_failure" });
    expect(failing.actions).toContainEqual({ kind: "add_tags", tags: ["missing-knowledge"] });
    expect(evaluateRules(rulesOf("en"), makeState(), {}, clock).escalate).toBe(false);
  });

  it("takes a message out of hours when nobody is online, and still hands off when someone is", () => {
    const offline = evaluateRules(rulesOf("en"), makeState({ text: "talk to a person", businessHours: closed, agentsOnline: false }), {}, clock);
    expect(offline.offline).toBe(true);
    expect(offline.actions.map((a) => a.kind).sort()).toEqual(["add_tags", "collect_contact", "handoff"]);
    expect(offline.matched.map((m) => m.ruleId)).toEqual(["d0", "d1"]);
    const online = evaluateRules(rulesOf("en"), makeState({ text: "talk to a person", businessHours: closed, agentsOnline: true }), {}, clock);
    expect(online.actions.map((a) => a.kind)).toEqual(["add_tags", "handoff"]);
    // Out of hours alone is no reason to interrupt a conversation the bot handles.
    expect(evaluateRules(rulesOf("en"), makeState({ businessHours: closed, agentsOnline: false }), {}, clock).escalate).toBe(false);
  });
});

describe("explanations", () => {
  it("have an English template for every code, and the engine's why lines come from them", () => {
    for (const code of EXPLANATION_CODES) expect(EXPLANATION_EN[code].length).toBeGreaterThan(5);
    const d = evaluateRules(rulesOf("en"), makeState({ text: "I want a human", consecutiveUnanswered: 3 }), {}, clock);
    for (const trace of d.trace) {
      expect(trace.explanations).toHaveLength(trace.why.length);
      trace.explanations.forEach((e, i) => expect(explanationText(e)).toBe(trace.why[i]));
    }
    expect(d.matched[0]!.explanations[0]).toEqual({ code: "asks_human_yes", params: { phrase: '"want a human"' } });
    expect(d.trace.find((t) => t.status === "shadowed")?.explanations.at(-1)).toEqual({ code: "rule_shadowed", params: { rule: "Visitor asks for a human" } });
  });

  it("fills known placeholders and leaves unknown ones", () => {
    expect(fillTemplate("{a} and {b}", { a: 1 })).toBe("1 and {b}");
  });
});

describe("rule requests", () => {
  const base = { botId: "b1", name: "R", actions: [{ kind: "handoff" }] };

  it("reports a nested mistake at its own path", () => {
    const bad = ZCreateRuleRequest.safeParse({
      ...base,
      conditions: { all: [{ kind: "visitor_asks_human" }, { any: [{ kind: "regex", pattern: "(a+)+" }, { kind: "keyword", any: [] }] }] },
    });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => [i.path.join("."), i.message]);
    expect(paths).toContainEqual(["conditions.all.1.any.0.pattern", expect.stringMatching(/Nested quantifiers/)]);
    expect(paths.map((p) => p[0])).toContain("conditions.all.1.any.1.any");
    expect(ZCreateRuleRequest.safeParse({ ...base, conditions: { kind: "visitor_asks_human" } }).error?.issues[0]?.message).toMatch(/"all" or "any"/);
    expect(ZCreateRuleRequest.safeParse({ ...base, conditions: { all: [] } }).error?.issues[0]?.path).toEqual(["conditions", "all"]);
    expect(ZCreateRuleRequest.safeParse({ ...base, conditions: { all: [{ kind: "nope" }] } }).success).toBe(false);
  });

  it("accepts a valid rule and fills defaults", () => {
    const ok = ZCreateRuleRequest.parse({ ...base, conditions: { any: [{ kind: "regex", pattern: "refund|退款" }] } });
    expect(ok).toMatchObject({ enabled: true, continue: false, conditions: { any: [{ kind: "regex", flags: "i" }] } });
  });

  it("validates tester input and business hours", () => {
    expect(ZTestRulesRequest.safeParse({ botId: "b", message: "hi", at: "2026-05-01T20:00:00+08:00", attributes: { plan: "vip", ltv: 2000 } }).success).toBe(true);
    expect(ZTestRulesRequest.safeParse({ botId: "b", message: "hi", at: "tomorrow" }).success).toBe(false);
    const hours = { enabled: true, ...closed, weekly: { ...closed.weekly, mon: ["09:00-18:00"] } };
    expect(ZUpdateBusinessHoursRequest.safeParse(hours).success).toBe(true);
    const bad = ZUpdateBusinessHoursRequest.safeParse({ ...hours, timeZone: "Mars/Base", weekly: { ...hours.weekly, tue: ["9-5"] } });
    expect(bad.error?.issues.map((i) => i.path.join("."))).toEqual(expect.arrayContaining(["timeZone", "weekly.tue.0"]));
  });
});

describe("hours.manage", () => {
  it("lets owners and admins, not agents, change business hours", async () => {
    const { roleCan } = await import("../schemas/permissions");
    expect([roleCan("OWNER", "hours.manage"), roleCan("ADMIN", "hours.manage"), roleCan("AGENT", "hours.manage")]).toEqual([true, true, false]);
  });
});
