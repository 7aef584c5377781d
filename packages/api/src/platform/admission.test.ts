import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AdmissionGate, Overloaded, type Release } from "./admission.ts";

const settle = () => new Promise((resolve) => setImmediate(resolve));

interface Call {
  key: string;
  outcome: Promise<"admitted" | "overloaded" | "aborted">;
  release(): void;
}

/** Asks the gate for a place for `key`; `admitted` lists the keys in the order they got in. */
function request(gate: AdmissionGate, key: string, admitted: string[], signal?: AbortSignal): Call {
  let release: Release | undefined;
  const outcome = gate.admit(key, signal).then(
    (r) => {
      release = r;
      admitted.push(key);
      return "admitted" as const;
    },
    (error: unknown) => (error instanceof Overloaded ? ("overloaded" as const) : ("aborted" as const)),
  );
  return {
    key,
    outcome,
    release: () => {
      if (!release) throw new Error(`${key} was not admitted`);
      release();
    },
  };
}

describe("AdmissionGate", () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] }));
  afterEach(() => vi.useRealTimers());

  it("runs at most maxInFlight at once and admits waiters as places are given back", async () => {
    const gate = new AdmissionGate({ maxInFlight: 2, maxQueued: 10, maxWaitMs: 10_000 });
    const admitted: string[] = [];
    const calls = [1, 2, 3, 4].map(() => request(gate, "a", admitted));
    await settle();
    expect(gate.stats()).toMatchObject({ inFlight: 2, queued: 2 });
    calls[0]!.release();
    calls[0]!.release(); // twice: gives back one place only
    await settle();
    expect(gate.stats()).toMatchObject({ inFlight: 2, queued: 1 });
    for (const call of calls.slice(1)) {
      call.release();
      await settle();
    }
    expect(await Promise.all(calls.map((c) => c.outcome))).toEqual(["admitted", "admitted", "admitted", "admitted"]);
    expect(gate.stats()).toEqual({ inFlight: 0, queued: 0, admitted: 4, refused: 0 });
  });

  it("gives a freed place to the tenant with the fewest answers running: a rush does not keep another tenant waiting", async () => {
    const gate = new AdmissionGate({ maxInFlight: 2, maxQueued: 100, maxWaitMs: 60_000 });
    const admitted: string[] = [];
    const rush = Array.from({ length: 50 }, () => request(gate, "rush", admitted));
    await settle();
    const quiet = [request(gate, "quiet", admitted), request(gate, "quiet", admitted)];
    await settle();
    expect(admitted).toEqual(["rush", "rush"]);
    // The quiet tenant's first request is next, not 49th; its second waits for its turn again.
    rush[0]!.release();
    await settle();
    expect(admitted.at(-1)).toBe("quiet");
    rush[1]!.release();
    await settle();
    expect(admitted.at(-1)).toBe("rush");
    quiet[0]!.release();
    await settle();
    expect(admitted.at(-1)).toBe("quiet");
  });

  it("refuses past the queue's length with a Retry-After, shedding the longest queue for a lighter tenant", async () => {
    const gate = new AdmissionGate({ maxInFlight: 1, maxQueued: 3, maxWaitMs: 60_000 });
    const admitted: string[] = [];
    const running = request(gate, "heavy", admitted);
    const waiting = [1, 2, 3].map(() => request(gate, "heavy", admitted));
    // The heavy tenant's next request is refused: the queue is full and its own queue is the longest.
    const error = await gate.admit("heavy").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Overloaded);
    expect((error as Overloaded).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    // A light tenant takes the place of the heavy tenant's newest waiter.
    const light = request(gate, "light", admitted);
    expect(await waiting[2]!.outcome).toBe("overloaded");
    await settle();
    // Neither runs anything once the first is done: the light tenant, never served, goes first.
    running.release();
    await settle();
    expect(admitted).toEqual(["heavy", "light"]);
    light.release();
    await settle();
    expect(admitted).toEqual(["heavy", "light", "heavy"]);
    waiting[0]!.release();
    await settle();
    expect(admitted).toEqual(["heavy", "light", "heavy", "heavy"]);
    expect(gate.stats()).toMatchObject({ refused: 2, queued: 0 });
  });

  it("refuses a request that waited longer than maxWaitMs, and forgets one whose client went away", async () => {
    const gate = new AdmissionGate({ maxInFlight: 1, maxQueued: 10, maxWaitMs: 5_000 });
    const admitted: string[] = [];
    const running = request(gate, "a", admitted);
    const patient = request(gate, "a", admitted);
    const controller = new AbortController();
    const gone = request(gate, "b", admitted, controller.signal);
    controller.abort(new Error("client closed"));
    expect(await gone.outcome).toBe("aborted");
    expect(gate.stats().queued).toBe(1);
    vi.advanceTimersByTime(5_001);
    expect(await patient.outcome).toBe("overloaded");
    expect(gate.stats()).toMatchObject({ inFlight: 1, queued: 0 });
    running.release();
    expect(gate.stats().inFlight).toBe(0);
  });

  it("bounds Retry-After between 1 and 30 seconds", async () => {
    const gate = new AdmissionGate({ maxInFlight: 1, maxQueued: 0, maxWaitMs: 1_000 });
    request(gate, "a", []);
    const error = (await gate.admit("a").catch((e: unknown) => e)) as Overloaded;
    expect(error).toBeInstanceOf(Overloaded);
    expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(30);
  });
});
