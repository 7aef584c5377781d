import { createDb } from "@kefu/db";
import { startEmbeddedDatabase } from "@kefu/db/embedded";
import { RateLimitedError } from "@kefu/domain";
import { describe, expect, it } from "vitest";
import { readApiEnv } from "./env.ts";
import { RateLimits } from "./rate-limits.ts";

describe("rate limits across processes", () => {
  it("two processes (two clients over the wire, two limiter instances) share one counter", async () => {
    // Two clients of one database over the Postgres wire protocol stand in for two chat replicas.
    const port = 59000 + Math.floor(Math.random() * 900);
    const server = await startEmbeddedDatabase({ port });
    const first = createDb(server.url);
    const second = createDb(server.url);
    try {
      const env = readApiEnv({ KEFU_RATE_CHAT_START_IP: "6/60" });
      const [a, b] = [new RateLimits(first, env), new RateLimits(second, env)];
      const outcomes: string[] = [];
      for (let i = 0; i < 10; i++) {
        const limits = i % 2 === 0 ? a : b;
        outcomes.push(await limits.consume("chatStartIp", "198.51.100.60").then(
          () => "ok",
          (error: unknown) => (error instanceof RateLimitedError ? `429:${error.reason}` : "error"),
        ));
      }
      expect(outcomes).toEqual(["ok", "ok", "ok", "ok", "ok", "ok", "429:chat_starts", "429:chat_starts", "429:chat_starts", "429:chat_starts"]);
      // Concurrent requests through both are all counted: of 20 more on a fresh key, 6 pass.
      const parallel = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).consume("chatStartIp", "198.51.100.61")));
      expect(parallel.filter((o) => o.status === "fulfilled")).toHaveLength(6);
    } finally {
      await Promise.all([first.$disconnect(), second.$disconnect()]);
      await server.stop();
    }
  });

  it("counts in the database and starts a new window once the old one has expired", async () => {
    const port = 59000 + Math.floor(Math.random() * 900);
    const server = await startEmbeddedDatabase({ port });
    const db = createDb(server.url);
    try {
      const limits = new RateLimits(db, readApiEnv({ KEFU_RATE_LOGIN_IP: "2/1" }));
      const counted = () => db.rateLimiterFlexible.findMany({ where: { key: { startsWith: "rl:loginIp" } }, select: { points: true, expire: true } });
      await limits.consume("loginIp", "198.51.100.70");
      await limits.consume("loginIp", "198.51.100.70");
      const [row] = await counted();
      expect(row!.points).toBe(2);
      expect(row!.expire!.getTime() - Date.now()).toBeGreaterThan(0);
      expect(row!.expire!.getTime() - Date.now()).toBeLessThanOrEqual(1_000);
      await expect(limits.consume("loginIp", "198.51.100.70")).rejects.toMatchObject({ retryAfterSeconds: 1 });
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      await limits.consume("loginIp", "198.51.100.70");
      expect((await counted())[0]!.points).toBe(1);
    } finally {
      await db.$disconnect();
      await server.stop();
    }
  });

  it("while the database is away, counts in memory at once instead of making each request wait", async () => {
    const port = 59000 + Math.floor(Math.random() * 900);
    const server = await startEmbeddedDatabase({ port });
    const db = createDb(server.url, { connectTimeoutMs: 3_000 });
    try {
      const limits = new RateLimits(db, readApiEnv({ KEFU_RATE_CHAT_START_IP: "3/60" }));
      await limits.consume("chatStartIp", "198.51.100.62");
      await server.stop();
      const started = performance.now();
      await limits.consume("chatStartIp", "198.51.100.62"); // the database fails (or takes over 2 s): memory
      const first = performance.now() - started;
      expect(first).toBeLessThan(2_500);
      const next = performance.now();
      await limits.consume("chatStartIp", "198.51.100.62");
      await limits.consume("chatStartIp", "198.51.100.62");
      expect(performance.now() - next).toBeLessThan(100); // paused: no database call at all
      // Memory still limits (3 per minute in this process).
      await expect(limits.consume("chatStartIp", "198.51.100.62")).rejects.toBeInstanceOf(RateLimitedError);
    } finally {
      await db.$disconnect().catch(() => undefined);
      await server.stop().catch(() => undefined);
    }
  });
});
