import type { Db, DbTx, Prisma } from "@kefu/db";
import { DomainError, isNewRegressionFailure, notFound, regressionCasePasses, type RegressionDecision } from "@kefu/domain";
import { getBot } from "../bots/index.ts";
import { decideQuestion, type SettledKnowledgeBase } from "../knowledge/index.ts";
import { workerLogger } from "../platform/logger.ts";
import { isUniqueViolation } from "../platform/prisma-errors.ts";
import { getSet, sourceTitles } from "./sets.ts";

/** A run still RUNNING after this long was lost with its process: it is marked failed and no longer blocks a new one. */
const LOST_RUN_MS = 10 * 60_000;
/** Knowledge changes listed on a run. */
const CHANGES_SHOWN = 20;
/** Runs shown in a set's history and trend. */
const HISTORY_RUNS = 30;

const RUN_FIELDS = {
  id: true,
  setId: true,
  trigger: true,
  status: true,
  knowledgeBaseId: true,
  knowledgeVersion: true,
  changes: true,
  total: true,
  passed: true,
  failed: true,
  newFailures: true,
  error: true,
  startedAt: true,
  finishedAt: true,
} as const;

export interface KnowledgeChange {
  id: string;
  title: string;
  kind: string;
  /** "added" since the previous run, or "edited". */
  change: "added" | "edited";
}

/** Knowledge of the bot added or edited since `since` (the previous run), newest first. */
async function changesSince(db: DbTx, tenantId: string, botId: string, since: Date | null): Promise<KnowledgeChange[]> {
  if (!since) return [];
  const rows = await db.knowledgeSource.findMany({
    where: { tenantId, updatedAt: { gt: since }, knowledgeBase: { bots: { some: { botId, tenantId } } } },
    orderBy: { updatedAt: "desc" },
    take: CHANGES_SHOWN,
    select: { id: true, title: true, kind: true, createdAt: true },
  });
  return rows.map((r) => ({ id: r.id, title: r.title, kind: r.kind, change: r.createdAt > since ? "added" : "edited" }));
}

/**
 * Runs every case of a set with the engine the bot answers with (knowledge decideQuestion: the
 * chat's retrieval, thresholds and decision, no AI model), storing each case's result as it goes
 * (so a dashboard polling the run sees progress), then the counts. A case that passed in the
 * previous finished run and fails now is a new failure.
 */
export async function runSet(
  db: Db,
  input: { tenantId: string; setId: string; trigger: "MANUAL" | "KNOWLEDGE_CHANGE"; startedById?: string | null; knowledge?: SettledKnowledgeBase | null },
) {
  const { tenantId } = input;
  const set = await getSet(db, tenantId, input.setId);
  await db.regressionRun.updateMany({
    where: { tenantId, setId: set.id, status: "RUNNING", startedAt: { lt: new Date(Date.now() - LOST_RUN_MS) } },
    data: { status: "FAILED", error: "The run was interrupted.", finishedAt: new Date() },
  });
  if (input.trigger === "MANUAL" && (await db.regressionRun.count({ where: { tenantId, setId: set.id, status: "RUNNING" } })) > 0) {
    throw new DomainError("CONFLICT", "test_run_in_progress", "This test set is already running.");
  }
  const previous = await db.regressionRun.findFirst({
    where: { tenantId, setId: set.id, status: "DONE" },
    orderBy: { startedAt: "desc" },
    select: { id: true, startedAt: true, results: { select: { caseId: true, passed: true } } },
  });
  const passedBefore = new Map(previous?.results.map((r) => [r.caseId, r.passed]) ?? []);
  const cases = await db.regressionCase.findMany({ where: { tenantId, setId: set.id }, orderBy: { createdAt: "asc" }, select: { id: true, question: true, expectedSourceIds: true } });
  const changes = await changesSince(db, tenantId, set.botId, previous?.startedAt ?? null);
  const run = await db.regressionRun
    .create({
      data: {
        tenantId,
        setId: set.id,
        trigger: input.trigger,
        startedById: input.startedById ?? null,
        knowledgeBaseId: input.knowledge?.knowledgeBaseId ?? null,
        knowledgeVersion: input.knowledge?.contentVersion ?? null,
        changes: changes as unknown as Prisma.InputJsonArray,
        total: cases.length,
      },
      select: { id: true },
    })
    .catch((error: unknown) => {
      // This knowledge change already has its run (two workers saw it settle): not run twice.
      if (input.knowledge && isUniqueViolation(error)) return null;
      throw error;
    });
  if (!run) return null;
  let passed = 0;
  let newFailures = 0;
  try {
    for (const c of cases) {
      const answer = await decideQuestion(db, { tenantId, botId: set.botId, question: c.question });
      const decision: RegressionDecision = answer.decision;
      const cited = decision === "answer" ? (answer.citations[0] ?? null) : null;
      const ok = regressionCasePasses(c.expectedSourceIds, { decision, citedSourceId: cited?.sourceId ?? null });
      const isNew = isNewRegressionFailure(passedBefore.get(c.id), ok);
      if (ok) passed++;
      if (isNew) newFailures++;
      await db.regressionResult.create({
        data: {
          tenantId,
          runId: run.id,
          caseId: c.id,
          question: c.question,
          expectedSourceIds: c.expectedSourceIds,
          passed: ok,
          newFailure: isNew,
          decision,
          citedSourceId: cited?.sourceId ?? null,
          citedTitle: cited?.title ?? null,
          confidence: answer.confidence,
        },
      });
    }
  } catch (error) {
    await db.regressionRun.update({ where: { id: run.id }, data: { status: "FAILED", error: "The run failed; try again.", finishedAt: new Date(), passed, failed: cases.length - passed, newFailures } });
    throw error;
  }
  return db.regressionRun.update({
    where: { id: run.id },
    data: { status: "DONE", passed, failed: cases.length - passed, newFailures, finishedAt: new Date() },
    select: RUN_FIELDS,
  });
}

