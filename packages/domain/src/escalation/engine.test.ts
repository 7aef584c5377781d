import { describe, expect, it } from "vitest";
import { evaluateRules } from "./engine";
import { ZAction, ZEscalationRule, ZEscalationRules } from "./model";
import { clock, makeRule, makeState } from "./test-fixtures";

const asksHuman = { all: [{ kind: "visitor_asks_human" }] };
const lowConfidence = { all: [{ kind: "confidence_below", threshold: 0.4 }] };
const refund = { any: [{ kind: "keyword", any: ["refund", "退款"] }] };
const vip = { all: [{ kind: "attribute", key: "plan", op: "eq", value: "vip" }] };

describe("rule schema", () => {
  it("parses nested all/any trees and tells a keyword's `any` from a group's", () => {
    const rule = makeRule("r1", 1, { all: [{ any: [{ kind: "keyword", any: ["a"] }, { kind: "visitor_asks_human" }] }, { kind: "sentiment", level: "negative" }] }, [
      { kind: "handoff" },
    ]);
    expect(rule.continue).toBe(false);
  });

  it("rejects empty groups, too-deep trees, no actions and duplicate ids", () => {
    const ok = { id: "r", name: "R", enabled: true, order: 0, actions: [{ kind: "handoff" }] };
    expect(ZEscalationRule.safeParse({ ...ok, conditions: { all: [] } }).success).toBe(false);
    const deep = { all: [{ any: [{ all: [{ any: [{ all: [{ kind: "visitor_asks_human" }] }] }] }] }] };
    expect(ZEscalationRule.safeParse({ ...ok, conditions: deep }).success).toBe(false);
    expect(ZEscalationRule.safeParse({ ...ok, conditions: asksHuman, actions: [] }).success).toBe(false);
    expect(ZEscalationRule.safeParse({ ...ok, conditions: { all: [{ kind: "nope" }] } }).success).toBe(false);
    expect(ZEscalationRules.safeParse([{ ...ok, conditions: asksHuman }, { ...ok, conditions: asksHuman }]).success).toBe(false);
  });

  it.each([
    [{ kind: "handoff", teamId: "team_billing" }, true],
    [{ kind: "handoff" }, true],
    [{ kind: "set_priority", priority: "urgent" }, true],
    [{ kind: "set_priority", priority: "asap" }, false],
    [{ kind: "assign_agent", agentId: "agent_1" }, true],
    [{ kind: "assign_agent" }, false],
    [{ kind: "send_message", text: "One moment please" }, true],
    [{ kind: "send_message", text: "  " }, false],
    [{ kind: "add_tags", tags: ["vip"] }, true],
    [{ kind: "add_tags", tags: [] }, false],
    [{ kind: "notify", channel: "webhook" }, true],
    [{ kind: "notify", channel: "email", target: "ops@example.com" }, true],
    [{ kind: "notify", channel: "sms" }, false],
    [{ kind: "collect_contact" }, true],
  ])("action %j valid: %s", (action, valid) => {
    expect(ZAction.safeParse(action).success).toBe(valid);
  });
});

