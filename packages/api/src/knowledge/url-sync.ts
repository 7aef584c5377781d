import { createHash } from "node:crypto";
import { type Db } from "@kefu/db";
import { diffDocuments, DomainError, notFound, passageKeys, ZDocumentInput, type PassageChange, type SyncIntervalHours } from "@kefu/domain";
import { pageMarkdown } from "./html-to-markdown.ts";
import { updateDocument } from "./sources.ts";
import { fetchWebPage, type FetchedPage, type WebFetchPolicy } from "./web-page.ts";

/**
 * Re-syncing web pages imported by URL: on demand or on a schedule. An
 * unchanged page (same content hash) is not re-indexed; a changed one goes
 * through knowledge.ts's atomic passage swap, and what changed is recorded.
 */
const HOUR_MS = 3_600_000;

const SYNC_FIELDS = {
  id: true,
  url: true,
  syncIntervalHours: true,
  lastSyncedAt: true,
  nextSyncAt: true,
  lastSyncChange: true,
  error: true,
} as const;

export const contentHash = (title: string, content: string) => createHash("sha256").update(`${title}\n\u0000${content}`).digest("hex");

/** The page as a document: same conversion as the first import (sources.ts importWebPage). */
function pageToDocument(page: FetchedPage, fallbackTitle: string) {
  const { title, markdown } = pageMarkdown(page);
  const content = ZDocumentInput.shape.content.safeParse(markdown);
  if (!content.success) {
    throw new DomainError("BAD_REQUEST", "url_no_text", content.error.issues[0]?.message ?? "The page has no text to learn from.");
  }
  return { title: (title || fallbackTitle).slice(0, 200), content: content.data };
}

const nextSync = (intervalHours: number | null, now: Date) => (intervalHours ? new Date(now.getTime() + intervalHours * HOUR_MS) : null);

async function findUrlSource(db: Db, tenantId: string, id: string) {
  const source = await db.knowledgeSource.findFirst({
    where: { id, tenantId, kind: "URL" },
    select: { id: true, url: true, title: true, content: true, contentHash: true, syncIntervalHours: true, status: true },
  });
  if (!source?.url) throw notFound("knowledge_source");
  return source;
}

export interface SyncResult {
  id: string;
  changed: boolean;
  change: PassageChange;
  lastSyncedAt: Date;
}

/** Re-fetches a URL source now (SSRF-safe fetch), re-indexing only when its content changed. */
export async function resyncUrl(db: Db, tenantId: string, id: string, options: { policy?: WebFetchPolicy; now?: Date } = {}): Promise<SyncResult> {
  const now = options.now ?? new Date();
  const source = await findUrlSource(db, tenantId, id);
  let doc: { title: string; content: string };
  try {
    doc = pageToDocument(await fetchWebPage(source.url!, options.policy), source.title);
  } catch (error) {
    // The old passages stay served; the reason is shown on the source.
    await recordSyncError(db, { tenantId, id, error, nextSyncAt: nextSync(source.syncIntervalHours, now) });
    throw error;
  }
  const oldHash = source.contentHash ?? contentHash(source.title, source.content ?? "");
  const newHash = contentHash(doc.title, doc.content);
  // A source whose last indexing failed is re-indexed even when the page is the same.
  const changed = oldHash !== newHash || source.status === "FAILED";
  const change = changed ? diffDocuments(source.content ?? "", doc.content) : { added: 0, removed: 0, unchanged: passageKeys(doc.content).length };
  if (changed) await updateDocument(db, { tenantId, id, kind: "URL" }, doc);
  await db.knowledgeSource.updateMany({
    where: { id, tenantId },
    data: {
      contentHash: newHash,
      lastSyncedAt: now,
      lastSyncChange: { ...change },
      nextSyncAt: nextSync(source.syncIntervalHours, now),
      error: null,
    },
  });
  return { id, changed, change, lastSyncedAt: now };
}

async function recordSyncError(db: Db, input: { tenantId: string; id: string; error: unknown; nextSyncAt: Date | null }) {
  const { tenantId, id, error, nextSyncAt } = input;
  // Only our own messages are safe to show; anything else becomes a generic reason.
  const message = error instanceof DomainError ? error.message : "The page could not be re-synced.";
  await db.knowledgeSource.updateMany({ where: { id, tenantId }, data: { error: `Re-sync failed: ${message}`.slice(0, 500), nextSyncAt } });
}

/** Sets (or clears, with null) how often a URL source is re-synced; the first run is one interval from now. */
export async function setSyncSchedule(db: Db, source: { tenantId: string; id: string }, intervalHours: SyncIntervalHours | null, now = new Date()) {
  const { tenantId, id } = source;
  const { count } = await db.knowledgeSource.updateMany({
    where: { id, tenantId, kind: "URL" },
    data: { syncIntervalHours: intervalHours, nextSyncAt: nextSync(intervalHours, now) },
  });
  if (count === 0) throw notFound("knowledge_source");
  return db.knowledgeSource.findFirstOrThrow({ where: { id, tenantId }, select: SYNC_FIELDS });
}

/**
 * Due URL sources of every tenant. The one query here without a tenant filter,
 * by design: the background worker serves all tenants. Each row then goes
 * through the tenant-scoped path with its own tenantId.
 */
function unsafeFindDueUrlSources(db: Db, now: Date, limit: number) {
  return db.knowledgeSource.findMany({
    where: { kind: "URL", syncIntervalHours: { not: null }, nextSyncAt: { lte: now } },
    orderBy: { nextSyncAt: "asc" },
    take: limit,
    select: { id: true, tenantId: true, nextSyncAt: true, syncIntervalHours: true },
  });
}

/**
 * Re-syncs every URL source whose next sync is due (called by the background
 * worker). One failing page does not stop the others; its error is recorded
 * on the source and it is tried again one interval later.
 */
export async function resyncDueSources(db: Db, now = new Date(), options: { policy?: WebFetchPolicy; limit?: number } = {}) {
  const due = await unsafeFindDueUrlSources(db, now, options.limit ?? 20);
  const report = { synced: 0, unchanged: 0, failed: 0 };
  for (const row of due) {
    // Claim the row (compare-and-set on nextSyncAt) so two workers never sync the same page twice.
    const claimed = await db.knowledgeSource.updateMany({
      where: { id: row.id, tenantId: row.tenantId, nextSyncAt: row.nextSyncAt! },
      data: { nextSyncAt: nextSync(row.syncIntervalHours, now) },
    });
    if (claimed.count === 0) continue;
    try {
      const result = await resyncUrl(db, row.tenantId, row.id, { policy: options.policy, now });
      if (result.changed) report.synced++;
      else report.unchanged++;
    } catch (error) {
      report.failed++;
      // resyncUrl records fetch errors itself; this covers failures after the fetch (e.g. indexing).
      await recordSyncError(db, { tenantId: row.tenantId, id: row.id, error, nextSyncAt: nextSync(row.syncIntervalHours, now) }).catch(() => {});
    }
  }
  return report;
}
