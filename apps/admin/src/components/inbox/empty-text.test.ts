import { describe, expect, it } from "vitest";
import { inboxEmptyText } from "./empty-text";

describe("inboxEmptyText", () => {
  it("asks an agent who is not online to go online", () => {
    expect(inboxEmptyText("unassigned", { online: false, mine: 0 })).toEqual(["inbox.empty", "empty.inbox.body"]);
  });

  it("does not ask an online agent to go online", () => {
    expect(inboxEmptyText("unassigned", { online: true, mine: 0 })).toEqual(["inbox.empty"]);
    expect(inboxEmptyText("mine", { online: true, mine: 0 })).toEqual(["inbox.empty"]);
  });

  it("points an empty Unassigned view to the conversations routed to the agent", () => {
    expect(inboxEmptyText("unassigned", { online: true, mine: 1 })).toEqual(["inbox.empty", "inbox.empty.seeMine"]);
    expect(inboxEmptyText("all", { online: true, mine: 1 })).toEqual(["inbox.empty"]);
  });

  it("says nothing about new handoffs in Resolved", () => {
    expect(inboxEmptyText("resolved", { online: false, mine: 0 })).toEqual(["inbox.empty.resolved"]);
  });
});
