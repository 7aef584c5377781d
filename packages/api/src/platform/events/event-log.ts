import { Prisma, type Db, type DbTx } from "@kefu/db";
import { ZConversationLogEvent, type ConversationLogEvent } from "@kefu/domain";
import { rootLogger } from "../logger.ts";

/**
 * The conversation event log: every visitor-, bot- and agent-visible change is appended here,
 * and realtime streams replay it from the client's last seen `seq`, then follow it. What each
 * event type carries is the domain's ZConversationLogEvent: appends are typed by it and reads are
 * parsed with it, so readers narrow on `type` instead of guessing at a JSON payload.
 *
 * `seq` comes from a sequence, and sequences hand out numbers in call order, not commit order: a
 * reader that saw seq 11 could miss a seq 10 that commits later. Appends therefore take one
 * transaction-scoped advisory lock, so numbers are assigned and committed in the same order and
 * "everything after N" is a correct cursor. Appends are short, so the lock is held briefly.
 */
const EVENT_LOG_LOCK = 0x6b656675; // "kefu"

export type EventAudience = "ALL" | "AGENTS";

/** An event to append: a type with its payload (checked when compiled), for one conversation. */
export type ConversationEventInput = ConversationLogEvent & { conversationId: string; audience?: EventAudience };

/** A logged event: where and when, with its type and payload (narrow on `type`). */
export type LoggedEvent = ConversationLogEvent & {
  seq: bigint;
  tenantId: string;
  conversationId: string;
  audience: EventAudience;
  createdAt: Date;
};

const EVENT_META = { seq: true, tenantId: true, conversationId: true, audience: true, createdAt: true } as const;
export const EVENT_FIELDS = { ...EVENT_META, type: true, payload: true } as const;
type StoredEvent = Prisma.ConversationEventGetPayload<{ select: typeof EVENT_FIELDS }>;

/**
 * A stored row as a typed event, or null when its payload does not fit its type (written by hand,
 * or by a version that logged something else). Readers skip such a row instead of throwing: one
 * bad row must not break every stream that replays past it.
 */
export function toLoggedEvent(row: StoredEvent): LoggedEvent | null {
  const { type, payload, ...meta } = row;
  const parsed = ZConversationLogEvent.safeParse({ type, payload });
  if (parsed.success) return { ...meta, ...parsed.data };
  rootLogger().warn({ component: "event-log", seq: row.seq.toString(), type }, "event_log.invalid_event_skipped");
  return null;
}

/**
 * The lock as SQL, for a single statement that appends on its own (conversations/append-message.ts):
 * a statement is its own transaction, so the lock is held until it ends. Re-entrant in a
 * transaction that already holds it.
 */
export const EVENT_LOG_LOCK_SQL = Prisma.sql`SELECT pg_advisory_xact_lock(${EVENT_LOG_LOCK})`;

/** Serialises appenders until the caller's transaction ends (see the module comment). */
export async function lockEventLog(tx: DbTx): Promise<void> {
  await tx.$executeRaw(EVENT_LOG_LOCK_SQL);
}

/**
 * Appends events inside the caller's transaction; call lockEventLog(tx) first, before any write
 * whose event must be ordered with it. Use `appendEvents` when there is no transaction yet.
 */
export async function appendEventsInTx(tx: DbTx, tenantId: string, events: ConversationEventInput[]): Promise<LoggedEvent[]> {
  const logged: LoggedEvent[] = [];
  for (const { conversationId, audience = "ALL", ...event } of events) {
    const row = await tx.conversationEvent.create({
      data: { tenantId, conversationId, type: event.type, audience, payload: event.payload },
      select: EVENT_META,
    });
    logged.push({ ...row, ...event });
  }
  return logged;
}

/** Appends events in a transaction of their own and wakes this process's followers. */
export async function appendEvents(db: Db, tenantId: string, events: ConversationEventInput[]): Promise<LoggedEvent[]> {
  const logged = await db.$transaction(async (tx) => {
    await lockEventLog(tx);
    return appendEventsInTx(tx, tenantId, events);
  });
  eventsCommitted();
  return logged;
}

export interface EventQuery {
  tenantId: string;
  /** Only these conversations (a visitor's); all of the tenant's when omitted (the inbox). */
  conversationIds?: string[];
  afterSeq: bigint;
  /** Visitors see ALL only; agents see everything. */
  audience: "visitor" | "agent";
  take?: number;
}

/**
 * Events after a cursor, oldest first; tenant-scoped in the SQL. Fewer than `take` means the log
 * has no more: a skipped row (toLoggedEvent) is made up for by reading on, so a stream replaying
 * page by page never stops early.
 */
export async function readEvents(db: DbTx, query: EventQuery): Promise<LoggedEvent[]> {
  const take = query.take ?? 500;
  const events: LoggedEvent[] = [];
  let afterSeq = query.afterSeq;
  for (;;) {
    const wanted = take - events.length;
    const rows = await db.conversationEvent.findMany({
      where: {
        tenantId: query.tenantId,
        seq: { gt: afterSeq },
        ...(query.conversationIds ? { conversationId: { in: query.conversationIds } } : {}),
        ...(query.audience === "visitor" ? { audience: "ALL" as const } : {}),
      },
      orderBy: { seq: "asc" },
      take: wanted,
      select: EVENT_FIELDS,
    });
    for (const row of rows) {
      const event = toLoggedEvent(row);
      if (event) events.push(event);
    }
    if (rows.length < wanted || events.length === take) return events;
    afterSeq = rows[rows.length - 1]!.seq;
  }
}

/** The newest seq of the whole log (0 when empty): where a live follower starts. */
export async function unsafeLatestEventSeq(db: DbTx): Promise<bigint> {
  const last = await db.conversationEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } });
  return last?.seq ?? 0n;
}

// In-process wake-up for followers (the event feed listens); appends made by another process
// are found by the feed's poll instead.
const committedListeners = new Set<() => void>();
export function onEventsCommitted(listener: () => void): () => void {
  committedListeners.add(listener);
  return () => committedListeners.delete(listener);
}
/** Call after committing a transaction that used appendEventsInTx. */
export function eventsCommitted() {
  for (const listener of committedListeners) listener();
}
