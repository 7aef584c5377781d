import { describe, expect, it } from "vitest";
import { isWithinBusinessHours, nextOpening, wallTimeToInstant, ZBusinessHours, type BusinessHours } from "./business-hours";

const weekdays = (intervals: string[]) => ({ mon: intervals, tue: intervals, wed: intervals, thu: intervals, fri: intervals });
const hours = (timeZone: string, weekly: Partial<BusinessHours["weekly"]>, holidays: string[] = []): BusinessHours =>
  ZBusinessHours.parse({ timeZone, weekly, holidays });
const at = (iso: string) => new Date(iso);
const open = (s: BusinessHours, iso: string) => isWithinBusinessHours(s, at(iso));
const next = (s: BusinessHours, iso: string) => nextOpening(s, at(iso))?.toISOString() ?? null;

describe("ZBusinessHours", () => {
  it("accepts intervals, midnight crossing and 24:00, and fills missing days", () => {
    const s = hours("Asia/Shanghai", { mon: ["09:00-12:00", "13:00-18:00"], sat: ["22:00-02:00"], sun: ["00:00-24:00"] });
    expect(s.weekly.tue).toEqual([]);
    expect(s.holidays).toEqual([]);
  });

  it.each([["9:00-18:00"], ["09:00-09:00"], ["25:00-26:00"], ["09:60-10:00"], ["09:00"], ["24:00-01:00"]])("rejects %s", (interval) => {
    expect(ZBusinessHours.safeParse({ timeZone: "UTC", weekly: { mon: [interval] } }).success).toBe(false);
  });

  it("rejects unknown time zones and malformed holidays", () => {
    expect(ZBusinessHours.safeParse({ timeZone: "Mars/Olympus", weekly: {} }).success).toBe(false);
    expect(ZBusinessHours.safeParse({ timeZone: "UTC", weekly: {}, holidays: ["2025-13-01"] }).success).toBe(false);
  });
});

describe("isWithinBusinessHours", () => {
  const shanghai = hours("Asia/Shanghai", weekdays(["09:00-18:00"]));

  it("evaluates in the tenant's zone, not UTC (Asia/Shanghai, UTC+8, no DST)", () => {
    // Monday 2025-06-02 09:00 in Shanghai is 01:00 UTC.
    expect(open(shanghai, "2025-06-02T00:59:59Z")).toBe(false);
    expect(open(shanghai, "2025-06-02T01:00:00Z")).toBe(true);
    expect(open(shanghai, "2025-06-02T09:59:59Z")).toBe(true);
    expect(open(shanghai, "2025-06-02T10:00:00Z")).toBe(false); // 18:00 closes (end exclusive)
    // Sunday 23:30 UTC is Monday 07:30 in Shanghai: still closed; Friday 17:00 UTC is Saturday.
    expect(open(shanghai, "2025-06-01T23:30:00Z")).toBe(false);
    expect(open(shanghai, "2025-06-06T17:00:00Z")).toBe(false);
  });

  it("follows New York across the spring-forward switch (2025-03-09)", () => {
    const ny = hours("America/New_York", { sun: ["01:00-04:00"], mon: ["09:00-17:00"] });
    expect(open(ny, "2025-03-09T06:30:00Z")).toBe(true); // 01:30 EST
    expect(open(ny, "2025-03-09T07:30:00Z")).toBe(true); // 03:30 EDT (02:xx never happens)
    expect(open(ny, "2025-03-09T08:00:00Z")).toBe(false); // 04:00 EDT
    // Monday 09:00 is 13:00Z after the switch (it was 14:00Z the week before).
    expect(open(ny, "2025-03-10T13:00:00Z")).toBe(true);
    expect(open(ny, "2025-03-03T13:00:00Z")).toBe(false);
    expect(open(ny, "2025-03-03T14:00:00Z")).toBe(true);
  });

  it("follows London across the fall-back switch (2025-10-26)", () => {
    const london = hours("Europe/London", { sun: ["00:30-01:30"], mon: ["09:00-17:30"] });
    expect(open(london, "2025-10-25T23:45:00Z")).toBe(true); // 00:45 BST
    expect(open(london, "2025-10-26T00:15:00Z")).toBe(true); // 01:15 BST
    expect(open(london, "2025-10-26T01:15:00Z")).toBe(true); // 01:15 GMT, the repeated hour
    expect(open(london, "2025-10-26T01:30:00Z")).toBe(false); // 01:30 GMT
    expect(open(london, "2025-10-27T09:00:00Z")).toBe(true); // Monday 09:00 GMT
    expect(open(london, "2025-10-20T08:30:00Z")).toBe(true); // the Monday before: 09:30 BST
    expect(open(london, "2025-10-20T16:30:00Z")).toBe(false); // 17:30 BST
  });

  it("handles intervals crossing midnight, including Saturday into Sunday", () => {
    const night = hours("Asia/Shanghai", { fri: ["22:00-02:00"], sat: ["20:00-24:00"] });
    expect(open(night, "2025-06-06T13:59:00Z")).toBe(false); // Fri 21:59
    expect(open(night, "2025-06-06T14:00:00Z")).toBe(true); // Fri 22:00
    expect(open(night, "2025-06-06T17:59:00Z")).toBe(true); // Sat 01:59
    expect(open(night, "2025-06-06T18:00:00Z")).toBe(false); // Sat 02:00
    expect(open(night, "2025-06-07T15:59:00Z")).toBe(true); // Sat 23:59
    expect(open(night, "2025-06-07T16:00:00Z")).toBe(false); // Sun 00:00
  });

  it("closes holidays in the tenant's zone, not UTC, including the eve's spill-over", () => {
    // 2025-09-30 is a Tuesday; its evening interval runs into the holiday (Oct 1, Shanghai).
    const s = hours("Asia/Shanghai", { ...weekdays(["09:00-18:00"]), tue: ["20:00-02:00"] }, ["2025-10-01"]);
    expect(open(s, "2025-09-30T13:00:00Z")).toBe(true); // Tue 21:00
    expect(open(s, "2025-09-30T17:00:00Z")).toBe(false); // Oct 1 01:00 local, though still Sep 30 in UTC
    expect(open(s, "2025-10-01T02:00:00Z")).toBe(false); // Oct 1 10:00
    expect(open(s, "2025-10-02T01:30:00Z")).toBe(true); // Thu Oct 2 09:30
    // The UTC date is the holiday but the local date is not (New York, July 3 22:00).
    const ny = hours("America/New_York", weekdays(["09:00-23:00"]), ["2025-07-04"]);
    expect(open(ny, "2025-07-04T02:00:00Z")).toBe(true);
    expect(open(ny, "2025-07-04T14:00:00Z")).toBe(false);
    const eve = hours("Europe/London", { wed: ["22:00-03:00"] }, ["2025-12-25"]);
    expect(open(eve, "2025-12-24T23:00:00Z")).toBe(true); // Wed 23:00
    expect(open(eve, "2025-12-25T01:00:00Z")).toBe(false); // Christmas, 01:00
  });

  it("is always closed with an empty schedule", () => {
    expect(open(hours("UTC", {}), "2025-06-02T12:00:00Z")).toBe(false);
  });
});

