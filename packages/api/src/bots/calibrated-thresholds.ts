import { type DbTx } from "@kefu/db";
import { DEFAULT_SUGGEST_THRESHOLD, parseCalibration, thresholdsForTarget, type AnswerThresholds, type Calibration } from "@kefu/domain";

/**
 * A knowledge base's calibration (KnowledgeCalibration, computed by the ingestion worker) as
 * answering uses it: kept per process, keyed on the content version retrieval has just read
 * with the bot's knowledge bases (botKnowledgeScope), so the common path costs no query.
 */
interface Cached {
  tenantId: string;
  /** Content version (KnowledgeBase.updatedAt, ms) the caller served when this was read. */
  version: number | undefined;
  /** Computed on that version: valid until the content changes. Else read again after a while. */
  current: boolean;
  readAt: number;
  calibration: Calibration | null;
  thresholds: Map<number, AnswerThresholds>;
}

/** While a knowledge base's calibration is out of date (being recomputed), how often a process looks for the new one. */
export const CALIBRATION_RECHECK_MS = 5_000;
const CACHE_SIZE = 1_000;
const cache = new Map<string, Cached>();
let reads = 0;

/** How many times a calibration was read from the database (for tests of the cache). */
export const calibrationReads = (): number => reads;

/** Drops every cached calibration (tests). */
export function resetCalibrationCache(): void {
  cache.clear();
}

async function cachedCalibration(db: DbTx, tenantId: string, knowledgeBaseId: string, version: number | undefined): Promise<Cached> {
  const hit = cache.get(knowledgeBaseId);
  if (hit && hit.tenantId === tenantId) {
    // Current for the content being served: no query. Out of date: the last one, read again every few seconds.
    if (hit.current && hit.version === version) return hit;
    if (!hit.current && hit.version === version && Date.now() - hit.readAt < CALIBRATION_RECHECK_MS) return hit;
  }
  reads++;
  const row = await db.knowledgeCalibration.findFirst({ where: { knowledgeBaseId, tenantId }, select: { status: true, contentVersion: true, curve: true } });
  const entry: Cached = {
    tenantId,
    version,
    current: row !== null && version !== undefined && row.contentVersion.getTime() >= version,
    readAt: Date.now(),
    calibration: row?.status === "ready" ? parseCalibration(row.curve) : null,
    thresholds: new Map(),
  };
  cache.delete(knowledgeBaseId);
  cache.set(knowledgeBaseId, entry);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return entry;
}

/** Thresholds without a calibration: the bot's own answer threshold and the default band under it. */
export function uncalibratedThresholds(answerThreshold: number): AnswerThresholds {
  return { answer: answerThreshold, suggest: Math.min(DEFAULT_SUGGEST_THRESHOLD, answerThreshold) };
}

/**
 * The thresholds for a question whose best entry is in `knowledgeBaseId`, at the bot's target
 * precision, from that knowledge base's calibration (the last one computed while a newer one is
 * on its way); the bot's own answer threshold when it has none (never calibrated, too little
 * knowledge, or no entry matched). `version` is the knowledge base's content version
 * (KnowledgeBase.updatedAt in ms) as retrieval read it; without it the calibration is read
 * again every few seconds.
 */
export async function calibratedThresholds(
  db: DbTx,
  input: { tenantId: string; knowledgeBaseId: string | null; version?: number; targetPrecision: number; answerThreshold: number },
): Promise<AnswerThresholds> {
  if (!input.knowledgeBaseId) return uncalibratedThresholds(input.answerThreshold);
  const entry = await cachedCalibration(db, input.tenantId, input.knowledgeBaseId, input.version);
  if (!entry.calibration) return uncalibratedThresholds(input.answerThreshold);
  let t = entry.thresholds.get(input.targetPrecision);
  if (!t) {
    const { answer, suggest } = thresholdsForTarget(entry.calibration, input.targetPrecision);
    t = { answer, suggest };
    entry.thresholds.set(input.targetPrecision, t);
  }
  return t;
}
