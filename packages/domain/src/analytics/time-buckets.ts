/**
 * Local days and hours of an IANA time zone, with Intl only (no date library: Intl already knows
 * every zone's rules, and the domain stays dependency-free). A local day is from the first instant
 * whose local date is that day to the first instant of the next one, so DST days last 23 or 25
 * hours, and a zone that skips midnight starts its day at 01:00.
 */

import { wallClockMs } from "../time/wall-clock";

export interface LocalParts {
  /** YYYY-MM-DD in the zone. */
  date: string;
  /** 0–23 in the zone. */
  hour: number;
  /** 0 = Monday … 6 = Sunday in the zone. */
  weekday: number;
}

/** The local fields of an instant in the zone (weekday 0 = Monday). */
function fields(instant: Date, timeZone: string) {
  const d = new Date(wallClockMs(timeZone, instant.getTime()));
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    weekday: (d.getUTCDay() + 6) % 7,
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

export function localParts(instant: Date, timeZone: string): LocalParts {
  const f = fields(instant, timeZone);
  return { date: `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)}`, hour: f.hour, weekday: f.weekday };
}

/** The zone's offset from UTC at an instant, in milliseconds (east positive). */
export function zoneOffsetMs(instant: Date, timeZone: string): number {
  return wallClockMs(timeZone, instant.getTime()) - instant.getTime();
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

/** A calendar date plus n days (calendar arithmetic, no zone involved). */
export function addDays(date: string, days: number): string {
  const m = ISO_DATE.exec(date);
  if (!m) throw new Error(`not a date: ${date}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days)).toISOString().slice(0, 10);
}

/** The first instant of a local date in a zone. */
export function startOfLocalDay(date: string, timeZone: string): Date {
  const m = ISO_DATE.exec(date);
  if (!m) throw new Error(`not a date: ${date}`);
  const wallAsUtc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  // Two passes settle the offset across a transition; then step forward by the hour when the
  // zone skipped midnight (the first local instant of the day is later than 00:00).
  let t = wallAsUtc - zoneOffsetMs(new Date(wallAsUtc), timeZone);
  t = wallAsUtc - zoneOffsetMs(new Date(t), timeZone);
  while (localParts(new Date(t), timeZone).date < date) t += 3_600_000;
  // A fall-back at midnight repeats the previous day's last hour: the day starts at its first 00:00.
  while (localParts(new Date(t - 3_600_000), timeZone).date === date) t -= 3_600_000;
  return new Date(t);
}

/** Hours in a local day: 24, or 23 / 25 on DST changes. */
export function hoursInLocalDay(date: string, timeZone: string): number {
  return (startOfLocalDay(addDays(date, 1), timeZone).getTime() - startOfLocalDay(date, timeZone).getTime()) / 3_600_000;
}

/** Every local date from `from` to `to`, both included. */
export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** The instants a range of local dates covers: [start, end). */
export function localDateRange(from: string, to: string, timeZone: string): { start: Date; end: Date } {
  return { start: startOfLocalDay(from, timeZone), end: startOfLocalDay(addDays(to, 1), timeZone) };
}

/**
 * The `days` local dates that end with `last`, both ends included: with `last` today, "Last 7
 * days" is today and the six days before it, so what happened today is counted. The period before
 * a range is `lastDays(addDays(range.from, -1), days)`.
 */
export function lastDays(last: string, days: number): { from: string; to: string } {
  return { from: addDays(last, -(days - 1)), to: last };
}

/** Today's local date in a zone. */
export function localToday(timeZone: string, now: Date = new Date()): string {
  return localParts(now, timeZone).date;
}