/**
 * The ingestion worker's hook after a knowledge base's content settled: every set with auto-run
 * of the bots answering from it runs once. A failing set is logged; the others still run.
 */
export async function runAutoSets(db: Db, settled: SettledKnowledgeBase): Promise<number> {
  const sets = await db.regressionSet.findMany({
    where: { tenantId: settled.tenantId, autoRun: true, bot: { knowledgeBases: { some: { knowledgeBaseId: settled.knowledgeBaseId, tenantId: settled.tenantId } } } },
    select: { id: true },
  });
  let ran = 0;
  for (const set of sets) {
    try {
      if (await runSet(db, { tenantId: settled.tenantId, setId: set.id, trigger: "KNOWLEDGE_CHANGE", knowledge: settled })) ran++;
    } catch (error) {
      workerLogger("regression").warn({ err: error, setId: set.id }, "regression.auto_run_failed");
    }
  }
  return ran;
}

/** One run with its results (expected and cited sources with their titles), for the dashboard; also while it runs. */
export async function getRun(db: DbTx, tenantId: string, runId: string) {
  const run = await db.regressionRun.findFirst({
    where: { id: runId, tenantId },
    select: {
      ...RUN_FIELDS,
      results: {
        orderBy: { id: "asc" },
        select: { caseId: true, question: true, expectedSourceIds: true, passed: true, newFailure: true, decision: true, citedSourceId: true, citedTitle: true, confidence: true },
      },
    },
  });
  if (!run) throw notFound("test_run");
  const titles = await sourceTitles(db, tenantId, [...new Set(run.results.flatMap((r) => r.expectedSourceIds))]);
  return {
    ...run,
    changes: run.changes as unknown as KnowledgeChange[],
    results: run.results.map((r) => ({ ...r, expected: r.expectedSourceIds.map((id) => ({ id, title: titles.get(id) ?? null })) })),
  };
}

/** The set's latest runs, oldest first: the trend of its pass rate across knowledge changes. */
export async function runHistory(db: DbTx, tenantId: string, setId: string) {
  const set = await getSet(db, tenantId, setId);
  const runs = await db.regressionRun.findMany({ where: { tenantId, setId: set.id }, orderBy: { startedAt: "desc" }, take: HISTORY_RUNS, select: RUN_FIELDS });
  return runs.reverse().map((r) => ({ ...r, changes: r.changes as unknown as KnowledgeChange[], passRate: r.total > 0 ? r.passed / r.total : null }));
}

/** The run of a set in progress, if any (the dashboard shows its progress). */
export async function currentRun(db: DbTx, tenantId: string, setId: string) {
  const set = await getSet(db, tenantId, setId);
  const run = await db.regressionRun.findFirst({
    where: { tenantId, setId: set.id, status: "RUNNING", startedAt: { gte: new Date(Date.now() - LOST_RUN_MS) } },
    orderBy: { startedAt: "desc" },
    select: { id: true, total: true, startedAt: true, _count: { select: { results: true } } },
  });
  return run ? { id: run.id, total: run.total, done: run._count.results, startedAt: run.startedAt } : null;
}

/**
 * What the bot page flags: for each of the bot's sets whose latest finished run has new
 * failures, the questions that broke and the run to look at.
 */
export async function botNewFailures(db: DbTx, tenantId: string, botId: string) {
  await getBot(db, tenantId, botId);
  const sets = await db.regressionSet.findMany({
    where: { tenantId, botId },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      name: true,
      runs: {
        where: { status: "DONE" },
        orderBy: { startedAt: "desc" },
        take: 1,
        select: { id: true, trigger: true, startedAt: true, total: true, passed: true, newFailures: true, results: { where: { newFailure: true }, select: { caseId: true, question: true, citedTitle: true, decision: true } } },
      },
    },
  });
  return sets.flatMap((set) => {
    const run = set.runs[0];
    if (!run || run.newFailures === 0) return [];
    const { results, ...rest } = run;
    return [{ setId: set.id, setName: set.name, run: rest, failures: results }];
  });
}
