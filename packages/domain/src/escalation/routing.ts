/** Lower-case here; the upper-case spelling of the schemas/database (PRESENCES) is accepted too. */
export type Presence = "online" | "away" | "offline";

export interface AgentAvailability {
  agentId: string;
  presence: Presence | Uppercase<Presence>;
  /** Conversations currently assigned to the agent and not resolved. */
  openConversations: number;
  /** Per-agent concurrency limit; 0 means the agent takes no new conversations. */
  maxConcurrent: number;
}

/** Online and under the concurrency limit. */
export const canTakeConversation = (a: AgentAvailability): boolean =>
  a.presence.toLowerCase() === "online" && a.openConversations < a.maxConcurrent;

/**
 * Round-robin among the team's agents that can take a conversation. Agents are ordered by id
 * (so the result does not depend on the order the database returned them in), and the pick is
 * the first eligible agent after `cursor` (the last agent assigned in this team), wrapping
 * around. A cursor that is no longer in the team still positions the rotation by id. Load is not
 * balanced beyond the limit on purpose: round-robin is predictable and easy to explain.
 */
export function pickAgent(agents: readonly AgentAvailability[], cursor: string | null): string | null {
  const seen = new Set<string>();
  const eligible = agents
    .filter((a) => {
      if (seen.has(a.agentId)) return false;
      seen.add(a.agentId);
      return true;
    })
    .filter(canTakeConversation)
    .map((a) => a.agentId)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (eligible.length === 0) return null;
  if (cursor === null) return eligible[0]!;
  return eligible.find((id) => id > cursor) ?? eligible[0]!;
}
