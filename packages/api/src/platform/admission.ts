/**
 * Admission control for answering: at most `maxInFlight` answers run at once in this process; the
 * rest wait in per-tenant queues. A freed place goes to the waiting tenant with the fewest answers
 * running, and among those to the one served longest ago, so one tenant's rush cannot starve
 * another's visitors. The wait is bounded in length and in time; past it a request is refused
 * with `Overloaded` (HTTP 503 with Retry-After, which the widget honours before sending again).
 * When the queue is full, the tenant with the longest queue gives up its newest waiter to a
 * tenant with fewer: a light tenant is never refused while a heavy one holds more places.
 */

export interface AdmissionLimits {
  /** Answers running at once. */
  maxInFlight: number;
  /** Requests waiting, all tenants together. */
  maxQueued: number;
  /** Longest wait before a request is refused. */
  maxWaitMs: number;
}

/** Refused: come back after `retryAfterSeconds`. */
export class Overloaded extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super("Too many answers at once.");
    this.name = "Overloaded";
  }
}

/** Gives the place back; calling it again does nothing. */
export type Release = () => void;

interface Waiter {
  key: string;
  admit: (release: Release) => void;
  refuse: (error: Error) => void;
}

export interface AdmissionStats {
  inFlight: number;
  queued: number;
  admitted: number;
  refused: number;
}

const RETRY_AFTER_MIN_S = 1;
/** Keys whose last admission is remembered for fairness. */
const SERVED_MEMORY = 10_000;
const RETRY_AFTER_MAX_S = 30;

export class AdmissionGate {
  readonly #limits: AdmissionLimits;
  #inFlight = 0;
  #queued = 0;
  /** Waiters per key, oldest first. */
  readonly #queues = new Map<string, Waiter[]>();
  /** Keys with waiters, the longest waiting first. */
  #turns: string[] = [];
  /** Places held per key. */
  readonly #running = new Map<string, number>();
  /** When each key was last admitted (a counter), oldest first; bounded. */
  readonly #served = new Map<string, number>();
  #ticks = 0;
  #admitted = 0;
  #refused = 0;
  /** A moving average of how long a place is held, for Retry-After. */
  #holdMs = 1000;

  constructor(limits: AdmissionLimits) {
    if (limits.maxInFlight < 1) throw new Error("maxInFlight must be at least 1");
    this.#limits = limits;
  }

