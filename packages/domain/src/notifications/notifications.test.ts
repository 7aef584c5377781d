import { describe, expect, it } from "vitest";
import { ZCreateWebhookRequest, ZUpdateWebhookRequest } from "../schemas/webhooks";
import { notificationEmail } from "./email";
import { contactLeftData, endpointDisabledData, escalationData, inboxUrl, pingData, resolvedData, webhookBody, webhookSettingsUrl } from "./payloads";

const conversation = {
  id: "c1",
  status: "QUEUED",
  priority: "high",
  tags: ["refund"],
  team: { id: "t1", name: "Billing" },
  contactEmail: null,
};

const escalated = (overrides: Partial<Parameters<typeof escalationData>[0]> = {}) =>
  escalationData({
    conversation,
    bot: { id: "b1", name: "Shop" },
    reason: "keyword",
    rule: { id: "r1", name: "Refunds" },
    summary: { wants: "A refund for order 42", tried: ["Explained the policy"], by: "extractive", extra: "dropped" },
    queue: { position: 2, offline: false },
    url: "https://admin.example.com/inbox/c1",
    ...overrides,
  });

describe("notification payloads", () => {
  it("shapes conversation.escalated from the listed fields only", () => {
    const data = escalated({ conversation: { ...conversation, visitorToken: "secret", attributes: { email: "x@y.z" } } as typeof conversation });
    expect(data).toEqual({
      conversation: {
        id: "c1",
        status: "queued",
        priority: "high",
        tags: ["refund"],
        team: { id: "t1", name: "Billing" },
        queue: { position: 2, offline: false },
        url: "https://admin.example.com/inbox/c1",
      },
      bot: { id: "b1", name: "Shop" },
      reason: "keyword",
      rule: { id: "r1", name: "Refunds" },
      summary: { wants: "A refund for order 42", tried: ["Explained the policy"] },
      contact: null,
    });
    expect(JSON.stringify(data)).not.toContain("secret");
    expect(JSON.stringify(data)).not.toContain("x@y.z");
  });

  it("includes the visitor's e-mail only when they left it as contact, and tolerates a missing summary", () => {
    const data = escalated({ conversation: { ...conversation, contactEmail: "li@example.com" }, summary: null, rule: null });
    expect(data.contact).toEqual({ email: "li@example.com" });
    expect(data.summary).toBeNull();
    expect(data.rule).toBeNull();
  });

  it("shapes resolved, contact.left and ping, and builds a stable JSON body", () => {
    const resolved = resolvedData({
      conversation: { id: "c1", priority: "normal", tags: [], team: null },
      bot: { id: "b1", name: "Shop" },
      agentId: "u1",
      resolvedAt: new Date("2026-01-02T03:04:05Z"),
      url: null,
    });
    expect(resolved).toMatchObject({ conversation: { status: "resolved" }, resolvedAt: "2026-01-02T03:04:05.000Z", agentId: "u1" });
    const left = contactLeftData({ conversationId: "c1", bot: { id: "b1", name: "Shop" }, email: "li@example.com", message: "Call me", url: null });
    expect(left).toEqual({ conversation: { id: "c1", url: null }, bot: { id: "b1", name: "Shop" }, contact: { email: "li@example.com" }, message: "Call me" });
    const body = webhookBody({ id: "d1", event: "ping", createdAt: new Date("2026-01-01T00:00:00Z"), payload: pingData("e1") });
    expect(JSON.parse(body)).toEqual({ id: "d1", event: "ping", createdAt: "2026-01-01T00:00:00.000Z", data: { message: expect.any(String), endpointId: "e1" } });
    expect(inboxUrl("https://admin.example.com/", "c 1")).toBe("https://admin.example.com/inbox/c%201");
    expect(inboxUrl(undefined, "c1")).toBeNull();
  });
});

