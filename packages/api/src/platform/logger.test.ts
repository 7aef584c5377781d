import { describe, expect, it } from "vitest";
import { readLogEnv } from "./env.ts";
import { createLogger, eventLog, workerLogger } from "./logger.ts";

function capture(level?: "debug" | "info") {
  const lines: Record<string, unknown>[] = [];
  const destination = { write: (line: string) => void lines.push(JSON.parse(line)) };
  return { lines, logger: createLogger(level ? { level, destination } : { destination }) };
}

describe("logger", () => {
  it("reads LOG_LEVEL, info by default; an unknown level falls back to info", () => {
    expect(readLogEnv({})).toEqual({ level: "info", ignored: null });
    expect(readLogEnv({ LOG_LEVEL: " Debug " })).toEqual({ level: "debug", ignored: null });
    expect(readLogEnv({ LOG_LEVEL: "silent" })).toEqual({ level: "silent", ignored: null });
    expect(readLogEnv({ LOG_LEVEL: "verbose" })).toEqual({ level: "info", ignored: "verbose" });
  });

  it("writes one JSON object per line: level name, ISO time, bindings, message", () => {
    const { lines, logger } = capture("info");
    const request = logger.child({ requestId: "r-1" });
    request.debug("not written at info");
    eventLog(request)("answer.provider_failed", { botId: "b-1", status: 502 });
    workerLogger("ingestion", logger).child({ jobId: "j-1" }).error({ err: new Error("boom") }, "ingestion.jobs_failed");
    expect(lines).toEqual([
      expect.objectContaining({ level: "warn", requestId: "r-1", msg: "answer.provider_failed", botId: "b-1", status: 502 }),
      expect.objectContaining({ level: "error", worker: "ingestion", jobId: "j-1", msg: "ingestion.jobs_failed", err: expect.objectContaining({ type: "Error", message: "boom" }) }),
    ]);
    expect(new Date(lines[0]!.time as string).toISOString()).toBe(lines[0]!.time);
  });
});
