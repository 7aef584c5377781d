import { describe, expect, it } from "vitest";
import type { ConversationStatus } from "./model";
import {
  botMaySpeak,
  COOLDOWN_TURNS,
  initialConversationState,
  transition,
  type ConversationEvent,
  type ConversationMachineState,
  type TransitionError,
} from "./state-machine";

const bot = (): ConversationMachineState => ({ ...initialConversationState(), counters: { visitorTurns: 4, consecutiveUnanswered: 2 } });
const queued = (): ConversationMachineState => ({ ...bot(), status: "queued", reason: "low_confidence", escalatedByRuleId: "r-low", teamId: "billing" });
const assigned = (): ConversationMachineState => ({ ...queued(), status: "assigned", agentId: "a1" });
const resolved = (): ConversationMachineState => ({ ...initialConversationState(), status: "resolved" });
const states: Record<ConversationStatus, () => ConversationMachineState> = { bot, queued, assigned, resolved };

const escalate: ConversationEvent = { type: "escalate", reason: "visitor_asked", ruleId: "r-human", teamId: "tech", queuePosition: 2 };

// [from, event, expected next status or error]
const table: [ConversationStatus, ConversationEvent, ConversationStatus | TransitionError][] = [
  ["bot", escalate, "queued"],
  ["queued", escalate, "already_escalated"],
  ["assigned", escalate, "already_escalated"],
  ["resolved", escalate, "already_resolved"],
  ["bot", { type: "assign", agentId: "a2" }, "not_queued"],
  ["queued", { type: "assign", agentId: "a2" }, "assigned"],
  ["assigned", { type: "assign", agentId: "a2" }, "already_assigned"],
  ["resolved", { type: "assign", agentId: "a2" }, "not_queued"],
  ["bot", { type: "claim", agentId: "a2" }, "not_queued"],
  ["queued", { type: "claim", agentId: "a2" }, "assigned"],
  ["assigned", { type: "claim", agentId: "a2" }, "already_assigned"],
  ["assigned", { type: "claim", agentId: "a1" }, "assigned"],
  ["resolved", { type: "claim", agentId: "a2" }, "not_queued"],
  ["bot", { type: "transfer", agentId: "a2" }, "not_assigned"],
  ["assigned", { type: "transfer", agentId: "a2" }, "assigned"],
  ["assigned", { type: "transfer", agentId: "a1" }, "invalid_transfer"],
  ["assigned", { type: "transfer", teamId: "tech", queuePosition: 1 }, "queued"],
  ["assigned", { type: "transfer" }, "invalid_transfer"],
  ["queued", { type: "transfer", teamId: "tech" }, "queued"],
  ["resolved", { type: "transfer", teamId: "tech" }, "not_assigned"],
  ["assigned", { type: "requeue", queuePosition: 1 }, "queued"],
  ["queued", { type: "requeue" }, "not_assigned"],
  ["bot", { type: "requeue" }, "not_assigned"],
  ["resolved", { type: "requeue" }, "not_assigned"],
  ["bot", { type: "agent_reply", agentId: "a1" }, "not_assigned"],
  ["queued", { type: "agent_reply", agentId: "a1" }, "not_assigned"],
  ["assigned", { type: "agent_reply", agentId: "a1" }, "assigned"],
  ["assigned", { type: "agent_reply", agentId: "a2" }, "not_owner"],
  ["bot", { type: "hand_back" }, "not_assigned"],
  ["queued", { type: "hand_back" }, "bot"],
  ["assigned", { type: "hand_back" }, "bot"],
  ["resolved", { type: "hand_back" }, "not_assigned"],
  ["bot", { type: "idle_timeout" }, "nothing_to_time_out"],
  ["queued", { type: "idle_timeout" }, "bot"],
  ["assigned", { type: "idle_timeout" }, "bot"],
  ["resolved", { type: "idle_timeout" }, "nothing_to_time_out"],
  ["bot", { type: "resolve" }, "resolved"],
  ["queued", { type: "resolve" }, "resolved"],
  ["assigned", { type: "resolve" }, "resolved"],
  ["resolved", { type: "resolve" }, "already_resolved"],
  ["bot", { type: "reopen" }, "not_resolved"],
  ["assigned", { type: "reopen" }, "not_resolved"],
  ["resolved", { type: "reopen" }, "bot"],
  ["bot", { type: "visitor_message", answered: true }, "bot"],
  ["queued", { type: "visitor_message" }, "queued"],
  ["assigned", { type: "visitor_message" }, "assigned"],
  ["resolved", { type: "visitor_message" }, "bot"],
];

describe("an agent leaving", () => {
  it("puts what they held back in its team's queue, with no agent", () => {
    const r = transition(assigned(), { type: "requeue", queuePosition: 1 });
    expect(r).toMatchObject({ ok: true, next: { status: "queued", agentId: null, teamId: "billing" } });
    if (r.ok) expect(r.effects).toEqual([{ type: "enqueue", teamId: "billing" }, { type: "notice", notice: { kind: "queued", position: 1 } }]);
  });
});

describe("transition table", () => {
  it.each(table)("%s + %j → %s", (from, event, expected) => {
    const before = states[from]();
    const r = transition(before, event);
    if (r.ok) expect(r.next.status).toBe(expected);
    else expect(r.error).toBe(expected);
  });

  it("never hands off silently: entering queued/assigned or changing agent always tells the visitor", () => {
    for (const [from, event] of table) {
      const before = states[from]();
      const r = transition(before, event);
      if (!r.ok) continue;
      const changed = r.next.status !== before.status || r.next.agentId !== before.agentId || r.next.teamId !== before.teamId;
      if (changed && (r.next.status === "queued" || r.next.status === "assigned")) {
        expect(r.effects.some((e) => e.type === "notice"), `${from} + ${event.type}`).toBe(true);
      }
    }
  });

  it("lets the bot speak only in the bot state", () => {
    expect((["bot", "queued", "assigned", "resolved"] as const).filter((s) => botMaySpeak({ status: s }))).toEqual(["bot"]);
  });
});