describe("notification e-mail", () => {
  it("is bilingual, names the bot and links to the inbox", () => {
    const mail = notificationEmail("conversation.escalated", escalated());
    expect(mail.subject).toBe("[Kefu] Conversation handed to your team / 对话已转人工 — Shop");
    expect(mail.text).toContain("Reason: A keyword matched");
    expect(mail.text).toContain("原因：命中关键词");
    expect(mail.text).toContain("Queue position: 2");
    expect(mail.text).toContain("Open the conversation: https://admin.example.com/inbox/c1");
    expect(mail.text).toContain("打开对话：https://admin.example.com/inbox/c1");
  });

  it("says when nobody was online, and renders a left message", () => {
    expect(notificationEmail("conversation.escalated", escalated({ queue: { position: null, offline: true } })).text).toContain("No agent was online");
    const left = notificationEmail("contact.left", contactLeftData({ conversationId: "c1", bot: { id: "b1", name: "Shop" }, email: "li@example.com", message: "Call me", url: null }));
    expect(left.subject).toContain("访客留言");
    expect(left.text).toContain("Call me");
    expect(left.text).not.toContain("Open the conversation");
  });
});

describe("webhook request schemas", () => {
  it("accepts a public https URL and known events, deduplicated", () => {
    expect(ZCreateWebhookRequest.parse({ url: " https://hooks.example.com/kefu ", events: ["contact.left", "contact.left"] })).toEqual({
      url: "https://hooks.example.com/kefu",
      events: ["contact.left"],
    });
  });

  it("refuses local, private, odd-port and credentialed URLs, unknown events and no events", () => {
    for (const url of ["http://localhost/x", "http://10.0.0.5/x", "http://[::1]/x", "https://hooks.example.com:9999/x", "https://u:p@hooks.example.com/", "ftp://x.com/"]) {
      expect(ZCreateWebhookRequest.safeParse({ url, events: ["contact.left"] }).success, url).toBe(false);
    }
    const privateUrl = ZCreateWebhookRequest.safeParse({ url: "http://192.168.1.2/", events: ["contact.left"] });
    expect(privateUrl.error?.issues[0]?.message).toBe("Private and local addresses cannot receive webhooks.");
    expect(ZCreateWebhookRequest.safeParse({ url: "https://hooks.example.com/", events: ["ping"] }).success).toBe(false);
    expect(ZCreateWebhookRequest.safeParse({ url: "https://hooks.example.com/", events: [] }).success).toBe(false);
    expect(ZUpdateWebhookRequest.parse({ id: "e1", enabled: false })).toEqual({ id: "e1", enabled: false });
  });
});

describe("endpoint.disabled e-mail", () => {
  it("tells owners which endpoint, since when it fails and how to re-enable it, in English and Chinese", () => {
    const data = endpointDisabledData({
      endpoint: { id: "e1", url: "https://hooks.example.com/kefu" },
      disabledAt: new Date("2026-12-02T10:05:00.000Z"),
      failingSince: new Date("2026-12-01T08:00:00.000Z"),
      failedDeliveries: 5,
      lastError: "HTTP 500: down",
      settingsUrl: webhookSettingsUrl("https://admin.example.com/"),
    });
    const mail = notificationEmail("endpoint.disabled", data);
    expect(mail.subject).toBe("[Kefu] A webhook endpoint was disabled / Webhook 接收地址已被停用");
    expect(mail.text).toContain("Endpoint: https://hooks.example.com/kefu");
    expect(mail.text).toContain("No delivery has succeeded since 2026-12-01 08:00 UTC and 5 deliveries in a row failed, so it was disabled on 2026-12-02 10:05 UTC.");
    expect(mail.text).toContain("Last error: HTTP 500: down");
    expect(mail.text).toContain("Webhook settings: https://admin.example.com/settings/webhooks");
    expect(mail.text).toContain("自 2026-12-01 08:00 UTC 起没有一次发送成功");
    expect(webhookSettingsUrl(null)).toBeNull();
  });
});
