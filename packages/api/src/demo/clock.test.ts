import { describe, expect, it } from "vitest";
import { startOf } from "./clock.ts";

// When a scripted demo conversation starts: a local time of the workspace's zone, some days back.
describe("startOf", () => {
  const now = new Date("2026-12-03T15:30:00Z"); // 23:30 in Shanghai, 10:30 in New York

  it("reads the day and time in the zone", () => {
    expect(startOf({ daysAgo: 0, at: "09:05" }, "Asia/Shanghai", now).toISOString()).toBe("2026-12-03T01:05:00.000Z");
    expect(startOf({ daysAgo: 2, at: "20:31" }, "Asia/Shanghai", now).toISOString()).toBe("2026-12-01T12:31:00.000Z");
    expect(startOf({ daysAgo: 1, at: "09:00" }, "America/New_York", now).toISOString()).toBe("2026-12-02T14:00:00.000Z");
  });

  it("crosses a month and a year back", () => {
    expect(startOf({ daysAgo: 21, at: "10:00" }, "UTC", new Date("2026-01-05T12:00:00Z")).toISOString()).toBe("2025-12-15T10:00:00.000Z");
  });

  it("counts minutes back from now", () => {
    expect(startOf({ minutesAgo: 6 }, "Asia/Shanghai", now).toISOString()).toBe("2026-12-03T15:24:00.000Z");
  });
});
