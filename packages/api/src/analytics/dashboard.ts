import { Prisma, type Db } from "@kefu/db";
import {
  buildDashboard,
  chartCsv,
  clusterQuestions,
  DomainError,
  isValidTimeZone,
  type ChartId,
  type ChartTable,
  type Dashboard,
  type RollupMetric,
  type RollupRow,
  ROLLUP_METRICS,
} from "@kefu/domain";
import { foldTenant } from "./rollup.ts";
import type { AnalyticsQuery, ChartName } from "./schemas.ts";

/** How many of a period's distinct question texts (the most asked) the "top questions" card clusters. */
export const QUESTION_TEXTS = 500;
const TOP_CITED = 20;
const NEVER_CITED_SHOWN = 50;
/** A fold at read time catches up with the last seconds' changes, bounded so a read stays fast. */
const READ_FOLD_BATCHES = 3;

async function timeZoneOf(db: Db, tenantId: string): Promise<string> {
  const tenant = await db.tenant.findUnique({ where: { id: tenantId }, select: { timeZone: true } });
  return tenant && isValidTimeZone(tenant.timeZone) ? tenant.timeZone : "UTC";
}

function checkRange(query: AnalyticsQuery) {
  if (query.from > query.to) throw new DomainError("BAD_REQUEST", "invalid_range", "The start date must not be after the end date.");
}

async function checkBot(db: Db, tenantId: string, botId: string | undefined) {
  if (!botId) return;
  const bot = await db.bot.findFirst({ where: { id: botId, tenantId }, select: { id: true } });
  if (!bot) throw new DomainError("NOT_FOUND", "bot_not_found", "This bot does not exist.");
}

/** Metrics the charts show day by day; the others are summed over the period. */
const DAILY_METRICS = [
  "conversations",
  "involved",
  "deflected",
  "escalated",
  "ai_resolved",
  "messages_visitor",
  "messages_bot",
  "messages_agent",
  "feedback_helpful",
  "feedback_not_helpful",
] as const satisfies readonly RollupMetric[];
/** Durations the charts show day by day (each day's histogram). */
const DAILY_HISTOGRAMS = ["answer_latency"] as const satisfies readonly RollupMetric[];
/** Read by the knowledge and question cards alone, never summed with the dashboard. */
const NOT_ON_DASHBOARD = ["question", "cited"] as const satisfies readonly RollupMetric[];
const DASHBOARD_METRICS = ROLLUP_METRICS.filter((m) => !(NOT_ON_DASHBOARD as readonly string[]).includes(m));

/** What each chart is drawn from: its CSV reads these alone. */
const CHART_METRICS: Record<ChartId, RollupMetric[]> = {
  volume: ["conversations", "messages_visitor", "messages_bot", "messages_agent"],
  aiResolution: ["conversations", "ai_resolved"],
  rates: ["conversations", "involved", "deflected", "escalated"],
  escalationReasons: ["escalation_reason"],
  escalationRules: ["escalation_rule"],
  humanTimes: ["first_response", "resolution", "queue_wait"],
  csat: ["csat"],
  feedback: ["feedback_helpful", "feedback_not_helpful"],
  answerLatency: ["answer_latency"],
  heatmap: ["heatmap"],
};

/**
 * The rollup of a period in one statement that reads the period's rows once: the daily series and
 * daily histograms come back as one row per day (`metric|dimension` → count), the breakdowns
 * (heatmap, reasons, rules, other histograms, citations) summed over the period as one more row
 * (dated `from`). What comes back is bounded by the days and the breakdowns' keys, whatever the
 * traffic; one scan instead of one per kind, and one round trip.
 */
