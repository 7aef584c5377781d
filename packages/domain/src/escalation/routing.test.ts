import { describe, expect, it } from "vitest";
import { canTakeConversation, pickAgent, type AgentAvailability } from "./routing";

const agent = (agentId: string, presence: AgentAvailability["presence"] = "online", openConversations = 0, maxConcurrent = 3): AgentAvailability => ({
  agentId,
  presence,
  openConversations,
  maxConcurrent,
});

describe("pickAgent", () => {
  const team = [agent("c"), agent("a"), agent("b")];

  it("starts with the first agent by id when there is no cursor", () => {
    expect(pickAgent(team, null)).toBe("a");
  });

  it("rotates after the cursor and wraps around", () => {
    expect(pickAgent(team, "a")).toBe("b");
    expect(pickAgent(team, "b")).toBe("c");
    expect(pickAgent(team, "c")).toBe("a");
  });

  it("a full rotation visits every eligible agent exactly once", () => {
    const picks: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 6; i++) {
      cursor = pickAgent(team, cursor);
      picks.push(cursor!);
    }
    expect(picks).toEqual(["a", "b", "c", "a", "b", "c"]);
  });

  it("ignores input order and equal loads (ties break by rotation, not by position)", () => {
    const shuffled = [agent("b", "online", 1), agent("c", "online", 1), agent("a", "online", 1)];
    expect(pickAgent(shuffled, "a")).toBe("b");
    expect(pickAgent([...shuffled].reverse(), "a")).toBe("b");
  });

  it("skips away, offline and full agents", () => {
    const mixed = [agent("a", "away"), agent("b", "online", 3, 3), agent("c", "offline"), agent("d", "online", 2, 3)];
    expect(pickAgent(mixed, null)).toBe("d");
    expect(pickAgent(mixed, "d")).toBe("d"); // the only eligible agent gets it again
  });

  it("returns null when everyone is busy, away or offline, or the team is empty", () => {
    expect(pickAgent([agent("a", "online", 3, 3), agent("b", "online", 5, 3)], null)).toBeNull();
    expect(pickAgent([agent("a", "away"), agent("b", "offline")], "a")).toBeNull();
    expect(pickAgent([agent("a", "online", 0, 0)], null)).toBeNull();
    expect(pickAgent([], null)).toBeNull();
  });

  it("positions a cursor that left the team by id", () => {
    expect(pickAgent(team, "bb")).toBe("c");
    expect(pickAgent(team, "zz")).toBe("a");
  });

  it("accepts the upper-case presence of the database, and ignores duplicate rows", () => {
    expect(canTakeConversation(agent("a", "ONLINE"))).toBe(true);
    expect(canTakeConversation(agent("a", "AWAY"))).toBe(false);
    expect(pickAgent([agent("a", "online", 3, 3), agent("a", "online", 0, 3), agent("b")], null)).toBe("b");
  });
});
