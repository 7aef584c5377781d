import { describe, expect, it } from "vitest";
import {
  DELIVERY_MAX_ATTEMPTS,
  DELIVERY_RETRY_DELAYS_SECONDS,
  ENDPOINT_DISABLE_AFTER_FAILED_DELIVERIES,
  deliveryRetryDelayMs,
  nextDeliveryAttemptAt,
  shouldDisableEndpoint,
} from "./retry";

const HOUR = 3600_000;
const span = (random: number) => {
  let total = 0;
  for (let attempt = 1; ; attempt++) {
    const wait = deliveryRetryDelayMs(attempt, random);
    if (wait === null) return { total, attempts: attempt };
    total += wait;
  }
};

describe("delivery retry schedule", () => {
  it("backs off from 30 s to 6 h over 15 attempts", () => {
    expect(DELIVERY_MAX_ATTEMPTS).toBe(15);
    expect([1, 2, 3, 7, 8, 12, 14].map((n) => deliveryRetryDelayMs(n, 0.5))).toEqual([30_000, 60_000, 120_000, 40 * 60_000, HOUR, 6 * HOUR, 6 * HOUR]);
    for (let n = 2; n <= DELIVERY_RETRY_DELAYS_SECONDS.length; n++) expect(deliveryRetryDelayMs(n, 0.5)!).toBeGreaterThanOrEqual(deliveryRetryDelayMs(n - 1, 0.5)!);
    expect(deliveryRetryDelayMs(15, 0.5)).toBeNull();
    expect(deliveryRetryDelayMs(99, 0.5)).toBeNull();
  });

  it("spans at least 24 hours whatever the jitter, and at most about 32", () => {
    for (const random of [0, 0.25, 0.5, 0.999999, 1]) {
      const { total, attempts } = span(random);
      expect(attempts).toBe(15);
      expect(total).toBeGreaterThanOrEqual(24 * HOUR);
      expect(total).toBeLessThanOrEqual(33 * HOUR);
    }
    expect(span(0.5).total).toBe(105_510_000); // 29 h 18 min 30 s
  });

  it("jitters each wait by at most 10 %", () => {
    expect(deliveryRetryDelayMs(1, 0)).toBe(27_000);
    expect(deliveryRetryDelayMs(1, 1)).toBe(33_000);
    expect(deliveryRetryDelayMs(9, 0.75)).toBe(2 * HOUR * 1.05);
    expect(deliveryRetryDelayMs(1, -3)).toBe(27_000); // clamped
  });

  it("dates the next attempt from the failed one, and refuses nonsense attempts", () => {
    const now = new Date("2026-12-01T10:00:00.000Z");
    expect(nextDeliveryAttemptAt(1, now, 0.5)).toEqual(new Date("2026-12-01T10:00:30.000Z"));
    expect(nextDeliveryAttemptAt(15, now, 0.5)).toBeNull();
    expect(() => deliveryRetryDelayMs(0, 0.5)).toThrow(RangeError);
    expect(() => deliveryRetryDelayMs(1.5, 0.5)).toThrow(RangeError);
  });
});

describe("endpoint disable rule", () => {
  const now = new Date("2026-12-02T12:00:00.000Z");
  const since = (hours: number) => new Date(now.getTime() - hours * HOUR);
  const N = ENDPOINT_DISABLE_AFTER_FAILED_DELIVERIES;

  it("disables after 24 h without success and enough failed deliveries in a row", () => {
    expect(shouldDisableEndpoint({ failingSince: since(24), failedDeliveries: N }, now)).toBe(true);
    expect(shouldDisableEndpoint({ failingSince: since(72), failedDeliveries: N + 10 }, now)).toBe(true);
  });

  it("keeps an endpoint that failed only recently, only a few times, or not at all", () => {
    expect(shouldDisableEndpoint({ failingSince: since(23.9), failedDeliveries: 100 }, now)).toBe(false);
    expect(shouldDisableEndpoint({ failingSince: since(48), failedDeliveries: N - 1 }, now)).toBe(false);
    expect(shouldDisableEndpoint({ failingSince: null, failedDeliveries: 100 }, now)).toBe(false);
  });
});
