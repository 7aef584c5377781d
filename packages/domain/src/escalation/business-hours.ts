import { z } from "zod";
import { wallClockMs } from "../time/wall-clock";

/**
 * Per-tenant business hours, evaluated in the tenant's IANA time zone with Intl only (no date
 * library). Semantics:
 * - an interval "09:00-18:00" belongs to the weekday it starts on; "22:00-02:00" crosses midnight
 *   and ends the next day; "00:00-24:00" is the whole day;
 * - a holiday (an ISO date in the tenant's zone) closes that local date from 00:00 to 24:00,
 *   including the after-midnight part of the eve's interval, and cancels every interval that
 *   starts on it (so its after-midnight part is closed too);
 * - wall times that do not exist (DST spring-forward gap) open at the first instant whose local
 *   time is at or after them; repeated wall times (fall-back) open at their first occurrence.
 */
export const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const INTERVAL = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]|24):([0-5]\d)$/;

export const ZOpenInterval = z
  .string()
  .trim()
  .refine((s) => {
    const m = INTERVAL.exec(s);
    if (!m) return false;
    const end = Number(m[3]) * 60 + Number(m[4]);
    return end <= 24 * 60 && end !== Number(m[1]) * 60 + Number(m[2]);
  }, 'Use "HH:MM-HH:MM", e.g. "09:00-18:00" (may cross midnight: "22:00-02:00").');

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}

const ZIsoDate = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, "Use YYYY-MM-DD.");

const ZDay = z.array(ZOpenInterval).max(6).default([]);

export const ZBusinessHours = z.object({
  timeZone: z.string().min(1).max(64).refine(isValidTimeZone, "Unknown time zone."),
  weekly: z.object({ sun: ZDay, mon: ZDay, tue: ZDay, wed: ZDay, thu: ZDay, fri: ZDay, sat: ZDay }),
  holidays: z.array(ZIsoDate).max(366).default([]),
});
export type BusinessHours = z.infer<typeof ZBusinessHours>;

// ---------------------------------------------------------------- local time via Intl

interface LocalTime {
  year: number;
  month: number;
  day: number;
  /** Minutes since local midnight. */
  minute: number;
  weekday: number;
}

function localTime(timeZone: string, instant: Date): LocalTime {
  const d = new Date(wallClockMs(timeZone, instant.getTime()));
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    minute: d.getUTCHours() * 60 + d.getUTCMinutes(),
    weekday: d.getUTCDay(),
  };
}

const DAY_MS = 86_400_000;

/** The earliest instant whose wall time in `timeZone` is at or after the wall time `wallMs`. */
export function wallTimeToInstant(timeZone: string, wallMs: number): Date {
  // Offsets just before and after any transition near the wall time.
  const offsets = [wallMs - DAY_MS / 2, wallMs + DAY_MS / 2].map((t) => wallClockMs(timeZone, t) - t);
  const candidates = [...new Set(offsets)].map((o) => wallMs - o).sort((a, b) => a - b);
  for (const c of candidates) if (wallClockMs(timeZone, c) === wallMs) return new Date(c);
  // The wall time falls in a gap: binary-search the transition, i.e. the first instant whose
  // wall time is past `wallMs` (the gap lies between the two candidates).
  let lo = candidates[0]! - DAY_MS / 2;
  let hi = candidates[candidates.length - 1]! + DAY_MS / 2;
  while (hi - lo > 1000) {
    const mid = Math.floor((lo + hi) / 2 / 1000) * 1000;
    if (mid <= lo) break;
    if (wallClockMs(timeZone, mid) >= wallMs) hi = mid;
    else lo = mid;
  }
  return new Date(hi);
}

// ---------------------------------------------------------------- schedule queries

function parseInterval(text: string): { start: number; end: number; crosses: boolean } {
  const m = INTERVAL.exec(text.trim());
  if (!m) return { start: 0, end: 0, crosses: false };
  const start = Number(m[1]) * 60 + Number(m[2]);
  const end = Number(m[3]) * 60 + Number(m[4]);
  return { start, end, crosses: end < start };
}

const isoDate = (y: number, m: number, d: number): string =>
  `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;

function shiftDate(y: number, m: number, d: number, days: number): { y: number; m: number; d: number; weekday: number } {
  const t = new Date(Date.UTC(y, m - 1, d) + days * DAY_MS);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate(), weekday: t.getUTCDay() };
}

const intervalsOf = (schedule: BusinessHours, weekday: number): string[] => schedule.weekly[WEEKDAYS[weekday]!] ?? [];

export function isWithinBusinessHours(schedule: BusinessHours, instant: Date): boolean {
  const local = localTime(schedule.timeZone, instant);
  const holidays = new Set(schedule.holidays);
  if (holidays.has(isoDate(local.year, local.month, local.day))) return false;
  for (const text of intervalsOf(schedule, local.weekday)) {
    const { start, end, crosses } = parseInterval(text);
    if (crosses ? local.minute >= start : local.minute >= start && local.minute < end) return true;
  }
  // The after-midnight part of yesterday's interval, unless yesterday was a holiday.
  const eve = shiftDate(local.year, local.month, local.day, -1);
  if (holidays.has(isoDate(eve.y, eve.m, eve.d))) return false;
  for (const text of intervalsOf(schedule, eve.weekday)) {
    const { end, crosses } = parseInterval(text);
    if (crosses && local.minute < end) return true;
  }
  return false;
}

/** How far ahead nextOpening looks (a year and a bit covers any holiday list). */
const SEARCH_DAYS = 370;

/**
 * The first instant at or after `instant` when the tenant is open: `instant` itself when open
 * now, null when the schedule never opens within a year.
 */
export function nextOpening(schedule: BusinessHours, instant: Date): Date | null {
  if (isWithinBusinessHours(schedule, instant)) return instant;
  const local = localTime(schedule.timeZone, instant);
  const holidays = new Set(schedule.holidays);
  for (let offset = 0; offset <= SEARCH_DAYS; offset++) {
    const day = shiftDate(local.year, local.month, local.day, offset);
    if (holidays.has(isoDate(day.y, day.m, day.d))) continue;
    const starts = intervalsOf(schedule, day.weekday)
      .map((t) => parseInterval(t).start)
      .sort((a, b) => a - b);
    for (const start of starts) {
      const at = wallTimeToInstant(schedule.timeZone, Date.UTC(day.y, day.m - 1, day.d) + start * 60_000);
      if (at.getTime() > instant.getTime() && isWithinBusinessHours(schedule, at)) return at;
    }
  }
  return null;
}
