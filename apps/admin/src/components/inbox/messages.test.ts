import { describe, expect, it } from "vitest";
import { authorLabel, colleagueNames, mergeMessages, newClientMessageId, toInboxMessage, type InboxMessage } from "./messages";

const message = (id: string, content = id): InboxMessage => ({
  id,
  role: "VISITOR",
  content,
  citations: [],
  suggestions: [],
  attachments: [],
  confidence: null,
  notice: null,
  clientMessageId: null,
  authorId: null,
  authorName: null,
  createdAt: new Date("2026-01-01T00:00:00Z"),
});

describe("mergeMessages", () => {
  it("appends new messages in arrival order", () => {
    expect(mergeMessages([message("a")], [message("b"), message("c")]).map((m) => m.id)).toEqual(["a", "b", "c"]);
  });

  it("drops messages already shown, including a replay of the same event", () => {
    const merged = mergeMessages([message("a"), message("b")], [message("b"), message("c"), message("c")]);
    expect(merged.map((m) => m.id)).toEqual(["a", "b", "c"]);
  });

  it("keeps the first copy's content (the stored one) when ids collide", () => {
    expect(mergeMessages([message("a", "stored")], [message("a", "replayed")])[0]!.content).toBe("stored");
  });
});

describe("toInboxMessage", () => {
  it("reads a stream payload, turning the ISO date into a Date", () => {
    const parsed = toInboxMessage({
      id: "m1",
      role: "AGENT",
      content: "Hello",
      citations: [{ sourceId: "s", title: "FAQ", snippet: "…" }],
      clientMessageId: "c1234567",
      authorId: "u1",
      authorName: "Li Wei",
      createdAt: "2026-03-01T10:00:00.000Z",
    });
    expect(parsed).toMatchObject({ id: "m1", role: "AGENT", content: "Hello", authorId: "u1", authorName: "Li Wei", notice: null, confidence: null });
    expect(parsed!.createdAt.toISOString()).toBe("2026-03-01T10:00:00.000Z");
    expect(parsed!.citations).toHaveLength(1);
  });

  it("rejects payloads that are not messages", () => {
    expect(toInboxMessage(null)).toBeNull();
    expect(toInboxMessage({ id: "m1", role: "ROBOT", content: "x" })).toBeNull();
    expect(toInboxMessage({ id: 1, role: "BOT", content: "x" })).toBeNull();
  });
});

describe("authorLabel", () => {
  const me = { userId: "u-me", you: "You" };

  it("names the author of agent messages and notes, and says You for the signed-in agent", () => {
    expect(authorLabel({ role: "AGENT", authorId: "u-li", authorName: "Li Wei" }, me)).toBe("Li Wei");
    expect(authorLabel({ role: "NOTE", authorId: "u-li", authorName: "Li Wei" }, me)).toBe("Li Wei");
    expect(authorLabel({ role: "AGENT", authorId: "u-me", authorName: "Me Myself" }, me)).toBe("You");
    expect(authorLabel({ role: "NOTE", authorId: "u-me", authorName: null }, { userId: "u-me", you: "你" })).toBe("你");
  });

  it("names a colleague whose messages carry no name (kept from visitors) as the member list does: name, else e-mail", () => {
    const colleagues = colleagueNames([
      { userId: "u-li", name: null, email: "li.wei@shop.test" },
      { userId: "u-an", name: " An ", email: "an@shop.test" },
    ]);
    expect(authorLabel({ role: "AGENT", authorId: "u-li", authorName: null }, me, colleagues)).toBe("li.wei@shop.test");
    expect(authorLabel({ role: "NOTE", authorId: "u-an", authorName: null }, me, colleagues)).toBe("An");
    expect(authorLabel({ role: "AGENT", authorId: "u-gone", authorName: null }, me, colleagues)).toBeNull();
    expect(authorLabel({ role: "AGENT", authorId: "u-me", authorName: null }, me, colleagues)).toBe("You");
  });

  it("gives null (the role label is used) without a name, or for visitor, bot and system messages", () => {
    expect(authorLabel({ role: "AGENT", authorId: "u-gone", authorName: null }, me)).toBeNull();
    expect(authorLabel({ role: "AGENT", authorId: null, authorName: "  " }, me)).toBeNull();
    expect(authorLabel({ role: "AGENT", authorId: "u-me", authorName: "Me" }, { userId: undefined, you: "You" })).toBe("Me");
    expect(authorLabel({ role: "BOT", authorId: null, authorName: "Bot" }, me)).toBeNull();
    expect(authorLabel({ role: "VISITOR", authorId: "u-me", authorName: "x" }, me)).toBeNull();
  });
});

describe("newClientMessageId", () => {
  it("is unique and within the server's 8–64 character limit", () => {
    const ids = new Set(Array.from({ length: 100 }, newClientMessageId));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{8,64}$/);
  });
});