describe("evaluateRules — ordering and continue", () => {
  const rules = [
    makeRule("tags", 0, refund, [{ kind: "add_tags", tags: ["refund"] }, { kind: "set_priority", priority: "high" }], { continue: true }),
    makeRule("human", 1, asksHuman, [{ kind: "handoff", teamId: "billing" }, { kind: "set_priority", priority: "urgent" }, { kind: "add_tags", tags: ["Refund", "asked"] }]),
    makeRule("vip", 2, vip, [{ kind: "assign_agent", agentId: "a1" }]),
  ];

  it("first match wins; a continuing rule lets later ones add actions; conflicting singletons keep the first", () => {
    const d = evaluateRules(rules, makeState({ text: "I want a refund, talk to a human" }), { plan: "vip" }, clock);
    expect(d.matched.map((m) => m.ruleId)).toEqual(["tags", "human"]);
    expect(d.actions).toEqual([
      { kind: "add_tags", tags: ["refund", "asked"] },
      { kind: "set_priority", priority: "high" },
      { kind: "handoff", teamId: "billing" },
    ]);
    expect(d.escalate).toBe(true);
    expect(d.reason).toBe("visitor_asked");
    expect(d.trace.map((t) => [t.ruleId, t.status])).toEqual([
      ["tags", "fired"],
      ["human", "fired"],
      ["vip", "shadowed"],
    ]);
    expect(d.trace[1]!.droppedActions).toEqual([{ kind: "set_priority", priority: "urgent" }]);
    expect(d.trace[2]!.why.at(-1)).toMatch(/fired first/);
  });

  it("sorts by order regardless of input order, and skips disabled rules", () => {
    const d = evaluateRules([rules[2]!, { ...rules[1]!, enabled: false }, rules[0]!], makeState({ text: "talk to a human" }), { plan: "vip" }, clock);
    expect(d.trace.map((t) => [t.ruleId, t.status])).toEqual([
      ["tags", "not_matched"],
      ["human", "disabled"],
      ["vip", "fired"],
    ]);
    expect(d.actions).toEqual([{ kind: "assign_agent", agentId: "a1" }]);
    expect(d.reason).toBe("attribute");
  });

  it("a VIP rule that requires verified attributes escalates a signed VIP, not a browser's claim", () => {
    const signedVip = makeRule("signed-vip", 1, { all: [{ kind: "attribute", key: "plan", op: "eq", value: "vip", verifiedOnly: true }] }, [
      { kind: "set_priority", priority: "urgent" },
      { kind: "handoff" },
    ]);
    const signed = evaluateRules([signedVip], makeState({ attributesVerified: true }), { plan: "vip" }, clock);
    expect(signed).toMatchObject({ escalate: true, reason: "attribute" });
    const claimed = evaluateRules([signedVip], makeState({ attributesVerified: false }), { plan: "vip" }, clock);
    expect(claimed).toMatchObject({ escalate: false, actions: [] });
    expect(claimed.trace[0]!.explanations.map((e) => e.code)).toEqual(["attribute_unverified"]);
  });

  it("returns a quiet decision when nothing matches, explaining every condition", () => {
    const d = evaluateRules(rules, makeState({ text: "hello" }), {}, clock);
    expect(d).toMatchObject({ matched: [], actions: [], escalate: false, reason: null, offline: false });
    expect(d.trace.every((t) => t.status === "not_matched" && t.why.length > 0)).toBe(true);
  });

  it("does not mutate the rules when merging tags", () => {
    evaluateRules(rules, makeState({ text: "refund, talk to a human" }), {}, clock);
    expect(rules[0]!.actions[0]).toEqual({ kind: "add_tags", tags: ["refund"] });
  });

  it("de-duplicates identical messages and notifications", () => {
    const msg = { kind: "send_message", text: "Hang on" };
    const hook = { kind: "notify", channel: "webhook" };
    const d = evaluateRules(
      [makeRule("a", 0, refund, [msg, hook], { continue: true }), makeRule("b", 1, refund, [msg, hook, { kind: "notify", channel: "email", target: "x@y.z" }])],
      makeState({ text: "refund" }),
      {},
      clock,
    );
    expect(d.actions).toEqual([msg, hook, { kind: "notify", channel: "email", target: "x@y.z" }]);
    expect(d.escalate).toBe(false);
  });
});

describe("evaluateRules — reasons", () => {
  const handoff = [{ kind: "handoff" }];
  it.each([
    [{ all: [{ kind: "visitor_asks_human" }] }, { text: "转人工" }, "visitor_asked"],
    [{ all: [{ kind: "confidence_below", threshold: 0.5 }] }, { lastAnswer: { answered: false, confidence: 0.1 } }, "low_confidence"],
    [{ all: [{ kind: "consecutive_unanswered", count: 2 }] }, { consecutiveUnanswered: 3 }, "repeated_failure"],
    [{ all: [{ kind: "sentiment", level: "negative" }] }, { text: "this is useless" }, "sentiment"],
    [{ all: [{ kind: "keyword", any: ["投诉"] }] }, { text: "我要投诉" }, "keyword"],
    [{ all: [{ kind: "regex", pattern: "\\d{6}" }] }, { text: "order 123456" }, "keyword"],
    [vip, {}, "attribute"],
    [{ all: [{ kind: "outside_business_hours" }] }, { businessHours: { timeZone: "UTC", weekly: { sun: [], mon: [], tue: [], wed: [], thu: [], fri: [], sat: [] }, holidays: [] } }, "out_of_hours"],
    [{ all: [{ kind: "provider_failure" }] }, { providerFailed: true }, "provider_failure"],
    [{ all: [{ kind: "topic", categories: ["billing"] }] }, { topic: { knowledgeBaseId: null, category: "Billing" } }, "keyword"],
    [{ all: [{ kind: "conversation_length", minMessages: 2 }] }, {}, "repeated_failure"],
    // The most telling matched condition decides: the visitor's words outrank hours and attributes.
    [{ all: [{ kind: "attribute", key: "plan", op: "exists" }, { kind: "visitor_asks_human" }] }, { text: "人工客服" }, "visitor_asked"],
    [{ any: [{ kind: "confidence_below", threshold: 0.5 }, { kind: "sentiment", level: "negative" }] }, { text: "terrible!", lastAnswer: { answered: true, confidence: 0.2 } }, "sentiment"],
  ])("%j → %s", (when, state, reason) => {
    const d = evaluateRules([makeRule("r", 0, when, handoff)], makeState(state), { plan: "vip" }, clock);
    expect(d.escalate).toBe(true);
    expect(d.reason).toBe(reason);
  });

  it("has no reason when the matching rule does not escalate", () => {
    const d = evaluateRules([makeRule("r", 0, refund, [{ kind: "add_tags", tags: ["x"] }])], makeState({ text: "refund" }), {}, clock);
    expect(d).toMatchObject({ escalate: false, reason: null });
    expect(d.matched).toHaveLength(1);
  });
});

