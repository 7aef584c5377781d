/**
 * Wall-clock time of an instant in an IANA time zone, with Intl only (no date library: Intl
 * already knows every zone's rules, and the domain stays dependency-free). Business hours and the
 * analytics' local days both read local time through this one function.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * The wall-clock fields of an instant in a zone, as a UTC timestamp ("local ms"): read it back with
 * the getUTC* methods. `wallClockMs(zone, t) - t` is the zone's offset at `t`.
 */
export function wallClockMs(timeZone: string, instantMs: number): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(instantMs))) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  const hour = parts.hour === 24 ? 0 : (parts.hour ?? 0);
  // Keep the instant's milliseconds: Intl drops them.
  const ms = ((instantMs % 1000) + 1000) % 1000;
  return Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, hour, parts.minute ?? 0, parts.second ?? 0, ms);
}
