import { type Db } from "@kefu/db";

/** Typing indicators matter for a few seconds; after this they are only dead weight in the log. */
export const TYPING_EVENT_TTL_MS = 10 * 60_000;

export interface PruneTypingOptions {
  now?: Date;
  /** Rows per DELETE: short statements, so appenders and readers are never held up for long. */
  batchSize?: number;
  /** Bounds one run; whatever is left is taken by the next tick of the maintenance interval. */
  maxBatches?: number;
}

/**
 * Deletes typing events older than TYPING_EVENT_TTL_MS, across all tenants (maintenance, hence
 * `unsafe`). Streams stay correct: every reader asks for "seq > cursor", so a cursor that points
 * at a deleted row, or a hole between two kept rows, replays the remaining events in order.
 * Returns how many rows were deleted.
 */
export async function unsafePruneTypingEvents(db: Db, options: PruneTypingOptions = {}): Promise<number> {
  const cutoff = new Date((options.now ?? new Date()).getTime() - TYPING_EVENT_TTL_MS);
  const batchSize = options.batchSize ?? 1000;
  const maxBatches = options.maxBatches ?? 50;
  let deleted = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    const rows = await db.conversationEvent.findMany({
      where: { type: "typing", createdAt: { lt: cutoff } },
      orderBy: { seq: "asc" },
      take: batchSize,
      select: { seq: true },
    });
    if (rows.length === 0) break;
    const result = await db.conversationEvent.deleteMany({ where: { seq: { in: rows.map((r) => r.seq) }, type: "typing" } });
    deleted += result.count;
    if (rows.length < batchSize) break;
  }
  return deleted;
}