async function rollupRows(db: Db, tenantId: string, query: AnalyticsQuery, only?: RollupMetric[]): Promise<RollupRow[]> {
  const metrics: RollupMetric[] = only ?? DASHBOARD_METRICS;
  const perDay: RollupMetric[] = [...DAILY_METRICS, ...DAILY_HISTOGRAMS].filter((m) => metrics.includes(m));
  const result = await db.$queryRaw<{ day: string | null; counts: Record<string, number> | null }[]>`
    WITH "r" AS MATERIALIZED (
      SELECT "day", "metric", "dimension", "value" FROM "AnalyticsDaily"
      WHERE "tenantId" = ${tenantId} AND "day" BETWEEN ${query.from}::date AND ${query.to}::date
        ${query.botId ? Prisma.sql`AND "botId" = ${query.botId}` : Prisma.empty}
        AND "metric" = ANY(${metrics}::text[])
    ),
    "perDay" AS (
      SELECT "day", "metric", "dimension", SUM("value")::int AS "value" FROM "r"
      WHERE "metric" = ANY(${perDay}::text[]) GROUP BY "day", "metric", "dimension"
    ),
    "period" AS (
      SELECT "metric", "dimension", SUM("value")::int AS "value" FROM "r"
      WHERE NOT ("metric" = ANY(${perDay}::text[])) GROUP BY "metric", "dimension"
    )
    SELECT to_char("day", 'YYYY-MM-DD') AS "day", jsonb_object_agg("metric" || '|' || "dimension", "value") AS "counts"
    FROM "perDay" GROUP BY "day"
    UNION ALL
    SELECT NULL, jsonb_object_agg("metric" || '|' || "dimension", "value") FROM "period"`;
  const rows: RollupRow[] = [];
  for (const { day, counts } of result) {
    for (const [key, value] of Object.entries(counts ?? {})) {
      if (Number(value) === 0) continue;
      const split = key.indexOf("|");
      rows.push({ day: day ?? query.from, metric: key.slice(0, split) as RollupMetric, dimension: key.slice(split + 1), value: Number(value) });
    }
  }
  return rows;
}

export type DashboardView = Omit<Dashboard, "cited"> & { timeZone: string; complete: boolean };

/** Every chart of the page but the knowledge and question cards, from the rollup. */
export async function readDashboard(db: Db, tenantId: string, query: AnalyticsQuery, only?: RollupMetric[]): Promise<DashboardView> {
  checkRange(query);
  await checkBot(db, tenantId, query.botId);
  const complete = await foldTenant(db, tenantId, { maxBatches: READ_FOLD_BATCHES });
  const [timeZone, rows] = await Promise.all([timeZoneOf(db, tenantId), rollupRows(db, tenantId, query, only)]);
  const { cited: _cited, ...dashboard } = buildDashboard(rows, query);
  dashboard.charts.escalationRules = await namedRules(db, tenantId, dashboard.charts.escalationRules);
  return { ...dashboard, timeZone, complete };
}

/**
 * "Escalations by rule" by the rules' names: a deleted rule under its last name (kept when it was
 * deleted) and marked in the `deleted` column, which the page shows beside the name.
 */
async function namedRules(db: Db, tenantId: string, table: ChartTable): Promise<ChartTable> {
  const ruleIds = table.rows.map((r) => String(r[0]));
  const [rules, deleted] =
    ruleIds.length === 0
      ? [[], []]
      : await Promise.all([
          db.escalationRule.findMany({ where: { tenantId, id: { in: ruleIds } }, select: { id: true, name: true } }),
          db.deletedEscalationRule.findMany({ where: { tenantId, id: { in: ruleIds } }, select: { id: true, name: true } }),
        ]);
  const live = new Map(rules.map((r) => [r.id, r.name]));
  const gone = new Map(deleted.map((r) => [r.id, r.name]));
  return {
    columns: [...table.columns, "deleted"],
    rows: table.rows.map(([cell, n]) => {
      const id = String(cell);
      // A rule deleted before names were kept, and absent from the audit log: its id, marked.
      return live.has(id) ? [live.get(id)!, n ?? 0, null] : [gone.get(id) ?? id, n ?? 0, "deleted"];
    }),
  };
}

export interface KnowledgeView {
  cited: ChartTable;
  neverCited: ChartTable;
  neverCitedTotal: number;
}

