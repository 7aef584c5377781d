import type { ConversationStatus, EscalationCooldown, EscalationReason } from "./model";
import type { Notice } from "./notices";

/**
 * The conversation as a state machine (issue 4):
 *
 *   bot ──escalate──▶ queued ──assign/claim──▶ assigned ──resolve──▶ resolved
 *    ▲                  │  ▲                     │  │                   │
 *    │                  │  └──transfer(team)─────┘  │                   │
 *    └──hand_back / idle_timeout ◀───────────────────┘                   │
 *    └───────────────────────── reopen / visitor_message ◀──────────────┘
 *
 * Invariants, each covered by tests:
 * - no silent handoff: every transition into queued or assigned (or to another agent) emits a
 *   visitor-facing notice;
 * - no loop between bot and queue: hand_back/idle_timeout leave a cooldown that the rule engine
 *   honours (same rule or reason cannot re-escalate for COOLDOWN_TURNS visitor turns unless the
 *   visitor asks for a human);
 * - context reset after resolve: counters, reason, agent, team and cooldown are cleared;
 * - only one agent owns an assigned conversation; the bot speaks only in `bot` (botMaySpeak).
 *
 * Order per visitor message: evaluate the rules with the current state (so a fresh cooldown of
 * COOLDOWN_TURNS holds back exactly that many messages), let the bot answer if it may, then
 * apply `visitor_message` with whether it answered (counts the turn, ticks the cooldown).
 */
export const COOLDOWN_TURNS = 3;

export interface ConversationCounters {
  /** Visitor messages in the current episode (reset after resolve). */
  visitorTurns: number;
  consecutiveUnanswered: number;
}

export interface ConversationMachineState {
  status: ConversationStatus;
  agentId: string | null;
  teamId: string | null;
  reason: EscalationReason | null;
  escalatedByRuleId: string | null;
  cooldown: EscalationCooldown | null;
  counters: ConversationCounters;
}

export type ConversationEvent =
  | { type: "escalate"; reason: EscalationReason; ruleId?: string | null; teamId?: string | null; queuePosition?: number | null; offline?: boolean }
  | { type: "assign"; agentId: string; agentName?: string }
  | { type: "claim"; agentId: string; agentName?: string }
  | { type: "transfer"; agentId?: string; agentName?: string; teamId?: string; queuePosition?: number | null }
  /** The agent holding it left the workspace: back to its queue (team kept). */
  | { type: "requeue"; queuePosition?: number | null }
  | { type: "agent_reply"; agentId: string }
  | { type: "hand_back" }
  | { type: "resolve" }
  | { type: "reopen" }
  | { type: "visitor_message"; answered?: boolean }
  | { type: "idle_timeout" };

export type ConversationEffect =
  /** Shown to the visitor (rendered with noticeText). */
  | { type: "notice"; notice: Notice }
  /** Stored with the conversation for the inbox and reports. */
  | { type: "record_escalation"; reason: EscalationReason; ruleId: string | null }
  | { type: "enqueue"; teamId: string | null }
  | { type: "dequeue" }
  | { type: "collect_contact" }
  | { type: "request_rating" };

export type TransitionError =
  | "already_escalated"
  | "not_queued"
  | "not_assigned"
  | "already_assigned"
  | "not_owner"
  | "already_resolved"
  | "not_resolved"
  | "invalid_transfer"
  | "nothing_to_time_out";

export type TransitionResult =
  | { ok: true; next: ConversationMachineState; effects: ConversationEffect[] }
  | { ok: false; error: TransitionError };

const freshCounters = (): ConversationCounters => ({ visitorTurns: 0, consecutiveUnanswered: 0 });

export const initialConversationState = (): ConversationMachineState => ({
  status: "bot",
  agentId: null,
  teamId: null,
  reason: null,
  escalatedByRuleId: null,
  cooldown: null,
  counters: freshCounters(),
});

/** The server asks this before generating any bot reply: an agent's conversation stays human. */
export const botMaySpeak = (state: Pick<ConversationMachineState, "status">): boolean => state.status === "bot";

const ok = (next: ConversationMachineState, effects: ConversationEffect[]): TransitionResult => ({ ok: true, next, effects });
const fail = (error: TransitionError): TransitionResult => ({ ok: false, error });

function backToBot(state: ConversationMachineState): TransitionResult {
  return ok(
    {
      ...state,
      status: "bot",
      agentId: null,
      teamId: null,
      cooldown: { ruleId: state.escalatedByRuleId, reason: state.reason, turnsLeft: COOLDOWN_TURNS },
      counters: { ...state.counters, consecutiveUnanswered: 0 },
    },
    [...(state.status === "queued" ? [{ type: "dequeue" } as const] : []), { type: "notice", notice: { kind: "bot_resumed" } }],
  );
}

