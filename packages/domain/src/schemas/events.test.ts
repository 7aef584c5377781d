import { describe, expect, it } from "vitest";
import { isVisitorVisible, ZChatMessage, ZConversationLogEvent, ZLoggedMessage, type ConversationLogEvent } from "./events";

const message = {
  id: "m1",
  role: "AGENT",
  content: "Hello",
  citations: [{ sourceId: "s1", title: "FAQ", snippet: "…" }],
  suggestions: [],
  confidence: null,
  notice: null,
  clientMessageId: "c1234567",
  authorId: "u1",
  authorName: "Li Wei",
  createdAt: "2026-03-01T10:00:00.000Z",
} as const;

/** One event of each type, as its writer logs it. */
const logged: ConversationLogEvent[] = [
  { type: "message", payload: { ...message, citations: [...message.citations], suggestions: [], attachments: [{ id: "a1", contentType: "image/png", size: 1234, width: 10, height: null }] } },
  { type: "status", payload: { status: "ASSIGNED", assigneeId: "u1", assigneeName: "Li Wei", teamId: null } },
  { type: "typing", payload: { who: "visitor" } },
  { type: "rating", payload: { rating: 5, comment: "Quick and kind" } },
  { type: "answer_feedback", payload: { messageId: "m1", helpful: false, reason: "incomplete", comment: null } },
  { type: "escalation", payload: { reason: "visitor_asked", ruleId: null } },
  { type: "notify", payload: { kind: "notify", channel: "email", target: "ops@example.com", ruleId: "r1", reason: "sentiment" } },
  { type: "collect_contact", payload: {} },
  { type: "request_rating", payload: {} },
];

describe("conversation log events", () => {
  it("reads back what the writers log, through JSON as the database stores it", () => {
    for (const event of logged) expect(ZConversationLogEvent.parse(JSON.parse(JSON.stringify(event)))).toEqual(event);
    expect(new Set(logged.map((e) => e.type)).size).toBe(ZConversationLogEvent.options.length);
  });

  it("rejects a payload that does not belong to its type, and unknown types", () => {
    expect(ZConversationLogEvent.safeParse({ type: "message", payload: { status: "QUEUED" } }).success).toBe(false);
    expect(ZConversationLogEvent.safeParse({ type: "status", payload: { status: "queued", assigneeId: null, assigneeName: null, teamId: null } }).success).toBe(false);
    expect(ZConversationLogEvent.safeParse({ type: "typing", payload: { who: "bot" } }).success).toBe(false);
    expect(ZConversationLogEvent.safeParse({ type: "rating", payload: { rating: 6 } }).success).toBe(false);
    expect(ZConversationLogEvent.safeParse({ type: "answer_feedback", payload: { messageId: "m1", helpful: false, reason: "rude", comment: null } }).success).toBe(false);
    expect(ZConversationLogEvent.safeParse({ type: "note", payload: {} }).success).toBe(false);
  });

  it("reads a rating logged before comments existed", () => {
    expect(ZConversationLogEvent.parse({ type: "rating", payload: { rating: 4 } })).toEqual({ type: "rating", payload: { rating: 4, comment: null } });
  });

  it("reads a message logged before author names, notices and attachments existed", () => {
    const { authorId: _a, authorName: _n, notice: _x, confidence: _c, clientMessageId: _m, citations: _s, ...old } = message;
    expect(ZLoggedMessage.parse(old)).toEqual({ ...old, citations: [], suggestions: [], confidence: null, notice: null, clientMessageId: null, authorId: null, authorName: null, attachments: [] });
  });

  it("gives a Date for the query side, from the ISO string or a Date", () => {
    expect(ZChatMessage.parse(message).createdAt.toISOString()).toBe(message.createdAt);
    expect(ZChatMessage.parse({ ...message, createdAt: new Date(message.createdAt) }).createdAt.toISOString()).toBe(message.createdAt);
    expect(ZLoggedMessage.safeParse({ ...message, createdAt: "yesterday" }).success).toBe(false);
  });

  it("keeps internal notes from visitors", () => {
    expect(isVisitorVisible({ role: "AGENT" })).toBe(true);
    expect(isVisitorVisible({ role: "NOTE" })).toBe(false);
  });
});