describe("effects", () => {
  it("escalate records the reason, enqueues and announces the queue position", () => {
    const r = transition(bot(), escalate);
    expect(r.ok && r.effects).toEqual([
      { type: "record_escalation", reason: "visitor_asked", ruleId: "r-human" },
      { type: "enqueue", teamId: "tech" },
      { type: "notice", notice: { kind: "queued", position: 2 } },
    ]);
    expect(r.ok && r.next).toMatchObject({ reason: "visitor_asked", escalatedByRuleId: "r-human", teamId: "tech" });
  });

  it("escalating with nobody online tells the visitor and collects contact details", () => {
    const r = transition(bot(), { ...escalate, offline: true });
    expect(r.ok && r.effects.slice(2)).toEqual([{ type: "notice", notice: { kind: "offline" } }, { type: "collect_contact" }]);
  });

  it("claim announces the agent and leaves the queue; a repeated claim by the owner is a no-op", () => {
    const r = transition(queued(), { type: "claim", agentId: "a2", agentName: "Li Lei" });
    expect(r.ok && r.effects).toEqual([{ type: "dequeue" }, { type: "notice", notice: { kind: "agent_joined", agentName: "Li Lei" } }]);
    const again = transition(assigned(), { type: "claim", agentId: "a1" });
    expect(again.ok && again.effects).toEqual([]);
  });

  it("transfer to an agent announces the new agent; to a team re-queues with a position", () => {
    const toAgent = transition(assigned(), { type: "transfer", agentId: "a3" });
    expect(toAgent.ok && toAgent.next.agentId).toBe("a3");
    expect(toAgent.ok && toAgent.effects).toEqual([{ type: "notice", notice: { kind: "agent_joined", agentName: null } }]);
    const toTeam = transition(assigned(), { type: "transfer", teamId: "tech", queuePosition: 1 });
    expect(toTeam.ok && toTeam.next).toMatchObject({ status: "queued", agentId: null, teamId: "tech" });
    expect(toTeam.ok && toTeam.effects).toContainEqual({ type: "notice", notice: { kind: "queued", position: 1 } });
  });

  it("resolve resets the context, asks for a rating and tells the visitor", () => {
    const r = transition(assigned(), { type: "resolve" });
    expect(r.ok && r.next).toEqual({ ...initialConversationState(), status: "resolved" });
    expect(r.ok && r.effects).toEqual([{ type: "notice", notice: { kind: "resolved" } }, { type: "request_rating" }]);
    const fromQueue = transition(queued(), { type: "resolve" });
    expect(fromQueue.ok && fromQueue.effects[0]).toEqual({ type: "dequeue" });
  });

  it("reopen (or a visitor writing after resolve) starts a fresh bot episode", () => {
    for (const event of [{ type: "reopen" }, { type: "visitor_message" }] as const) {
      const r = transition(resolved(), event);
      expect(r.ok && r.next).toEqual(initialConversationState());
      expect(r.ok && r.effects).toEqual([{ type: "notice", notice: { kind: "ai_assistant" } }]);
    }
  });
});

describe("no loop between bot and queue", () => {
  it("hand_back leaves a cooldown naming the escalating rule and reason, and tells the visitor", () => {
    const r = transition(assigned(), { type: "hand_back" });
    expect(r.ok && r.next).toMatchObject({
      status: "bot",
      agentId: null,
      cooldown: { ruleId: "r-low", reason: "low_confidence", turnsLeft: COOLDOWN_TURNS },
      counters: { visitorTurns: 4, consecutiveUnanswered: 0 },
    });
    expect(r.ok && r.effects).toEqual([{ type: "notice", notice: { kind: "bot_resumed" } }]);
  });

  it("visitor turns in the bot state count the cooldown down and then clear it", () => {
    const handed = transition(assigned(), { type: "idle_timeout" });
    if (!handed.ok) throw new Error(handed.error);
    let state = handed.next;
    const left: (number | null)[] = [];
    for (let i = 0; i < COOLDOWN_TURNS; i++) {
      const r = transition(state, { type: "visitor_message", answered: false });
      if (!r.ok) throw new Error(r.error);
      state = r.next;
      left.push(state.cooldown?.turnsLeft ?? null);
    }
    expect(left).toEqual([2, 1, null]);
    expect(state.counters.consecutiveUnanswered).toBe(COOLDOWN_TURNS);
  });

  it("a new escalation clears the old cooldown", () => {
    const r = transition({ ...bot(), cooldown: { ruleId: "r", reason: "keyword", turnsLeft: 2 } }, escalate);
    expect(r.ok && r.next.cooldown).toBeNull();
  });

  it("counts unanswered turns only while the bot answers", () => {
    const r1 = transition(bot(), { type: "visitor_message", answered: true });
    expect(r1.ok && r1.next.counters).toEqual({ visitorTurns: 5, consecutiveUnanswered: 0 });
    const r2 = transition(assigned(), { type: "visitor_message" });
    expect(r2.ok && r2.next.counters).toEqual({ visitorTurns: 5, consecutiveUnanswered: 2 });
  });
});
