import { describe, expect, it } from "vitest";
import { parseCsv } from "../knowledge/csv";
import { toWellFormedText } from "../schemas/text";
import { toCsv } from "./csv";
import { auditTargetIds, REDACTED, summariseForAudit } from "./summary";

describe("summariseForAudit", () => {
  it("redacts secrets by field name at any depth, whatever their value", () => {
    const input = {
      id: "bot_1",
      name: "Support",
      apiKey: "sk-live-123",
      api_key: "sk-2",
      password: "hunter2hunter2",
      newPassword: "x",
      webhook: { secret: "whsec_abc", nested: { accessToken: ["t1"], identitySecret: { raw: "s" } } },
      authorization: "Bearer abc",
      clientSecretCiphertext: "v1:…",
      providers: [{ name: "p", apiKey: "sk-3" }],
    };
    const summary = summariseForAudit(input);
    expect(summary).toEqual({
      id: "bot_1",
      name: "Support",
      apiKey: REDACTED,
      api_key: REDACTED,
      password: REDACTED,
      newPassword: REDACTED,
      webhook: { secret: REDACTED, nested: { accessToken: REDACTED, identitySecret: REDACTED } },
      authorization: REDACTED,
      clientSecretCiphertext: REDACTED,
      providers: [{ name: "p", apiKey: REDACTED }],
    });
    const text = JSON.stringify(summary);
    for (const secret of ["sk-live-123", "sk-2", "sk-3", "hunter2", "whsec_abc", "t1", "Bearer", "v1:"]) expect(text).not.toContain(secret);
  });

  it("keeps URLs without their credentials, content as its length, long values cut", () => {
    const summary = summariseForAudit({
      url: "https://user:s3cret@hooks.example.com/x",
      content: "my order 12345 never arrived",
      alternatives: ["a", "bc"],
      greeting: "x".repeat(500),
      list: Array.from({ length: 25 }, (_, i) => i),
    }) as Record<string, unknown>;
    expect(summary.url).toBe("https://[redacted]@hooks.example.com/x");
    expect(summary.content).toBe("[28 characters]");
    expect(summary.alternatives).toBe("[3 characters]");
    expect(summary.greeting).toMatch(/^x{200}… \[500 characters\]$/);
    expect(summary.list).toHaveLength(21);
  });
  it("keeps only well-formed text (Postgres JSON refuses a lone surrogate), also where a cut splits a pair", () => {
    const lone = "\uD83D";
    const summary = summariseForAudit({ name: `bad${lone}`, [`key${lone}`]: 1, long: `${"x".repeat(199)}😀tail` }) as Record<string, string>;
    expect(summary.name).toBe("bad\uFFFD");
    expect(Object.keys(summary)).toContain("key\uFFFD");
    expect(toWellFormedText(summary.long!)).toBe(summary.long);
    expect(() => JSON.parse(JSON.stringify(summary))).not.toThrow();
  });
});

describe("auditTargetIds", () => {
  it("takes ids from the input and the created object's id", () => {
    expect(auditTargetIds({ id: "a", botId: "b", knowledgeBaseId: "c", ids: ["d", "e"], name: "n" })).toEqual(["a", "b", "c", "d", "e"]);
    expect(auditTargetIds({ name: "new" }, { id: "created", name: "new" })).toEqual(["created"]);
    expect(auditTargetIds({ url: "u" }, { endpoint: { id: "ep" }, secret: "whsec_x" })).toEqual(["ep"]);
    expect(auditTargetIds({ filter: { botId: "x" } })).toEqual(["x"]);
    expect(auditTargetIds({ tokenId: "secret-looking" })).toEqual([]);
    expect(auditTargetIds("raw")).toEqual([]);
  });
});

describe("toCsv", () => {
  it("round-trips through the CSV parser, quotes and line breaks included, and defuses formulas", () => {
    const rows = [
      ["time", "action", "details"],
      ["2026-12-03T06:00:00.000Z", "bot.update", '{"name":"A, "B""}'],
      ["x", "multi\nline", "=HYPERLINK(\"http://evil\")"],
    ];
    const parsed = parseCsv(toCsv(rows));
    expect(parsed.slice(0, 2)).toEqual(rows.slice(0, 2));
    expect(parsed[2]).toEqual(["x", "multi\nline", "'=HYPERLINK(\"http://evil\")"]);
  });
});
