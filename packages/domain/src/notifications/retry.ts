/**
 * When a notification delivery is tried again, and when a webhook endpoint that keeps failing is
 * switched off (docs/webhooks.md). Pure: the caller passes the clock and the random number.
 */

/**
 * The wait after each failed attempt, in seconds: attempt n + 1 comes `DELIVERY_RETRY_DELAYS_SECONDS[n - 1]`
 * after attempt n failed. 15 attempts over about 29 hours (26–32 h with jitter): a receiver that
 * is down for a day still gets the event.
 */
export const DELIVERY_RETRY_DELAYS_SECONDS: readonly number[] = [
  30, 60, 2 * 60, 5 * 60, 10 * 60, 20 * 60, 40 * 60, 60 * 60, 2 * 3600, 3 * 3600, 4 * 3600, 6 * 3600, 6 * 3600, 6 * 3600,
];

/** Attempts of one delivery before it is FAILED (a manual redeliver starts a fresh schedule). */
export const DELIVERY_MAX_ATTEMPTS = DELIVERY_RETRY_DELAYS_SECONDS.length + 1;

/** Each wait is stretched or shrunk by up to this fraction, so deliveries failed together do not retry together. */
export const DELIVERY_RETRY_JITTER = 0.1;

/**
 * Milliseconds to wait after attempt `attempt` (1-based, counted within the current schedule)
 * failed, or null when it was the last attempt. `random` is in [0, 1) (Math.random in production).
 */
export function deliveryRetryDelayMs(attempt: number, random: number): number | null {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`attempt must be a positive integer, got ${attempt}`);
  const base = DELIVERY_RETRY_DELAYS_SECONDS[attempt - 1];
  if (base === undefined) return null;
  const r = Math.min(Math.max(random, 0), 1);
  return Math.round(base * 1000 * (1 + DELIVERY_RETRY_JITTER * (2 * r - 1)));
}

/** When attempt `attempt + 1` is due after attempt `attempt` failed at `now`, or null: no attempt follows. */
export function nextDeliveryAttemptAt(attempt: number, now: Date, random: number): Date | null {
  const wait = deliveryRetryDelayMs(attempt, random);
  return wait === null ? null : new Date(now.getTime() + wait);
}

/** An endpoint is disabled when nothing reached it for this long… */
export const ENDPOINT_DISABLE_AFTER_MS = 24 * 3600 * 1000;
/** …and at least this many of its deliveries in a row ended FAILED (a lone event on a quiet endpoint does not disable it). */
export const ENDPOINT_DISABLE_AFTER_FAILED_DELIVERIES = 5;

export interface EndpointHealth {
  /** The first failed attempt since the last successful one; null while the endpoint answers. */
  failingSince: Date | null;
  /** Deliveries that ended FAILED since the last successful attempt. */
  failedDeliveries: number;
}

/**
 * Whether an enabled endpoint must be disabled, judged after a failed attempt at `now`: no
 * successful attempt for ENDPOINT_DISABLE_AFTER_MS and ENDPOINT_DISABLE_AFTER_FAILED_DELIVERIES
 * failed deliveries in a row.
 */
export function shouldDisableEndpoint(health: EndpointHealth, now: Date): boolean {
  if (!health.failingSince) return false;
  return now.getTime() - health.failingSince.getTime() >= ENDPOINT_DISABLE_AFTER_MS && health.failedDeliveries >= ENDPOINT_DISABLE_AFTER_FAILED_DELIVERIES;
}