function joined(state: ConversationMachineState, agentId: string, agentName: string | undefined): TransitionResult {
  return ok({ ...state, status: "assigned", agentId }, [
    ...(state.status === "queued" ? [{ type: "dequeue" } as const] : []),
    { type: "notice", notice: { kind: "agent_joined", agentName: agentName ?? null } },
  ]);
}

export function transition(state: ConversationMachineState, event: ConversationEvent): TransitionResult {
  switch (event.type) {
    case "escalate": {
      if (state.status === "resolved") return fail("already_resolved");
      if (state.status !== "bot") return fail("already_escalated");
      const teamId = event.teamId ?? null;
      const effects: ConversationEffect[] = [
        { type: "record_escalation", reason: event.reason, ruleId: event.ruleId ?? null },
        { type: "enqueue", teamId },
        event.offline
          ? { type: "notice", notice: { kind: "offline" } }
          : { type: "notice", notice: { kind: "queued", position: event.queuePosition ?? null } },
      ];
      if (event.offline) effects.push({ type: "collect_contact" });
      return ok({ ...state, status: "queued", teamId, reason: event.reason, escalatedByRuleId: event.ruleId ?? null, cooldown: null }, effects);
    }
    case "assign":
      if (state.status !== "queued") return fail(state.status === "assigned" ? "already_assigned" : "not_queued");
      return joined(state, event.agentId, event.agentName);
    case "claim":
      if (state.status === "assigned") {
        // Claiming one's own conversation again is a harmless retry; someone else's is not.
        return state.agentId === event.agentId ? ok(state, []) : fail("already_assigned");
      }
      if (state.status !== "queued") return fail("not_queued");
      return joined(state, event.agentId, event.agentName);
    case "transfer": {
      if (state.status !== "assigned" && state.status !== "queued") return fail("not_assigned");
      if (event.agentId) {
        if (event.agentId === state.agentId) return fail("invalid_transfer");
        const r = joined(state, event.agentId, event.agentName);
        return r.ok ? ok({ ...r.next, teamId: event.teamId ?? state.teamId }, r.effects) : r;
      }
      if (!event.teamId) return fail("invalid_transfer");
      return ok({ ...state, status: "queued", agentId: null, teamId: event.teamId }, [
        ...(state.status === "queued" ? [{ type: "dequeue" } as const] : []),
        { type: "enqueue", teamId: event.teamId },
        { type: "notice", notice: { kind: "queued", position: event.queuePosition ?? null } },
      ]);
    }
    case "requeue":
      if (state.status !== "assigned") return fail("not_assigned");
      return ok({ ...state, status: "queued", agentId: null }, [
        { type: "enqueue", teamId: state.teamId },
        { type: "notice", notice: { kind: "queued", position: event.queuePosition ?? null } },
      ]);
    case "agent_reply":
      if (state.status !== "assigned") return fail("not_assigned");
      if (state.agentId !== event.agentId) return fail("not_owner");
      return ok(state, []);
    case "hand_back":
      if (state.status !== "assigned" && state.status !== "queued") return fail("not_assigned");
      return backToBot(state);
    case "idle_timeout":
      if (state.status !== "assigned" && state.status !== "queued") return fail("nothing_to_time_out");
      return backToBot(state);
    case "resolve":
      if (state.status === "resolved") return fail("already_resolved");
      return ok({ ...initialConversationState(), status: "resolved" }, [
        ...(state.status === "queued" ? [{ type: "dequeue" } as const] : []),
        { type: "notice", notice: { kind: "resolved" } },
        { type: "request_rating" },
      ]);
    case "reopen":
      if (state.status !== "resolved") return fail("not_resolved");
      return ok(initialConversationState(), [{ type: "notice", notice: { kind: "ai_assistant" } }]);
    case "visitor_message": {
      if (state.status === "resolved") return transition(state, { type: "reopen" });
      const unanswered = event.answered === undefined ? state.counters.consecutiveUnanswered : event.answered ? 0 : state.counters.consecutiveUnanswered + 1;
      const cooldown = state.status === "bot" && state.cooldown ? { ...state.cooldown, turnsLeft: state.cooldown.turnsLeft - 1 } : state.cooldown;
      return ok(
        {
          ...state,
          cooldown: cooldown && cooldown.turnsLeft > 0 ? cooldown : null,
          counters: { visitorTurns: state.counters.visitorTurns + 1, consecutiveUnanswered: state.status === "bot" ? unanswered : state.counters.consecutiveUnanswered },
        },
        [],
      );
    }
  }
}
