import { decisiveConditions, evaluateNode, explainCodes, reasonOf, type ConditionTrace } from "./conditions";
import { explanation, explanationText, type Explanation } from "./explanations";
import {
  ESCALATING_ACTIONS,
  type Action,
  type Clock,
  type EscalationReason,
  type EscalationRule,
  type EscalationState,
  type VisitorAttributes,
} from "./model";

export type RuleStatus =
  /** Matched and its actions were taken. */
  | "fired"
  /** Conditions were false. */
  | "not_matched"
  | "disabled"
  /** Would have matched, but an earlier rule fired without "continue". */
  | "shadowed"
  /** Matched, but it would re-escalate a conversation just handed back to the bot. */
  | "suppressed"
  /** Not evaluated: rules only run while the bot owns the conversation. */
  | "inactive";

export interface RuleTrace {
  ruleId: string;
  name: string;
  order: number;
  status: RuleStatus;
  /** One line per condition, matched or not, plus the status explanation. */
  why: string[];
  /** `why` as data (code + params, same order), for rendering in other languages. */
  explanations: Explanation[];
  conditions: ConditionTrace | null;
  /** Actions of this rule dropped because an earlier rule already set that singleton. */
  droppedActions: Action[];
}

export interface MatchedRule {
  ruleId: string;
  name: string;
  /** Explanations of the conditions that made the rule true (the trace has all of them). */
  why: string[];
  explanations: Explanation[];
}

export interface Decision {
  matched: MatchedRule[];
  actions: Action[];
  escalate: boolean;
  reason: EscalationReason | null;
  /** True when escalating while nobody of the target team is online (collect contact instead). */
  offline: boolean;
  trace: RuleTrace[];
}

/** English lines and their codes, side by side. */
const says = (explanations: Explanation[]) => ({ why: explanations.map(explanationText), explanations });

const byOrder = (a: EscalationRule, b: EscalationRule) => a.order - b.order || a.id.localeCompare(b.id);

const escalates = (actions: readonly Action[]) => actions.some((a) => ESCALATING_ACTIONS.includes(a.kind));

/**
 * Merges actions in rule order: at most one handoff, assign_agent, set_priority and
 * collect_contact (the first wins), tags unioned, identical messages and notifications once.
 * Returns the actions of `incoming` that were dropped.
 */
function mergeActions(into: Action[], incoming: readonly Action[]): Action[] {
  const dropped: Action[] = [];
  for (const action of incoming) {
    switch (action.kind) {
      case "handoff":
      case "assign_agent":
      case "set_priority":
      case "collect_contact":
        if (into.some((a) => a.kind === action.kind)) dropped.push(action);
        else into.push(action);
        break;
      case "add_tags": {
        const existing = into.find((a): a is Extract<Action, { kind: "add_tags" }> => a.kind === "add_tags");
        const known = new Set(existing?.tags.map((t) => t.toLowerCase()) ?? []);
        const fresh = action.tags.filter((t) => {
          const key = t.toLowerCase();
          if (known.has(key)) return false;
          known.add(key);
          return true;
        });
        if (existing) existing.tags.push(...fresh);
        else into.push({ kind: "add_tags", tags: fresh });
        break;
      }
      case "send_message":
        if (into.some((a) => a.kind === "send_message" && a.text === action.text)) dropped.push(action);
        else into.push(action);
        break;
      case "notify":
        if (into.some((a) => a.kind === "notify" && a.channel === action.channel && a.target === action.target)) dropped.push(action);
        else into.push(action);
        break;
    }
  }
  return dropped;
}

function teamOnline(state: EscalationState, actions: readonly Action[]): boolean {
  const handoff = actions.find((a) => a.kind === "handoff");
  const teamId = handoff?.kind === "handoff" ? handoff.teamId : undefined;
  if (teamId && state.teamsOnline && teamId in state.teamsOnline) return state.teamsOnline[teamId] === true;
  return state.agentsOnline;
}

/**
 * Decides what to do with the visitor's latest message. Pure: the clock is an argument.
 * Rules run by `order`; disabled ones are skipped; the first matching rule wins unless it says
 * `continue`, in which case later matching rules add their actions. Every rule is still
 * evaluated so the trace can explain why the others did not fire.
 */
export function evaluateRules(
  rules: readonly EscalationRule[],
  state: EscalationState,
  attributes: VisitorAttributes,
  clock: Clock,
): Decision {
  const now = clock.now();
  const sorted = [...rules].sort(byOrder);
  const base = (r: EscalationRule) => ({ ruleId: r.id, name: r.name, order: r.order, droppedActions: [] as Action[] });

  if (state.status !== "bot") {
    const inactive = explanation("rule_inactive", { status: state.status });
    return {
      matched: [],
      actions: [],
      escalate: false,
      reason: null,
      offline: false,
      trace: sorted.map((r) => ({ ...base(r), status: r.enabled ? "inactive" : "disabled", ...says([inactive]), conditions: null })),
    };
  }

  const matched: MatchedRule[] = [];
  const actions: Action[] = [];
  const trace: RuleTrace[] = [];
  let reason: EscalationReason | null = null;
  let stopped: string | null = null;
  const cooldown = state.cooldown && state.cooldown.turnsLeft > 0 ? state.cooldown : null;

  for (const rule of sorted) {
    if (!rule.enabled) {
      trace.push({ ...base(rule), status: "disabled", ...says([explanation("rule_disabled")]), conditions: null });
      continue;
    }
    const conditions = evaluateNode(rule.conditions, state, attributes, now);
    const why = explainCodes(conditions);
    if (!conditions.matched) {
      trace.push({ ...base(rule), status: "not_matched", ...says(why), conditions });
      continue;
    }
    if (stopped) {
      trace.push({ ...base(rule), status: "shadowed", ...says([...why, explanation("rule_shadowed", { rule: stopped })]), conditions });
      continue;
    }
    const ruleReason = escalates(rule.actions) ? reasonOf(decisiveConditions(conditions)) : null;
    // No loop between bot and queue: right after a hand-back, the same rule or reason may not
    // escalate again for a few turns — unless the visitor asks for a human.
    if (
      cooldown &&
      ruleReason &&
      ruleReason !== "visitor_asked" &&
      (cooldown.ruleId === rule.id || cooldown.reason === ruleReason)
    ) {
      const note = explanation("rule_suppressed", { turns: cooldown.turnsLeft });
      trace.push({ ...base(rule), status: "suppressed", ...says([...why, note]), conditions });
      continue;
    }
    const droppedActions = mergeActions(actions, rule.actions);
    const decisive = decisiveConditions(conditions).map((c) => explanation(c.code, c.params));
    matched.push({ ruleId: rule.id, name: rule.name, ...says(decisive) });
    trace.push({ ...base(rule), status: "fired", ...says(why), conditions, droppedActions });
    reason ??= ruleReason;
    if (!rule.continue) stopped = rule.name;
  }

  const humanNeeded = actions.some((a) => a.kind === "handoff" || a.kind === "assign_agent");
  const online = teamOnline(state, actions);
  let finalActions = actions;
  if (online) {
    // "Leave a message" only applies when nobody can take the conversation now.
    finalActions = actions.filter((a) => a.kind !== "collect_contact");
  } else if (humanNeeded && !actions.some((a) => a.kind === "collect_contact")) {
    // Offline fallback: never queue silently when nobody is there to pick it up.
    finalActions = [...actions, { kind: "collect_contact" }];
  }
  const escalate = escalates(finalActions);
  return {
    matched,
    actions: finalActions,
    escalate,
    reason: escalate ? reason : null,
    offline: escalate && !online,
    trace,
  };
}
