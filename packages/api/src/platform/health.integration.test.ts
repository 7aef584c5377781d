import { createDb, type Db } from "@kefu/db";
import { describe, expect, it } from "vitest";
import { useTestDb } from "../testing/index.ts";
import { checkReadiness, livenessResponse, readinessResponse, type Readiness } from "./health.ts";
import { createLogger } from "./logger.ts";

/** A logger writing its JSON lines into an array. */
function capture() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({ level: "info", destination: { write: (line: string) => void lines.push(JSON.parse(line)) } });
  return { lines, logger };
}

const t = useTestDb();

describe("health", () => {
  it("is live without touching anything", async () => {
    const response = livenessResponse();
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ status: "live" });
  });

  it("is ready when the database answers and pg-boss's schema is there", async () => {
    const { lines, logger } = capture();
    // Generous: the first check of a process installs pg-boss's schema, which a busy test machine may take seconds over.
    const readiness = await checkReadiness(t.db, { logger, timeoutMs: 20_000 });
    expect(readiness).toEqual({
      status: "ready",
      checks: { database: { ok: true, ms: expect.any(Number) }, queue: { ok: true, ms: expect.any(Number) } },
    });
    const response = await readinessResponse(() => t.db, { logger });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(((await response.json()) as Readiness).status).toBe("ready");
    expect(lines).toEqual([]);
  });

  it("answers 503 naming the database when it is unreachable, with the details in the log only", async () => {
    const { lines, logger } = capture();
    // Nothing listens on port 1.
    const unreachable = createDb("postgresql://kefu:secret-password@127.0.0.1:1/kefu", { maxConnections: 1 });
    try {
      const response = await readinessResponse(() => unreachable, { logger, timeoutMs: 5_000 });
      expect(response.status).toBe(503);
      const text = await response.text();
      expect(JSON.parse(text)).toEqual({
        status: "unavailable",
        checks: { database: { ok: false, ms: expect.any(Number), error: "failed" }, queue: { ok: false, ms: expect.any(Number), error: "failed" } },
      });
      expect(text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|secret-password|\bat /);
      const failed = lines.filter((line) => line.msg === "health.check_failed");
      expect(failed.map((line) => line.check).sort()).toEqual(["database", "queue"]);
      expect(failed[0]).toMatchObject({ level: "warn", err: { message: expect.any(String), stack: expect.any(String) } });
    } finally {
      await unreachable.$disconnect();
    }
  });

  it("counts a database that does not answer in time as not ready", async () => {
    const { lines, logger } = capture();
    // A database that accepts queries and never answers them (a stuck connection, a held lock).
    const hanging = new Proxy({}, { get: () => () => new Promise(() => {}) }) as unknown as Db;
    const readiness = await checkReadiness(hanging, { logger, timeoutMs: 50 });
    expect(readiness).toEqual({
      status: "unavailable",
      checks: { database: { ok: false, ms: 50, error: "timeout" }, queue: { ok: false, ms: 50, error: "timeout" } },
    });
    expect(lines.map((line) => [line.msg, line.check])).toEqual(
      expect.arrayContaining([
        ["health.check_timeout", "database"],
        ["health.check_timeout", "queue"],
      ]),
    );
  });

  it("answers 503 when the process cannot even make its database client", async () => {
    const { lines, logger } = capture();
    const response = await readinessResponse(
      () => {
        throw new Error("DATABASE_URL is not a URL");
      },
      { logger },
    );
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ status: "unavailable", checks: { database: { ok: false, error: "failed" } } });
    expect(lines).toEqual([expect.objectContaining({ level: "error", msg: "health.database_unconfigured" })]);
  });
});
