import { describe, expect, it } from "vitest";
import { noticeText, type Notice } from "./notices";

const all: Notice[] = [
  { kind: "ai_assistant" },
  { kind: "queued", position: 2 },
  { kind: "queued", position: null },
  { kind: "agent_joined", agentName: "Li Lei" },
  { kind: "agent_joined", agentName: null },
  { kind: "offline" },
  { kind: "contact_received", email: "v@example.com" },
  { kind: "contact_received", email: null },
  { kind: "offline_kept", email: "v@example.com" },
  { kind: "offline_kept", email: null },
  { kind: "bot_resumed" },
  { kind: "resolved" },
];

describe("noticeText", () => {
  it("has en and zh text for every notice", () => {
    for (const notice of all) {
      expect(noticeText(notice, "en")).toMatch(/\w/);
      expect(noticeText(notice, "zh")).toMatch(/\p{Script=Han}/u);
    }
  });

  it("says what is happening", () => {
    expect(noticeText({ kind: "ai_assistant" }, "en")).toContain("I'm an AI assistant");
    expect(noticeText({ kind: "queued", position: 2 }, "en")).toBe("Connecting you to a human — you are number 2 in the queue.");
    expect(noticeText({ kind: "queued", position: 2 }, "zh")).toBe("正在为您转接人工客服，您目前排在第 2 位。");
    expect(noticeText({ kind: "queued", position: 0 }, "en")).not.toContain("number");
    expect(noticeText({ kind: "agent_joined", agentName: null }, "en")).toBe("An agent joined the conversation.");
    expect(noticeText({ kind: "offline" }, "en")).toContain("leave your e-mail".replace("leave", "Leave"));
    expect(noticeText({ kind: "resolved" }, "en")).toContain("resolved");
    expect(noticeText({ kind: "contact_received", email: "v@example.com" }, "zh")).toContain("v@example.com");
  });
});
