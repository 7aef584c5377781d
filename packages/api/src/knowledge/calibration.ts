import { Prisma, type Db, type DbTx } from "@kefu/db";
import { CALIBRATION_METHOD, calibrationSteps, HybridRetriever, parseCalibration, type Calibration, type RetrievalDoc } from "@kefu/domain";
import { getBot } from "../bots/index.ts";
import { currentTenantSynonyms } from "./synonyms.ts";

/**
 * Per-knowledge-base calibration (domain calibration.ts), kept in KnowledgeCalibration: computed
 * in the background by the ingestion worker once a knowledge base's content settled, read by
 * answering through a per-process cache (bots/calibrated-thresholds.ts).
 */

/** A change younger than this is left to settle (more edits may follow) before calibrating. */
export const CALIBRATION_QUIET_MS = 5_000;

export type CalibrationStatus = "ready" | "too_small" | "failed";

/** Runs a sliced computation to the end, letting the event loop serve other work between slices. */
async function drive<T>(steps: Generator<void, T>): Promise<T> {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** Calibrates one knowledge base now, from its chunks, and stores the result for `contentVersion`. */
export async function calibrateKnowledgeBase(db: DbTx, kb: { id: string; tenantId: string; contentVersion: Date }): Promise<CalibrationStatus> {
  const chunks = await db.$queryRaw<{ id: string; sourceId: string; text: string; answer: string; headingPath: string[] }[]>`
    SELECT "id", "sourceId", "text", "answer", "headingPath"
    FROM "KnowledgeChunk"
    WHERE "tenantId" = ${kb.tenantId} AND "knowledgeBaseId" = ${kb.id}
    ORDER BY "sourceId", "ordinal"`;
  const docs: RetrievalDoc[] = chunks.map((c) => ({ id: c.id, sourceId: c.sourceId, text: c.text, answer: c.answer, headingPath: c.headingPath }));
  let status: CalibrationStatus;
  let curve: Calibration | null = null;
  let detail: string | null = null;
  try {
    // Read with the tenant's synonym sets, as retrieval reads questions (retrieval-cache.ts).
    const synonyms = await currentTenantSynonyms(db, kb.tenantId);
    const result = await drive(calibrationSteps(docs, { retriever: (d) => new HybridRetriever(d, { synonyms }) }));
    status = result.status;
    if (result.status === "ready") curve = result.calibration;
    else detail = result.reason;
  } catch (error) {
    status = "failed";
    detail = error instanceof Error ? error.message.slice(0, 500) : "calibration failed";
  }
  const data = { status, contentVersion: kb.contentVersion, curve: curve ? (curve as unknown as Prisma.InputJsonObject) : Prisma.JsonNull, detail, computedAt: new Date() };
  await db.knowledgeCalibration.upsert({
    where: { knowledgeBaseId: kb.id },
    create: { knowledgeBaseId: kb.id, tenantId: kb.tenantId, ...data },
    update: data,
  });
  return status;
}

// Knowledge bases this process is calibrating now: the worker's other slot picks another one
// (or none) instead of calibrating the same content twice at once.
const calibrating = new Set<string>();

/**
 * Calibrates the knowledge base whose calibration is the most out of date, if any: its content
 * changed since (or it has none), the change is at least `quietMs` old and none of its documents
 * is still queued or indexing. An import of a thousand entries therefore calibrates once, after
 * it. Across tenants (like the ingestion queue); everything it reads and writes is scoped to the
 * knowledge base's tenant. Returns the knowledge base calibrated (its content has settled), or
 * null when there was nothing to do.
 */
export async function calibrateStaleKnowledgeBase(db: Db, options: { quietMs?: number } = {}): Promise<SettledKnowledgeBase | null> {
  const settled = new Date(Date.now() - (options.quietMs ?? CALIBRATION_QUIET_MS));
  const busy = [...calibrating, ""];
  const [kb] = await db.$queryRaw<{ id: string; tenantId: string; updatedAt: Date }[]>`
    SELECT kb."id", kb."tenantId", kb."updatedAt"
    FROM "KnowledgeBase" kb
    LEFT JOIN "KnowledgeCalibration" c ON c."knowledgeBaseId" = kb."id" AND c."tenantId" = kb."tenantId"
    WHERE (
        c."knowledgeBaseId" IS NULL OR c."contentVersion" < kb."updatedAt"
        -- A curve of an older confidence (CALIBRATION_METHOD) is recomputed, whatever the content.
        OR (c."status" = 'ready' AND COALESCE((c."curve"->>'method')::int, 1) <> ${CALIBRATION_METHOD})
      )
      AND kb."updatedAt" <= ${settled}
      AND kb."id" <> ALL(${busy})
      AND NOT EXISTS (
        SELECT 1 FROM "KnowledgeSource" s
        WHERE s."tenantId" = kb."tenantId" AND s."knowledgeBaseId" = kb."id" AND s."status" IN ('QUEUED', 'INDEXING')
      )
    ORDER BY kb."updatedAt"
    LIMIT 1`;
  if (!kb || calibrating.has(kb.id)) return null;
  calibrating.add(kb.id);
  try {
    await calibrateKnowledgeBase(db, { id: kb.id, tenantId: kb.tenantId, contentVersion: kb.updatedAt });
  } finally {
    calibrating.delete(kb.id);
  }
  return { tenantId: kb.tenantId, knowledgeBaseId: kb.id, contentVersion: kb.updatedAt };
}

/** A knowledge base whose content settled after a change (no document waiting, quiet long enough) and was calibrated again. */
export interface SettledKnowledgeBase {
  tenantId: string;
  knowledgeBaseId: string;
  /** KnowledgeBase.updatedAt of the content calibrated. */
  contentVersion: Date;
}

/** What the bot page shows of one knowledge base's calibration. */
export interface KnowledgeCalibrationView {
  knowledgeBaseId: string;
  name: string;
  /** "calibrating": the content changed since (or never calibrated), a new one is on its way. */
  status: CalibrationStatus | "calibrating";
  computedAt: Date | null;
  /** The last curve computed, also while a new one is computed. */
  calibration: Calibration | null;
  detail: string | null;
}

/** The calibrations of a bot's knowledge bases (tenant-scoped), in the bot's knowledge base order. */
export async function botCalibrations(db: DbTx, tenantId: string, botId: string): Promise<KnowledgeCalibrationView[]> {
  await getBot(db, tenantId, botId);
  const links = await db.botKnowledgeBase.findMany({
    where: { tenantId, botId },
    orderBy: { createdAt: "asc" },
    select: { knowledgeBase: { select: { id: true, name: true, updatedAt: true, calibration: { select: { status: true, contentVersion: true, curve: true, detail: true, computedAt: true } } } } },
  });
  // Prisma reads the links, then their knowledge bases: one deleted in between comes back as null
  // (typed as present) and is left out, as it is gone.
  return links.flatMap(({ knowledgeBase }) => {
    const kb = knowledgeBase as typeof knowledgeBase | null;
    if (!kb) return [];
    const c = kb.calibration;
    const current = c !== null && c.contentVersion.getTime() >= kb.updatedAt.getTime();
    return [
      {
        knowledgeBaseId: kb.id,
        name: kb.name,
        status: current ? (c.status as CalibrationStatus) : "calibrating",
        computedAt: c?.computedAt ?? null,
        calibration: c ? parseCalibration(c.curve) : null,
        detail: c?.detail ?? null,
      },
    ];
  });
}