describe("nextOpening", () => {
  const shanghai = hours("Asia/Shanghai", weekdays(["09:00-18:00"]));

  it("returns the instant itself when open", () => {
    expect(next(shanghai, "2025-06-02T03:00:00Z")).toBe("2025-06-02T03:00:00.000Z");
  });

  it("finds the next morning, and skips the weekend", () => {
    expect(next(shanghai, "2025-06-02T12:00:00Z")).toBe("2025-06-03T01:00:00.000Z"); // Mon 20:00 → Tue 09:00
    expect(next(shanghai, "2025-06-06T12:00:00Z")).toBe("2025-06-09T01:00:00.000Z"); // Fri 20:00 → Mon 09:00
  });

  it("skips holidays in the tenant's zone", () => {
    const s = hours("Asia/Shanghai", weekdays(["09:00-18:00"]), ["2025-10-01", "2025-10-02", "2025-10-03"]);
    expect(next(s, "2025-09-30T12:00:00Z")).toBe("2025-10-06T01:00:00.000Z");
  });

  it("opens at the DST transition when the opening time does not exist (New York 02:30)", () => {
    const ny = hours("America/New_York", { sun: ["02:30-05:00"] });
    expect(next(ny, "2025-03-09T05:00:00Z")).toBe("2025-03-09T07:00:00.000Z"); // 03:00 EDT
    expect(next(ny, "2025-03-02T05:00:00Z")).toBe("2025-03-02T07:30:00.000Z"); // a normal Sunday: 02:30 EST
  });

  it("uses the first occurrence of a repeated wall time (London fall-back 01:15)", () => {
    const london = hours("Europe/London", { sun: ["01:15-03:00"] });
    expect(next(london, "2025-10-25T22:00:00Z")).toBe("2025-10-26T00:15:00.000Z");
  });

  it("uses the new offset after the switch (London Monday after spring-forward)", () => {
    const london = hours("Europe/London", { mon: ["09:00-17:00"] });
    expect(next(london, "2025-03-29T12:00:00Z")).toBe("2025-03-31T08:00:00.000Z"); // 09:00 BST
  });

  it("opens a midnight-crossing interval at its start", () => {
    const night = hours("UTC", { fri: ["22:00-02:00"] });
    expect(next(night, "2025-06-06T02:30:00Z")).toBe("2025-06-06T22:00:00.000Z");
  });

  it("returns null when the schedule never opens", () => {
    expect(next(hours("UTC", {}), "2025-06-02T12:00:00Z")).toBeNull();
  });
});

describe("wallTimeToInstant", () => {
  it("maps an ordinary wall time exactly", () => {
    expect(wallTimeToInstant("Asia/Shanghai", Date.UTC(2025, 5, 2, 9)).toISOString()).toBe("2025-06-02T01:00:00.000Z");
    expect(wallTimeToInstant("America/New_York", Date.UTC(2025, 6, 4, 12)).toISOString()).toBe("2025-07-04T16:00:00.000Z");
  });
});