  stats(): AdmissionStats {
    return { inFlight: this.#inFlight, queued: this.#queued, admitted: this.#admitted, refused: this.#refused };
  }

  /** Resolves with a Release once admitted; rejects with Overloaded, or with the signal's reason if it aborts first. */
  admit(key: string, signal?: AbortSignal): Promise<Release> {
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    if (this.#inFlight < this.#limits.maxInFlight && this.#queued === 0) return Promise.resolve(this.#take(key));
    if (this.#queued >= this.#limits.maxQueued && !this.#shedFor(key)) return Promise.reject(this.#overloaded());
    return new Promise<Release>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", aborted);
      };
      const waiter: Waiter = {
        key,
        admit: (release) => {
          done();
          resolve(release);
        },
        refuse: (error) => {
          done();
          reject(error);
        },
      };
      const timer = setTimeout(() => this.#remove(waiter) && waiter.refuse(this.#overloaded()), this.#limits.maxWaitMs);
      const aborted = () => this.#remove(waiter) && waiter.refuse(signal!.reason as Error);
      signal?.addEventListener("abort", aborted, { once: true });
      this.#enqueue(waiter);
    });
  }

  /** Whether `a` goes before `b`: fewer running, then served longer ago (never served first). */
  #before(a: string, b: string): boolean {
    const running = (this.#running.get(a) ?? 0) - (this.#running.get(b) ?? 0);
    if (running !== 0) return running < 0;
    return (this.#served.get(a) ?? -1) < (this.#served.get(b) ?? -1);
  }

  #take(key: string): Release {
    this.#inFlight++;
    this.#running.set(key, (this.#running.get(key) ?? 0) + 1);
    this.#served.delete(key);
    this.#served.set(key, ++this.#ticks);
    if (this.#served.size > SERVED_MEMORY) this.#served.delete(this.#served.keys().next().value!);
    this.#admitted++;
    const since = Date.now();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#holdMs = this.#holdMs * 0.8 + (Date.now() - since) * 0.2;
      this.#inFlight--;
      const running = this.#running.get(key)! - 1;
      if (running > 0) this.#running.set(key, running);
      else this.#running.delete(key);
      this.#dispatch();
    };
  }

  #dispatch() {
    while (this.#inFlight < this.#limits.maxInFlight && this.#turns.length > 0) {
      let turn = 0;
      for (let i = 1; i < this.#turns.length; i++) if (this.#before(this.#turns[i]!, this.#turns[turn]!)) turn = i;
      const [key] = this.#turns.splice(turn, 1) as [string];
      const queue = this.#queues.get(key)!;
      const waiter = queue.shift()!;
      this.#queued--;
      if (queue.length > 0) this.#turns.push(key);
      else this.#queues.delete(key);
      waiter.admit(this.#take(key));
    }
  }

  #enqueue(waiter: Waiter) {
    const queue = this.#queues.get(waiter.key);
    if (queue) queue.push(waiter);
    else {
      this.#queues.set(waiter.key, [waiter]);
      this.#turns.push(waiter.key);
    }
    this.#queued++;
  }

  /** Takes a waiter out of its queue; false when it was no longer there (admitted or refused already). */
  #remove(waiter: Waiter): boolean {
    const queue = this.#queues.get(waiter.key);
    const at = queue?.indexOf(waiter) ?? -1;
    if (!queue || at < 0) return false;
    queue.splice(at, 1);
    this.#queued--;
    if (queue.length === 0) {
      this.#queues.delete(waiter.key);
      this.#turns = this.#turns.filter((k) => k !== waiter.key);
    }
    return true;
  }

  /** Queue full: refuses the newest waiter of the longest queue if it is longer than `key`'s would be. */
  #shedFor(key: string): boolean {
    let longest: Waiter[] | undefined;
    for (const queue of this.#queues.values()) if (!longest || queue.length > longest.length) longest = queue;
    const own = this.#queues.get(key)?.length ?? 0;
    if (!longest || longest.length <= own + 1) return false;
    const victim = longest.at(-1)!;
    this.#remove(victim);
    victim.refuse(this.#overloaded());
    return true;
  }

  #overloaded(): Overloaded {
    this.#refused++;
    // About how long until the places ahead have turned over once.
    const seconds = Math.ceil(((this.#queued / this.#limits.maxInFlight + 1) * this.#holdMs) / 1000);
    return new Overloaded(Math.min(RETRY_AFTER_MAX_S, Math.max(RETRY_AFTER_MIN_S, seconds)));
  }
}

/** Admission for some requests of an HTTP endpoint: the gate, and which requests go through it under which key. */
export interface Admission {
  gate: AdmissionGate;
  /** The procedure admitted through the gate (e.g. "chat.send"). */
  path: string;
  /** The key (a tenant) a request waits under, or null when it is not admitted through the gate. */
  keyOf(req: Request): Promise<string | null>;
}

/**
 * The response body, calling `release` once it ends, fails or is cancelled (the client went
 * away). The admitted procedure gives its place back as soon as its work is done (releaseWhenDone
 * in platform/trpc.ts); this is the backstop for a request that never got that far.
 */
export function releasedWithBody(response: Response, release: Release): Response {
  if (!response.body) {
    release();
    return response;
  }
  const reader = response.body.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          release();
          controller.close();
        } else controller.enqueue(value);
      } catch (error) {
        release();
        controller.error(error);
      }
    },
    cancel(reason) {
      release();
      return reader.cancel(reason);
    },
  });
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

/** An async iterable that calls `release` when it ends, fails or is closed early (the client went away). */
export async function* releasingWhenDone<T>(source: AsyncIterable<T>, release: Release): AsyncGenerator<T> {
  try {
    yield* source;
  } finally {
    release();
  }
}
