import { describe, expect, it } from "vitest";
import {
  contributionDelta,
  conversationContribution,
  conversationOutcome,
  counterKey,
  QUESTION_TEXT_MAX,
  questionDimension,
  type ConversationHistory,
} from "./conversation-metrics";
import { bucketOf, bucketValue, histogramQuantile } from "./histogram";

const T0 = Date.parse("2026-03-10T10:00:00Z");
const at = (seconds: number) => new Date(T0 + seconds * 1000);
let n = 0;
const msg = (role: "VISITOR" | "BOT" | "AGENT" | "SYSTEM", s: number, cited: string[] = []) => ({ id: `m${++n}`, role, at: at(s), citedSourceIds: cited });

function history(parts: Partial<ConversationHistory>): ConversationHistory {
  return { createdAt: at(0), messages: [], transitions: [], escalations: [], feedback: [], rating: null, ...parts };
}

describe("conversationOutcome", () => {
  it("an answered conversation without a human is involved, deflected and AI-resolved", () => {
    const o = conversationOutcome(history({ messages: [msg("VISITOR", 1), msg("BOT", 3, ["faq1"])] }));
    expect(o).toMatchObject({ counted: true, involved: true, escalated: false, deflected: true, aiResolved: true });
    expect(o.answerLatencies).toEqual([{ at: at(3), ms: 2000 }]);
  });

  it("a conversation the visitor never wrote in does not count", () => {
    expect(conversationOutcome(history({ messages: [] })).counted).toBe(false);
    expect(conversationContribution(history({ messages: [] }), "UTC").size).toBe(0);
  });

  it("a thumbs-down keeps it from being AI-resolved, though it stays deflected", () => {
    const answer = msg("BOT", 3, ["faq1"]);
    const o = conversationOutcome(history({ messages: [msg("VISITOR", 1), answer], feedback: [{ messageId: answer.id, helpful: false }] }));
    expect(o).toMatchObject({ deflected: true, aiResolved: false, notHelpful: 1, helpful: 0 });
  });

  it("a last reply that did not answer (no citation) is not a resolution", () => {
    const o = conversationOutcome(history({ messages: [msg("VISITOR", 1), msg("BOT", 2, ["a"]), msg("VISITOR", 10), msg("BOT", 11)] }));
    expect(o).toMatchObject({ involved: true, deflected: true, aiResolved: false });
  });

  it("escalated and resolved by an agent: queue wait, first response and resolution per episode", () => {
    const o = conversationOutcome(
      history({
        messages: [msg("VISITOR", 1), msg("BOT", 2, ["a"]), msg("VISITOR", 5), msg("AGENT", 65), msg("AGENT", 80)],
        transitions: [
          { at: at(5), status: "QUEUED" },
          { at: at(35), status: "ASSIGNED" },
          { at: at(305), status: "RESOLVED" },
        ],
        escalations: [{ at: at(5), reason: "visitor_asked", ruleId: null }],
      }),
    );
    expect(o).toMatchObject({ involved: true, escalated: true, deflected: false, aiResolved: false });
    expect(o.episodes).toEqual([{ queuedAt: at(5), reason: "visitor_asked", ruleId: null, queueWaitMs: 30_000, firstResponseMs: 60_000, resolutionMs: 300_000 }]);
  });

  it("a hand-back ends the episode without a resolution time; the conversation stays escalated", () => {
    const o = conversationOutcome(
      history({
        messages: [msg("VISITOR", 1), msg("BOT", 2, ["a"]), msg("AGENT", 40), msg("VISITOR", 100), msg("BOT", 101, ["b"])],
        transitions: [
          { at: at(10), status: "QUEUED" },
          { at: at(20), status: "ASSIGNED" },
          { at: at(60), status: "BOT" },
        ],
        escalations: [{ at: at(10), reason: "low_confidence", ruleId: "rule1" }],
      }),
    );
    expect(o).toMatchObject({ escalated: true, deflected: false, aiResolved: false });
    expect(o.episodes).toEqual([{ queuedAt: at(10), reason: "low_confidence", ruleId: "rule1", queueWaitMs: 10_000, firstResponseMs: 30_000, resolutionMs: null }]);
  });

  it("a reopened conversation has one episode per escalation, each with its own reason", () => {
    const o = conversationOutcome(
      history({
        messages: [msg("VISITOR", 1), msg("AGENT", 20), msg("VISITOR", 1000), msg("AGENT", 1100)],
        transitions: [
          { at: at(2), status: "QUEUED" },
          { at: at(10), status: "ASSIGNED" },
          { at: at(30), status: "RESOLVED" },
          { at: at(1000), status: "BOT" },
          { at: at(1001), status: "QUEUED" },
          { at: at(1050), status: "ASSIGNED" },
          { at: at(1200), status: "RESOLVED" },
        ],
        escalations: [
          { at: at(2), reason: "visitor_asked", ruleId: null },
          { at: at(1001), reason: "keyword", ruleId: "refunds" },
        ],
      }),
    );
    expect(o.episodes.map((e) => [e.reason, e.ruleId, e.queueWaitMs, e.firstResponseMs, e.resolutionMs])).toEqual([
      ["visitor_asked", null, 8_000, 18_000, 28_000],
      ["keyword", "refunds", 49_000, 99_000, 199_000],
    ]);
    expect(o).toMatchObject({ involved: false, escalated: true });
  });

  it("still waiting in the queue: no wait, no response, no resolution yet", () => {
    const o = conversationOutcome(history({ messages: [msg("VISITOR", 1)], transitions: [{ at: at(2), status: "QUEUED" }], escalations: [] }));
    expect(o.episodes).toEqual([{ queuedAt: at(2), reason: null, ruleId: null, queueWaitMs: null, firstResponseMs: null, resolutionMs: null }]);
  });

  it("each bot reply answers the oldest waiting visitor message", () => {
    const o = conversationOutcome(history({ messages: [msg("VISITOR", 1), msg("VISITOR", 2), msg("BOT", 4, ["a"]), msg("BOT", 7, ["b"])] }));
    expect(o.answerLatencies.map((l) => l.ms)).toEqual([3000, 5000]);
  });
});

