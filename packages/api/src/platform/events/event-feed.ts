import { type Db } from "@kefu/db";
import { EVENT_FIELDS, onEventsCommitted, toLoggedEvent, unsafeLatestEventSeq, type LoggedEvent } from "./event-log.ts";

/**
 * One follower of the event log per process, shared by every open stream in it: a single query
 * per tick however many visitors and agents are connected. Appends in this process wake it at
 * once; appends in other processes (the admin and chat apps are separate) are seen by polling.
 * LISTEN/NOTIFY would replace the poll on a real PostgreSQL; the embedded PGlite does not deliver
 * notifications across connections (DESIGN.md), so the poll is the path that always works.
 */
export class EventFeed {
  private cursor: bigint | null = null;
  private readonly subscribers = new Set<(events: LoggedEvent[]) => void>();
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private again = false;
  private stopWake: (() => void) | undefined;

  constructor(
    private readonly db: Db,
    private readonly intervalMs = 40,
  ) {}

  /** Delivers every event committed after the call (all tenants: subscribers filter). */
  async subscribe(listener: (events: LoggedEvent[]) => void): Promise<() => void> {
    if (this.cursor === null) this.cursor = await unsafeLatestEventSeq(this.db);
    this.subscribers.add(listener);
    if (!this.timer) {
      this.timer = setInterval(() => void this.poll(), this.intervalMs);
      this.timer.unref();
      this.stopWake = onEventsCommitted(() => void this.poll());
    }
    return () => {
      this.subscribers.delete(listener);
      if (this.subscribers.size === 0) this.stop();
    };
  }

  stop() {
    clearInterval(this.timer);
    this.timer = undefined;
    this.stopWake?.();
    this.stopWake = undefined;
    // The next subscriber starts from the log's end again: streams replay what they missed.
    this.cursor = null;
  }

  private async poll(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      do {
        this.again = false;
        if (this.cursor === null) return;
        // Cross-tenant by design: one read for the whole process; each stream filters its tenant.
        const rows = await this.db.conversationEvent.findMany({
          where: { seq: { gt: this.cursor } },
          orderBy: { seq: "asc" },
          take: 1000,
          select: EVENT_FIELDS,
        });
        if (rows.length === 0) continue;
        this.cursor = rows[rows.length - 1]!.seq;
        // Parsed once here for every stream of the process; a row that does not parse is skipped.
        const events = rows.flatMap((row) => toLoggedEvent(row) ?? []);
        if (events.length > 0) for (const listener of this.subscribers) listener(events);
        if (rows.length === 1000) this.again = true;
      } while (this.again);
    } catch (error) {
      // A failed tick is retried by the next one; streams keep their own cursors.
      console.error("[event-feed] poll failed", error);
    } finally {
      this.running = false;
    }
  }
}

const feeds = new WeakMap<Db, EventFeed>();
/** The process's feed for a database client. */
export function eventFeedFor(db: Db): EventFeed {
  let feed = feeds.get(db);
  if (!feed) {
    feed = new EventFeed(db);
    feeds.set(db, feed);
  }
  return feed;
}

export interface FollowOptions {
  db: Db;
  /** Events after this seq are replayed from the log first. */
  afterSeq: bigint;
  /** Reads the stream's own events after a seq (tenant-scoped), oldest first. */
  replay: (afterSeq: bigint) => Promise<LoggedEvent[]>;
  /** Whether a live event belongs to this stream (tenant, conversation, audience). */
  accept: (event: LoggedEvent) => boolean | Promise<boolean>;
  signal?: AbortSignal;
}

/**
 * Replays a stream's events after its cursor, then follows new ones, in seq order with no gap and
 * no duplicate: it subscribes before replaying and drops live events at or below what it has sent.
 */
export async function* followEvents(options: FollowOptions): AsyncGenerator<LoggedEvent> {
  const { signal } = options;
  const buffered: LoggedEvent[] = [];
  let wake: (() => void) | undefined;
  const unsubscribe = await eventFeedFor(options.db).subscribe((events) => {
    buffered.push(...events);
    wake?.();
  });
  const onAbort = () => wake?.();
  signal?.addEventListener("abort", onAbort);
  try {
    let sent = options.afterSeq;
    for (;;) {
      const page = await options.replay(sent);
      for (const event of page) {
        sent = event.seq;
        yield event;
      }
      if (page.length < 500) break;
    }
    while (!signal?.aborted) {
      if (buffered.length === 0) {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        continue;
      }
      const event = buffered.shift()!;
      if (event.seq <= sent || !(await options.accept(event))) continue;
      sent = event.seq;
      yield event;
    }
  } finally {
    signal?.removeEventListener("abort", onAbort);
    unsubscribe();
  }
}
