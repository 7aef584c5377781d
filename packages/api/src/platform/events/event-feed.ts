import { type Db } from "@kefu/db";
import { rootLogger } from "../logger.ts";
import { isDatabaseUnavailable } from "../prisma-errors.ts";
import { reconnectLater, shutdownSignal } from "../shutdown.ts";
import { EVENT_FIELDS, onEventsCommitted, toLoggedEvent, unsafeLatestEventSeq, type LoggedEvent } from "./event-log.ts";

/** After a failed poll the feed waits, doubling from one interval up to this, before polling again. */
export const FEED_MAX_BACKOFF_MS = 5000;
/** While polls keep failing, one line says so at most this often (the first failure is logged at once). */
const FAILURE_LOG_EVERY_MS = 30_000;

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
  /** Consecutive failed polls, when the next may run, and when a failure was last logged. */
  private failures = 0;
  private retryAt = 0;
  private loggedFailureAt = 0;

  constructor(
    private readonly db: Db,
    private readonly intervalMs = 40,
    private readonly log = rootLogger().child({ component: "event-feed" }),
  ) {}

  /** Consecutive failed polls (0 while the database answers). */
  get failedPolls(): number {
    return this.failures;
  }

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
    // Backing off after failures: neither the ticks nor local appends poll before retryAt.
    if (this.failures > 0 && Date.now() < this.retryAt) return;
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
      if (this.failures > 0) {
        this.log.info({ failedPolls: this.failures }, "event_feed.recovered");
        this.failures = 0;
        this.loggedFailureAt = 0;
      }
    } catch (error) {
      // Retried after a backoff (doubling up to FEED_MAX_BACKOFF_MS); streams keep their own
      // cursors and the feed its own, so nothing committed is skipped once the database answers.
      this.failures += 1;
      this.retryAt = Date.now() + Math.min(FEED_MAX_BACKOFF_MS, this.intervalMs * 2 ** this.failures);
      if (this.failures === 1 || Date.now() - this.loggedFailureAt >= FAILURE_LOG_EVERY_MS) {
        this.loggedFailureAt = Date.now();
        const details = { failedPolls: this.failures, retryInMs: this.retryAt - Date.now() };
        if (isDatabaseUnavailable(error)) this.log.warn(details, "event_feed.database_unavailable");
        else this.log.error({ ...details, err: error }, "event_feed.poll_failed");
      }
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

function whenUnavailableReconnect(error: unknown): never {
  throw isDatabaseUnavailable(error) ? reconnectLater("The database is unavailable.") : error;
}

/**
 * Replays a stream's events after its cursor, then follows new ones, in seq order with no gap and
 * no duplicate: it subscribes before replaying and drops live events at or below what it has sent.
 * When the process begins to stop, or the database cannot be reached to start or replay, the
 * stream ends with `reconnectLater` so that its client comes back with its last event id.
 */
export async function* followEvents(options: FollowOptions): AsyncGenerator<LoggedEvent> {
  const { signal } = options;
  const stopping = shutdownSignal();
  if (stopping.aborted) throw reconnectLater("The server is stopping.");
  const buffered: LoggedEvent[] = [];
  let wake: (() => void) | undefined;
  const unsubscribe = await eventFeedFor(options.db)
    .subscribe((events) => {
      buffered.push(...events);
      wake?.();
    })
    .catch(whenUnavailableReconnect);
  const onAbort = () => wake?.();
  signal?.addEventListener("abort", onAbort);
  stopping.addEventListener("abort", onAbort);
  try {
    let sent = options.afterSeq;
    for (;;) {
      const page = await options.replay(sent).catch(whenUnavailableReconnect);
      for (const event of page) {
        sent = event.seq;
        yield event;
      }
      if (page.length < 500) break;
    }
    while (!signal?.aborted) {
      if (stopping.aborted) throw reconnectLater("The server is stopping.");
      if (buffered.length === 0) {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        continue;
      }
      const event = buffered.shift()!;
      if (event.seq <= sent || !(await Promise.resolve(options.accept(event)).catch(whenUnavailableReconnect))) continue;
      sent = event.seq;
      yield event;
    }
  } finally {
    signal?.removeEventListener("abort", onAbort);
    stopping.removeEventListener("abort", onAbort);
    unsubscribe();
  }
}
