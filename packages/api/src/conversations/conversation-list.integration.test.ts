import { beforeAll, describe, expect, it } from "vitest";
import { ownerOfNewTenant, useTestDb } from "../testing/index.ts";

const t = useTestDb();

type Owner = Awaited<ReturnType<typeof ownerOfNewTenant>>;
type Role = "VISITOR" | "BOT" | "AGENT" | "SYSTEM" | "NOTE";

async function conversationWith(owner: Owner, botId: string, messages: [Role, string][], rating?: number) {
  const { tenantId } = owner;
  const visitor = await t.db.visitor.create({ data: { tenantId, botId, tokenHash: `h-${crypto.randomUUID()}` } });
  const conversation = await t.db.conversation.create({
    data: { tenantId, botId, visitorId: visitor.id, ...(rating ? { status: "RESOLVED", rating } : {}) },
  });
  for (const [role, content] of messages) await t.db.message.create({ data: { tenantId, conversationId: conversation.id, role, content } });
  return conversation.id;
}

let owner: Owner;
let other: Owner;
let resolved: string;
let open: string;
let silent: string;

beforeAll(async () => {
  owner = await ownerOfNewTenant(t.db, "Preview shop");
  other = await ownerOfNewTenant(t.db, "Other shop");
  const bot = await owner.caller.bot.create({ name: "Shop bot", greeting: "Hi", instructions: "", language: "en", brandColor: "#0f766e" });
  const otherBot = await other.caller.bot.create({ name: "Other bot", greeting: "Hi", instructions: "", language: "en", brandColor: "#0f766e" });
  resolved = await conversationWith(
    owner,
    bot.id,
    [
      ["VISITOR", "Where is my parcel?"],
      ["BOT", "Let me find a person who can check."],
      ["VISITOR", "Order 1042"],
      ["AGENT", "It left the warehouse this morning."],
      ["NOTE", "Customer is a VIP"],
      ["SYSTEM", "The conversation was resolved. Please rate your experience."],
    ],
    4,
  );
  open = await conversationWith(owner, bot.id, [
    ["VISITOR", "Do you ship abroad?"],
    ["BOT", "Yes, to 40 countries."],
  ]);
  silent = await conversationWith(owner, bot.id, [["SYSTEM", "An agent joined"]]);
  await conversationWith(other, otherBot.id, [["VISITOR", "Another tenant's question"]], 1);
});

describe("conversation list", () => {
  it("previews each conversation by its last visitor, bot or agent message, counts only those and shows the rating", async () => {
    const { items, nextCursor } = await owner.caller.conversation.list({ limit: 30 });
    expect(nextCursor).toBeNull();
    const byId = new Map(items.map((c) => [c.id, c]));
    expect(items).toHaveLength(3);
    expect(byId.get(resolved)).toMatchObject({
      rating: 4,
      status: "RESOLVED",
      // Two from the visitor, the bot's answer and the agent's reply; not the note or the system line.
      messageCount: 4,
      bot: { name: "Shop bot" },
      lastMessage: { role: "AGENT", content: "It left the warehouse this morning." },
    });
    expect(byId.get(open)).toMatchObject({ rating: null, lastMessage: { role: "BOT", content: "Yes, to 40 countries." } });
    expect(byId.get(silent)).toMatchObject({ lastMessage: null, messageCount: 0 });
  });

  it("pages through the tenant's conversations only, newest activity first", async () => {
    const first = await owner.caller.conversation.list({ limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toBe(first.items[1]!.id);
    const second = await owner.caller.conversation.list({ limit: 2, cursor: first.nextCursor! });
    expect(second.nextCursor).toBeNull();
    const ids = [...first.items, ...second.items].map((c) => c.id);
    expect(new Set(ids)).toEqual(new Set([resolved, open, silent]));
    const times = [...first.items, ...second.items].map((c) => c.lastMessageAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const others = await other.caller.conversation.list({ limit: 30 });
    expect(others.items.map((c) => c.lastMessage?.content)).toEqual(["Another tenant's question"]);
  });
});
