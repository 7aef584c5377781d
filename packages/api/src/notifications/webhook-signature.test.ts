import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { newWebhookSecret, signatureHeader, signatureOf, verifySignature } from "./webhook-signature.ts";

describe("webhook signatures", () => {
  const secret = "whsec_test";
  const body = JSON.stringify({ id: "d1", event: "ping", data: { message: "你好" } });
  const now = new Date("2026-11-24T10:00:00Z");

  it("signs '<t>.<body>' with HMAC-SHA256 in hex, as the docs tell receivers", () => {
    const header = signatureHeader(secret, body, now);
    const t = Math.floor(now.getTime() / 1000);
    expect(header).toBe(`t=${t},v1=${createHmac("sha256", secret).update(`${t}.${body}`).digest("hex")}`);
    expect(signatureOf(secret, t, body)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("verifies its own signature and refuses a changed body, another secret, an old timestamp or garbage", () => {
    const header = signatureHeader(secret, body, now);
    expect(verifySignature(secret, header, body, { now })).toBe(true);
    expect(verifySignature(secret, header, `${body} `, { now })).toBe(false);
    expect(verifySignature("whsec_other", header, body, { now })).toBe(false);
    expect(verifySignature(secret, header, body, { now: new Date(now.getTime() + 10 * 60_000) })).toBe(false);
    expect(verifySignature(secret, "t=abc,v1=00", body, { now })).toBe(false);
    expect(verifySignature(secret, "", body, { now })).toBe(false);
  });

  it("makes distinct, prefixed secrets", () => {
    const a = newWebhookSecret();
    expect(a).toMatch(/^whsec_[\w-]{43}$/);
    expect(newWebhookSecret()).not.toBe(a);
  });
});
