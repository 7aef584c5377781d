import { describe, expect, it } from "vitest";
import { addDays, datesBetween, hoursInLocalDay, lastDays, localDateRange, localParts, localToday, startOfLocalDay } from "./time-buckets";

describe("local days in a time zone", () => {
  it("a day starts at local midnight", () => {
    expect(startOfLocalDay("2026-03-10", "Asia/Shanghai").toISOString()).toBe("2026-03-09T16:00:00.000Z");
    expect(startOfLocalDay("2026-03-10", "UTC").toISOString()).toBe("2026-03-10T00:00:00.000Z");
    expect(startOfLocalDay("2026-03-10", "Asia/Kolkata").toISOString()).toBe("2026-03-09T18:30:00.000Z");
  });

  it("DST days last 23 and 25 hours", () => {
    expect(hoursInLocalDay("2026-03-08", "America/New_York")).toBe(23);
    expect(hoursInLocalDay("2026-11-01", "America/New_York")).toBe(25);
    expect(hoursInLocalDay("2026-03-29", "Europe/Berlin")).toBe(23);
    expect(hoursInLocalDay("2026-10-25", "Europe/Berlin")).toBe(25);
    expect(hoursInLocalDay("2026-03-08", "Asia/Shanghai")).toBe(24);
  });

  it("the fall-back hour is counted once per occurrence on the same day", () => {
    // 01:30 EDT and 01:30 EST on 2026-11-01 are both hour 1 of that day.
    expect(localParts(new Date("2026-11-01T05:30:00Z"), "America/New_York")).toEqual({ date: "2026-11-01", hour: 1, weekday: 6 });
    expect(localParts(new Date("2026-11-01T06:30:00Z"), "America/New_York")).toEqual({ date: "2026-11-01", hour: 1, weekday: 6 });
  });

  it("a zone that skips midnight starts its day at 01:00", () => {
    // America/Santiago moves clocks forward at 24:00 on the first Saturday of September 2026.
    const start = startOfLocalDay("2026-09-06", "America/Santiago");
    expect(localParts(start, "America/Santiago")).toMatchObject({ date: "2026-09-06", hour: 1 });
    expect(localParts(new Date(start.getTime() - 1), "America/Santiago").date).toBe("2026-09-05");
  });

  it("ranges of local dates", () => {
    expect(datesBetween("2026-02-27", "2026-03-02")).toEqual(["2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02"]);
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    const range = localDateRange("2026-03-08", "2026-03-08", "America/New_York");
    expect((range.end.getTime() - range.start.getTime()) / 3_600_000).toBe(23);
  });

  it("the last n days end with today, today included", () => {
    // 2026-12-04 01:30 in Shanghai is still 2026-12-03 in UTC: "today" is the zone's.
    const now = new Date("2026-12-03T17:30:00Z");
    const today = localToday("Asia/Shanghai", now);
    expect(lastDays(today, 7)).toEqual({ from: "2026-11-28", to: "2026-12-04" });
    expect(lastDays(localToday("UTC", now), 7)).toEqual({ from: "2026-11-27", to: "2026-12-03" });
    expect(datesBetween(lastDays(today, 7).from, lastDays(today, 7).to)).toHaveLength(7);
    expect(lastDays(today, 1)).toEqual({ from: today, to: today });
    expect(lastDays("2027-01-02", 30)).toEqual({ from: "2026-12-04", to: "2027-01-02" });
    // The period before, of the same length, ends the day before.
    expect(lastDays(addDays(lastDays(today, 7).from, -1), 7)).toEqual({ from: "2026-11-21", to: "2026-11-27" });
    // Today's activity falls inside the range's instants.
    const range = lastDays(today, 7);
    const { start, end } = localDateRange(range.from, range.to, "Asia/Shanghai");
    expect(start.getTime() <= now.getTime() && now.getTime() < end.getTime()).toBe(true);
  });
});