/** Most-cited knowledge and knowledge never cited in the period, for one bot or all. */
export async function readKnowledgeUse(db: Db, tenantId: string, query: AnalyticsQuery): Promise<KnowledgeView> {
  checkRange(query);
  await checkBot(db, tenantId, query.botId);
  await foldTenant(db, tenantId, { maxBatches: READ_FOLD_BATCHES });
  const cited = new Map<string, number>();
  for (const r of await rollupRows(db, tenantId, query, ["cited"])) cited.set(r.dimension, (cited.get(r.dimension) ?? 0) + r.value);
  const knowledgeBaseIds = query.botId
    ? (await db.botKnowledgeBase.findMany({ where: { tenantId, botId: query.botId }, select: { knowledgeBaseId: true } })).map((b) => b.knowledgeBaseId)
    : undefined;
  const sources = await db.knowledgeSource.findMany({
    where: { tenantId, ...(knowledgeBaseIds ? { knowledgeBaseId: { in: knowledgeBaseIds } } : {}) },
    select: { id: true, title: true, kind: true },
    orderBy: { createdAt: "asc" },
  });
  const kindOf = (kind: string) => (kind === "FAQ" ? "FAQ" : "DOCUMENT");
  const byId = new Map(sources.map((s) => [s.id, s]));
  const top = [...cited].filter(([id]) => byId.has(id)).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, TOP_CITED);
  const never = sources.filter((s) => !cited.has(s.id));
  return {
    cited: { columns: ["source", "kind", "citations"], rows: top.map(([id, n]) => [byId.get(id)!.title, kindOf(byId.get(id)!.kind), n]) },
    neverCited: { columns: ["source", "kind"], rows: never.slice(0, NEVER_CITED_SHOWN).map((s) => [s.title, kindOf(s.kind)]) },
    neverCitedTotal: never.length,
  };
}

/**
 * The period's visitor questions, clustered so that paraphrases count together. The rollup counts
 * each distinct question text per day (metric `question`); the read sums them over the period in
 * SQL and clusters the most asked QUESTION_TEXTS texts weighted by their counts, so its cost is
 * bounded by distinct texts, not by messages. "Last asked" is the local day.
 */
export async function readTopQuestions(db: Db, tenantId: string, query: AnalyticsQuery, { limit = 10 }: { limit?: number } = {}): Promise<ChartTable> {
  checkRange(query);
  await checkBot(db, tenantId, query.botId);
  await foldTenant(db, tenantId, { maxBatches: READ_FOLD_BATCHES });
  const texts = await db.$queryRaw<{ text: string; count: number; lastDay: string }[]>`
    SELECT "dimension" AS "text", SUM("value")::int AS "count", to_char(MAX("day"), 'YYYY-MM-DD') AS "lastDay"
    FROM "AnalyticsDaily"
    WHERE "tenantId" = ${tenantId} AND "metric" = 'question' AND "day" BETWEEN ${query.from}::date AND ${query.to}::date
      ${query.botId ? Prisma.sql`AND "botId" = ${query.botId}` : Prisma.empty}
    GROUP BY "dimension" HAVING SUM("value") > 0
    ORDER BY "count" DESC, "lastDay" DESC, "dimension" LIMIT ${QUESTION_TEXTS}`;
  const clusters = clusterQuestions(texts.map((r, i) => ({ id: String(i), text: r.text, at: new Date(`${r.lastDay}T00:00:00Z`), count: Number(r.count) })));
  return {
    columns: ["question", "count", "lastAsked"],
    rows: clusters.slice(0, limit).map((c) => [c.label, c.count, c.lastAt.toISOString().slice(0, 10)]),
  };
}

/** One chart's table as CSV: the same table the page shows. */
export async function chartAsCsv(db: Db, tenantId: string, query: AnalyticsQuery & { chart: ChartName }): Promise<{ filename: string; csv: string }> {
  let table: ChartTable;
  if (query.chart === "cited" || query.chart === "neverCited") table = (await readKnowledgeUse(db, tenantId, query))[query.chart];
  else if (query.chart === "questions") table = await readTopQuestions(db, tenantId, query);
  // A chart's table built from its own metrics is the page's table (buildDashboard draws each
  // chart from its metrics alone), for a fraction of the rows.
  else table = (await readDashboard(db, tenantId, query, CHART_METRICS[query.chart])).charts[query.chart];
  return { filename: `kefu-${query.chart}-${query.from}-${query.to}.csv`, csv: chartCsv(table) };
}