describe("evaluateRules — offline, status and cooldown", () => {
  const human = makeRule("human", 0, asksHuman, [{ kind: "handoff", teamId: "tech" }]);
  const low = makeRule("low", 1, lowConfidence, [{ kind: "handoff" }]);

  it("adds collect_contact when nobody of the target team is online", () => {
    const d = evaluateRules([human], makeState({ text: "转人工", agentsOnline: true, teamsOnline: { tech: false } }), {}, clock);
    expect(d.actions).toEqual([{ kind: "handoff", teamId: "tech" }, { kind: "collect_contact" }]);
    expect(d).toMatchObject({ escalate: true, offline: true, reason: "visitor_asked" });
  });

  it("drops an explicit collect_contact while agents are online; keeps it when offline", () => {
    const rule = makeRule("leave", 0, asksHuman, [{ kind: "collect_contact" }, { kind: "add_tags", tags: ["lead"] }]);
    const online = evaluateRules([rule], makeState({ text: "talk to a human" }), {}, clock);
    expect(online.actions).toEqual([{ kind: "add_tags", tags: ["lead"] }]);
    expect(online.escalate).toBe(false);
    const offline = evaluateRules([rule], makeState({ text: "talk to a human", agentsOnline: false }), {}, clock);
    expect(offline).toMatchObject({ escalate: true, offline: true, reason: "visitor_asked" });
  });

  it("only runs while the bot owns the conversation", () => {
    const d = evaluateRules([human, { ...low, enabled: false }], makeState({ text: "转人工", status: "assigned" }), {}, clock);
    expect(d).toMatchObject({ matched: [], actions: [], escalate: false });
    expect(d.trace.map((t) => t.status)).toEqual(["inactive", "disabled"]);
  });

  it("holds back the same rule or reason after a hand-back, but not a visitor's request", () => {
    const cooldown = { ruleId: "low", reason: "low_confidence" as const, turnsLeft: 2 };
    const lowState = { lastAnswer: { answered: false, confidence: 0.1 }, cooldown };
    const held = evaluateRules([low], makeState(lowState), {}, clock);
    expect(held.escalate).toBe(false);
    expect(held.trace[0]!.status).toBe("suppressed");
    // Another rule with the same reason is held back too.
    const other = makeRule("low2", 2, { all: [{ kind: "confidence_below", threshold: 0.3 }] }, [{ kind: "handoff" }]);
    expect(evaluateRules([other], makeState(lowState), {}, clock).escalate).toBe(false);
    // The visitor asking always goes through, and a suppressed rule lets later rules run.
    const asked = evaluateRules([low, human], makeState({ ...lowState, text: "转人工" }), {}, clock);
    expect(asked.matched.map((m) => m.ruleId)).toEqual(["human"]);
    expect(asked.reason).toBe("visitor_asked");
    // Once the cooldown has run out the rule fires again.
    expect(evaluateRules([low], makeState({ ...lowState, cooldown: { ...cooldown, turnsLeft: 0 } }), {}, clock).escalate).toBe(true);
  });
});

describe("evaluateRules — the example of docs/escalation.md", () => {
  const rule = makeRule(
    "r1",
    10,
    {
      all: [
        { kind: "visitor_asks_human" },
        { any: [{ kind: "attribute", key: "plan", op: "eq", value: "vip" }, { kind: "attribute", key: "lifetime_value", op: "gt", value: 1000 }] },
      ],
    },
    [{ kind: "handoff", teamId: "billing" }, { kind: "set_priority", priority: "high" }],
  );

  it("fires for a VIP asking in Chinese and explains only the deciding conditions", () => {
    const d = evaluateRules([rule], makeState({ text: "我要人工客服" }), { plan: "free", lifetime_value: 2500 }, clock);
    expect(d).toMatchObject({ escalate: true, reason: "visitor_asked", offline: false });
    expect(d.matched[0]!.why).toHaveLength(2);
    expect(d.matched[0]!.why[1]).toContain("lifetime_value");
    expect(d.trace[0]!.why).toHaveLength(3);
  });

  it("does not fire for a regular visitor, and says why", () => {
    const d = evaluateRules([rule], makeState({ text: "talk to a human" }), { plan: "free" }, clock);
    expect(d.escalate).toBe(false);
    expect(d.trace[0]!.why.join(" ")).toMatch(/plan is "free"; plan eq "vip" is false/);
  });
});
