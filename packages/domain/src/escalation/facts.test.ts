import { describe, expect, it } from "vitest";
import { defaultRulesFor } from "./defaults";
import { evaluateRules } from "./engine";
import { factsReadByRules, presenceMatters } from "./facts";
import { clock, makeRule, makeState } from "./test-fixtures";

const asDefaults = (language: "en" | "zh") => defaultRulesFor(language).map((draft, i) => makeRule(`d${i}`, i, draft.conditions, draft.actions, { name: draft.name, continue: draft.continue }));

describe("factsReadByRules", () => {
  it("reads business hours for the default rules, and nothing else costly", () => {
    expect(factsReadByRules(asDefaults("en"))).toEqual({ messageCount: false, topic: false, businessHours: true });
  });

  it("finds conditions nested in any/all groups, and skips disabled rules", () => {
    const nested = makeRule("n", 1, { any: [{ kind: "visitor_asks_human" }, { all: [{ kind: "topic", categories: ["billing"] }, { kind: "conversation_length", minMessages: 6 }] }] }, [{ kind: "handoff" }]);
    const disabled = makeRule("x", 2, { all: [{ kind: "outside_business_hours" }] }, [{ kind: "handoff" }], { enabled: false });
    expect(factsReadByRules([nested, disabled])).toEqual({ messageCount: true, topic: true, businessHours: false });
    expect(factsReadByRules([])).toEqual({ messageCount: false, topic: false, businessHours: false });
  });
});

describe("presenceMatters", () => {
  // The live answer decides without presence first and reads it only when this says so: the
  // decision must then be the same whoever is online.
  const rules = [
    ...asDefaults("en"),
    makeRule("kw", 9, { all: [{ kind: "keyword", any: ["refund"] }] }, [{ kind: "handoff" }]),
    makeRule("tag", 10, { all: [{ kind: "confidence_below", threshold: 0.2 }] }, [{ kind: "add_tags", tags: ["unsure"] }], { continue: true }),
  ];
  const states = [
    makeState({ text: "How do I change my plan?" }),
    makeState({ text: "I want a refund" }),
    makeState({ text: "can I talk to a human" }),
    makeState({ consecutiveUnanswered: 3, lastAnswer: { answered: false, confidence: 0.1 } }),
    makeState({ lastAnswer: { answered: true, confidence: 0.1 } }),
    // Closed all week: the default after-hours rule fires on a request for a person.
    makeState({ businessHours: { timeZone: "Asia/Shanghai", weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] }, holidays: [] }, text: "人工客服" }),
  ];

  it("is false only when presence cannot change the decision", () => {
    for (const state of states) {
      const online = evaluateRules(rules, { ...state, agentsOnline: true }, {}, clock);
      const offline = evaluateRules(rules, { ...state, agentsOnline: false }, {}, clock);
      if (!presenceMatters(online)) expect(offline).toEqual(online);
    }
    // Some of these states do fire a rule, where presence does matter.
    expect(states.some((s) => presenceMatters(evaluateRules(rules, s, {}, clock)))).toBe(true);
    expect(states.some((s) => !presenceMatters(evaluateRules(rules, s, {}, clock)))).toBe(true);
  });
});