describe("conversationContribution: local days", () => {
  it("a conversation started at 23:30 in Shanghai counts on the Shanghai day, its message after midnight on the next", () => {
    const start = new Date("2026-03-10T15:30:00Z"); // 23:30 in Asia/Shanghai
    const h = history({
      createdAt: start,
      messages: [
        { id: "v", role: "VISITOR", at: start, citedSourceIds: [] },
        { id: "b", role: "BOT", at: new Date("2026-03-10T16:00:30Z"), citedSourceIds: ["faq"] },
      ],
    });
    const c = conversationContribution(h, "Asia/Shanghai");
    expect(c.get(counterKey("2026-03-10", "conversations"))).toBe(1);
    expect(c.get(counterKey("2026-03-10", "messages_visitor"))).toBe(1);
    expect(c.get(counterKey("2026-03-11", "messages_bot"))).toBe(1);
    expect(c.get(counterKey("2026-03-11", "cited", "faq"))).toBe(1);
    // 2026-03-10 is a Tuesday (weekday 1), 23:00 local.
    expect(c.get(counterKey("2026-03-10", "heatmap", "1-23"))).toBe(1);
    // The same conversation in UTC is all on the 10th.
    const utc = conversationContribution(h, "UTC");
    expect(utc.get(counterKey("2026-03-10", "messages_bot"))).toBe(1);
    expect(utc.get(counterKey("2026-03-10", "heatmap", "1-15"))).toBe(1);
  });

  it("on the spring-forward day in New York, 01:59 and 03:00 are one local hour apart and on the same day", () => {
    const before = new Date("2026-03-08T06:59:00Z"); // 01:59 EST
    const after = new Date("2026-03-08T07:00:00Z"); // 03:00 EDT
    const c = conversationContribution(
      history({ createdAt: before, messages: [{ id: "v1", role: "VISITOR", at: before }, { id: "v2", role: "VISITOR", at: after }] }),
      "America/New_York",
    );
    expect(c.get(counterKey("2026-03-08", "messages_visitor"))).toBe(2);
    expect(c.get(counterKey("2026-03-08", "heatmap", "6-1"))).toBe(1);
    expect(c.get(counterKey("2026-03-08", "heatmap", "6-3"))).toBe(1);
    expect(c.has(counterKey("2026-03-08", "heatmap", "6-2"))).toBe(false);
  });

  it("each visitor message's text counts as a question on its local day; bot and agent texts do not", () => {
    const late = new Date("2026-03-10T16:30:00Z"); // 00:30 on the 11th in Shanghai
    const c = conversationContribution(
      history({
        createdAt: at(0),
        messages: [
          { id: "v1", role: "VISITOR", at: at(0), text: "  How long   does\nshipping take? " },
          { id: "b1", role: "BOT", at: at(2), citedSourceIds: ["faq"] },
          { id: "v2", role: "VISITOR", at: late, text: "How long does shipping take?" },
          { id: "v3", role: "VISITOR", at: late, text: "   " },
          { id: "a1", role: "AGENT", at: late },
        ],
      }),
      "Asia/Shanghai",
    );
    const questions = [...c].filter(([key]) => key.includes("|question|"));
    expect(questions).toEqual([
      [counterKey("2026-03-10", "question", "How long does shipping take?"), 1],
      [counterKey("2026-03-11", "question", "How long does shipping take?"), 1],
    ]);
  });

  it("a question's text is cut to its first characters, whole characters only", () => {
    expect(questionDimension(" 退款 \t 怎么办 ")).toBe("退款 怎么办");
    const long = "😀".repeat(QUESTION_TEXT_MAX + 5);
    expect([...questionDimension(long)]).toHaveLength(QUESTION_TEXT_MAX);
    expect(questionDimension("")).toBe("");
  });

  it("the delta between two contributions is what changed, and applying it gives the new one", () => {
    const before = new Map([
      ["d|conversations|", 1],
      ["d|ai_resolved|", 1],
    ]);
    const after = new Map([
      ["d|conversations|", 1],
      ["d|feedback_not_helpful|", 1],
    ]);
    expect(contributionDelta(before, after)).toEqual(new Map([["d|feedback_not_helpful|", 1], ["d|ai_resolved|", -1]]));
  });
});

describe("histogram", () => {
  it("reads percentiles within 10 % of the true value", () => {
    const values = Array.from({ length: 1000 }, (_, i) => 200 + i * 37);
    const counts = new Map<number, number>();
    for (const v of values) counts.set(bucketOf(v), (counts.get(bucketOf(v)) ?? 0) + 1);
    const trueMedian = values[499]!;
    const trueP90 = values[899]!;
    expect(Math.abs(histogramQuantile(counts, 0.5)! - trueMedian) / trueMedian).toBeLessThan(0.1);
    expect(Math.abs(histogramQuantile(counts, 0.9)! - trueP90) / trueP90).toBeLessThan(0.1);
    expect(histogramQuantile(new Map(), 0.5)).toBeNull();
    expect(bucketValue(bucketOf(0))).toBe(0);
  });
});
