import { type Db, type DbTx } from "@kefu/db";
import { addDays, isValidTimeZone, lastDays, localDateRange, localToday } from "@kefu/domain";
import { readDashboard } from "../analytics/index.ts";
import { listGaps } from "../gaps/index.ts";

/**
 * The weekly summary of a tenant (the Improve page's card and the Monday e-mail): seven local days
 * against the seven before. The conversation figures are the analytics dashboard's (analytics
 * readDashboard: AI resolution rate, CSAT), the top gaps the knowledge gaps' (gaps listGaps); what
 * changed is read here: knowledge entries added and edited, and the regression test sets' pass rate.
 */

const TOP_GAPS = 5;

export interface WeekFigures {
  from: string;
  to: string;
  conversations: number;
  aiResolutionRate: number | null;
  csatAverage: number | null;
  csatCount: number;
  knowledgeAdded: number;
  knowledgeEdited: number;
  /** Percentages (0-100), as the analytics dashboard gives its rates. */
  /** Passed / total over each test set's latest finished run in the week, in percent; null without one. */
  testPassRate: number | null;
}

export interface WeeklySummary {
  timeZone: string;
  thisWeek: WeekFigures;
  lastWeek: WeekFigures;
  topGaps: { botId: string; botName: string; label: string; missed: number }[];
}

async function timeZoneOf(db: DbTx, tenantId: string): Promise<string> {
  const tenant = await db.tenant.findUnique({ where: { id: tenantId }, select: { timeZone: true } });
  return tenant && isValidTimeZone(tenant.timeZone) ? tenant.timeZone : "UTC";
}

async function weekFigures(db: Db, tenantId: string, range: { from: string; to: string; timeZone: string }): Promise<WeekFigures> {
  const { start, end } = localDateRange(range.from, range.to, range.timeZone);
  const [dashboard, added, edited, runs] = await Promise.all([
    readDashboard(db, tenantId, { from: range.from, to: range.to }),
    db.knowledgeSource.count({ where: { tenantId, createdAt: { gte: start, lt: end } } }),
    db.knowledgeSource.count({ where: { tenantId, createdAt: { lt: start }, updatedAt: { gte: start, lt: end } } }),
    // Each set's latest finished run of the week (DISTINCT ON keeps the first row per set).
    db.$queryRaw<{ passed: number; total: number }[]>`
      SELECT DISTINCT ON ("setId") "passed", "total"
      FROM "RegressionRun"
      WHERE "tenantId" = ${tenantId} AND "status" = 'DONE' AND "startedAt" >= ${start} AND "startedAt" < ${end}
      ORDER BY "setId", "startedAt" DESC`,
  ]);
  const total = runs.reduce((n, r) => n + r.total, 0);
  return {
    from: range.from,
    to: range.to,
    conversations: dashboard.totals.conversations,
    aiResolutionRate: dashboard.totals.aiResolutionRate,
    csatAverage: dashboard.totals.csatAverage,
    csatCount: dashboard.totals.csatCount,
    knowledgeAdded: added,
    knowledgeEdited: edited,
    testPassRate: total > 0 ? Math.round((1000 * runs.reduce((n, r) => n + r.passed, 0)) / total) / 10 : null,
  };
}

/**
 * The tenant's summary of the seven local days ending with `now`'s day (today counts, as on the
 * analytics page), with the seven before. `completeDays` ends them the day before instead: the
 * Monday e-mail reports the finished week rather than a few hours of Monday.
 */
export async function weeklySummary(db: Db, tenantId: string, options: { now?: Date; completeDays?: boolean } = {}): Promise<WeeklySummary> {
  const timeZone = await timeZoneOf(db, tenantId);
  const today = localToday(timeZone, options.now);
  const thisWeek = { ...lastDays(options.completeDays ? addDays(today, -1) : today, 7), timeZone };
  const lastWeek = { ...lastDays(addDays(thisWeek.from, -1), 7), timeZone };
  const [current, previous] = [await weekFigures(db, tenantId, thisWeek), await weekFigures(db, tenantId, lastWeek)];
  // The gaps of the week, per bot (as the gaps page lists them), the most missed first.
  const weekEnd = localDateRange(thisWeek.from, thisWeek.to, timeZone).end;
  const bots = await db.bot.findMany({ where: { tenantId }, orderBy: { createdAt: "asc" }, select: { id: true, name: true } });
  const topGaps: WeeklySummary["topGaps"] = [];
  for (const bot of bots) {
    const { gaps } = await listGaps(db, tenantId, { botId: bot.id, days: 7 }, weekEnd);
    for (const gap of gaps) if (gap.status === "open" && gap.missed > 0) topGaps.push({ botId: bot.id, botName: bot.name, label: gap.label, missed: gap.missed });
  }
  topGaps.sort((a, b) => b.missed - a.missed);
  return { timeZone, thisWeek: current, lastWeek: previous, topGaps: topGaps.slice(0, TOP_GAPS) };
}
