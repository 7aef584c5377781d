import type { Prisma, Db, DbTx } from "@kefu/db";

/**
 * The conversation event log: every visitor-, bot- and agent-visible change is appended here,
 * and realtime streams replay it from the client's last seen `seq`, then follow it.
 *
 * `seq` comes from a sequence, and sequences hand out numbers in call order, not commit order: a
 * reader that saw seq 11 could miss a seq 10 that commits later. Appends therefore take one
 * transaction-scoped advisory lock, so numbers are assigned and committed in the same order and
 * "everything after N" is a correct cursor. Appends are short, so the lock is held briefly.
 */
const EVENT_LOG_LOCK = 0x6b656675; // "kefu"

export type EventAudience = "ALL" | "AGENTS";

export interface ConversationEventInput {
  conversationId: string;
  type: string;
  audience?: EventAudience;
  payload?: Prisma.InputJsonValue;
}

export interface LoggedEvent {
  seq: bigint;
  tenantId: string;
  conversationId: string;
  type: string;
  audience: EventAudience;
  payload: unknown;
  createdAt: Date;
}

const EVENT_FIELDS = {
  seq: true,
  tenantId: true,
  conversationId: true,
  type: true,
  audience: true,
  payload: true,
  createdAt: true,
} as const;

/** Serialises appenders until the caller's transaction ends (see the module comment). */
export async function lockEventLog(tx: DbTx): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${EVENT_LOG_LOCK})`;
}

/**
 * Appends events inside the caller's transaction; call lockEventLog(tx) first, before any write
 * whose event must be ordered with it. Use `appendEvents` when there is no transaction yet.
 */
export async function appendEventsInTx(tx: DbTx, tenantId: string, events: ConversationEventInput[]): Promise<LoggedEvent[]> {
  const logged: LoggedEvent[] = [];
  for (const event of events) {
    logged.push(
      await tx.conversationEvent.create({
        data: {
          tenantId,
          conversationId: event.conversationId,
          type: event.type,
          audience: event.audience ?? "ALL",
          payload: event.payload ?? {},
        },
        select: EVENT_FIELDS,
      }),
    );
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

/** Events after a cursor, oldest first; tenant-scoped in the SQL. */
export async function readEvents(db: DbTx, query: EventQuery): Promise<LoggedEvent[]> {
  return db.conversationEvent.findMany({
    where: {
      tenantId: query.tenantId,
      seq: { gt: query.afterSeq },
      ...(query.conversationIds ? { conversationId: { in: query.conversationIds } } : {}),
      ...(query.audience === "visitor" ? { audience: "ALL" as const } : {}),
    },
    orderBy: { seq: "asc" },
    take: query.take ?? 500,
    select: EVENT_FIELDS,
  });
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
