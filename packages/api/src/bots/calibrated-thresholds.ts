import { type DbTx } from "@kefu/db";
import { DEFAULT_SUGGEST_THRESHOLD, parseCalibration, thresholdsForTarget, type AnswerThresholds, type Calibration } from "@kefu/domain";

/**
 * A knowledge base's calibration (KnowledgeCalibration, computed by the ingestion worker) as
 * answering uses it: kept per process, keyed on its computedAt, which the caller has just read
 * with the bot's knowledge bases (knowledge botKnowledgeScope, one joined query): a hit costs no
 * query, a new calibration is read once.
 */
interface Cached {
  tenantId: string;
  computedAt: number;
  calibration: Calibration | null;
  thresholds: Map<number, AnswerThresholds>;
}

/** Bot.targetPrecision's default. */
export const DEFAULT_TARGET_PRECISION = 0.9;
const CACHE_SIZE = 1_000;
const cache = new Map<string, Cached>();
let reads = 0;

/** How many times a calibration was read from the database (for tests of the cache). */
export const calibrationReads = (): number => reads;

async function cachedCalibration(db: DbTx, tenantId: string, knowledgeBaseId: string, computedAt: number): Promise<Cached> {
  const hit = cache.get(knowledgeBaseId);
  if (hit && hit.tenantId === tenantId && hit.computedAt === computedAt) {
    cache.delete(knowledgeBaseId);
    cache.set(knowledgeBaseId, hit);
    return hit;
  }
  reads++;
  const row = await db.knowledgeCalibration.findFirst({ where: { knowledgeBaseId, tenantId }, select: { status: true, curve: true, computedAt: true } });
  const entry: Cached = {
    tenantId,
    // What was read (a newer one may have been stored since the caller's read).
    computedAt: row?.computedAt.getTime() ?? computedAt,
    calibration: row?.status === "ready" ? parseCalibration(row.curve) : null,
    thresholds: new Map(),
  };
  const current = cache.get(knowledgeBaseId);
  if (!current || current.computedAt <= entry.computedAt) {
    cache.delete(knowledgeBaseId);
    cache.set(knowledgeBaseId, entry);
    if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  }
  return entry;
}

/** Thresholds without a calibration: the bot's own answer threshold and the default band under it. */
export function uncalibratedThresholds(answerThreshold: number): AnswerThresholds {
  return { answer: answerThreshold, suggest: Math.min(DEFAULT_SUGGEST_THRESHOLD, answerThreshold) };
}

/**
 * The thresholds for a question whose best entry is in `knowledgeBaseId`, at the bot's target
 * precision, from that knowledge base's last calibration (`calibratedAt`, its computedAt in ms,
 * as the caller read it; also while a newer one is being computed); the bot's own answer
 * threshold when it has none (never calibrated, too little knowledge, or no entry matched).
 */
export async function calibratedThresholds(
  db: DbTx,
  input: { tenantId: string; knowledgeBaseId: string | null; calibratedAt: number | undefined; targetPrecision: number; answerThreshold: number },
): Promise<AnswerThresholds> {
  if (!input.knowledgeBaseId || input.calibratedAt === undefined) return uncalibratedThresholds(input.answerThreshold);
  const entry = await cachedCalibration(db, input.tenantId, input.knowledgeBaseId, input.calibratedAt);
  if (!entry.calibration) return uncalibratedThresholds(input.answerThreshold);
  let t = entry.thresholds.get(input.targetPrecision);
  if (!t) {
    const { answer, suggest, calibrated } = thresholdsForTarget(entry.calibration, input.targetPrecision);
    t = { answer, suggest, calibrated };
    entry.thresholds.set(input.targetPrecision, t);
  }
  return t;
}
