import { ESCALATION_REASONS } from "../escalation/model";
import type { RollupMetric } from "./conversation-metrics";
import { histogramQuantile } from "./histogram";
import { datesBetween } from "./time-buckets";
import { toCsv } from "../audit/csv";

/**
 * The analytics dashboard from rollup rows: every chart as one table of numbers. The page draws
 * each chart from its table, shows the table beside it, and the CSV export writes the same table,
 * so the three cannot disagree. Rates are percentages and durations seconds, rounded once here.
 */

export interface RollupRow {
  day: string;
  metric: RollupMetric;
  dimension: string;
  value: number;
}

export const CHART_IDS = [
  "volume",
  "aiResolution",
  "rates",
  "escalationReasons",
  "escalationRules",
  "humanTimes",
  "csat",
  "feedback",
  "answerLatency",
  "heatmap",
] as const;
export type ChartId = (typeof CHART_IDS)[number];

export type Cell = string | number | null;
export interface ChartTable {
  /** Column keys (the page labels them in the reader's language; the CSV header uses them as is). */
  columns: string[];
  rows: Cell[][];
}

export interface DashboardTotals {
  conversations: number;
  messages: number;
  involved: number;
  deflected: number;
  escalated: number;
  aiResolved: number;
  aiResolutionRate: number | null;
  involvementRate: number | null;
  deflectionRate: number | null;
  escalationRate: number | null;
  csatAverage: number | null;
  csatCount: number;
  feedbackHelpful: number;
  feedbackNotHelpful: number;
  feedbackHelpfulRate: number | null;
  firstResponseMedian: number | null;
  resolutionMedian: number | null;
  answerLatencyMedian: number | null;
  answerLatencyP90: number | null;
}

export interface Dashboard {
  from: string;
  to: string;
  totals: DashboardTotals;
  charts: Record<ChartId, ChartTable>;
  /** Source id → citations in the range (the api adds titles and the never-cited list). */
  cited: { sourceId: string; count: number }[];
}

/** Percentage with one decimal, or null without a denominator. */
export function percent(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 1000) / 10 : null;
}
const seconds = (ms: number | null) => (ms === null ? null : Math.round(ms / 100) / 10);

export function buildDashboard(rows: readonly RollupRow[], range: { from: string; to: string }): Dashboard {
  const days = datesBetween(range.from, range.to);
  const inRange = rows.filter((r) => r.day >= range.from && r.day <= range.to);
  const perDay = new Map<string, Map<string, number>>();
  const total = new Map<string, number>();
  const dims = new Map<RollupMetric, Map<string, number>>();
  for (const r of inRange) {
    const day = perDay.get(r.day) ?? new Map<string, number>();
    perDay.set(r.day, day);
    const key = r.dimension ? `${r.metric}|${r.dimension}` : r.metric;
    day.set(key, (day.get(key) ?? 0) + r.value);
    total.set(r.metric, (total.get(r.metric) ?? 0) + r.value);
    const byDim = dims.get(r.metric) ?? new Map<string, number>();
    dims.set(r.metric, byDim);
    byDim.set(r.dimension, (byDim.get(r.dimension) ?? 0) + r.value);
  }
  const on = (day: string, key: string) => perDay.get(day)?.get(key) ?? 0;
  const sum = (metric: RollupMetric) => total.get(metric) ?? 0;
  const histogram = (metric: RollupMetric) =>
    new Map([...(dims.get(metric) ?? new Map<string, number>())].filter(([, n]) => n > 0).map(([b, n]) => [Number(b), n]));
  const quantilesOf = (h: ReadonlyMap<number, number>) => {
    const count = [...h.values()].reduce((a, b) => a + b, 0);
    return { count, median: seconds(histogramQuantile(h, 0.5)), p90: seconds(histogramQuantile(h, 0.9)) };
  };
  const quantiles = (metric: RollupMetric) => quantilesOf(histogram(metric));
  // One day's histogram of a duration metric (its buckets are the day's `metric|bucket` keys).
  const dayHistogram = (day: string, metric: RollupMetric) => {
    const h = new Map<number, number>();
    for (const [key, n] of perDay.get(day) ?? []) {
      if (n > 0 && key.startsWith(`${metric}|`)) h.set(Number(key.slice(metric.length + 1)), n);
    }
    return h;
  };
  const sorted = (metric: RollupMetric) =>
    [...(dims.get(metric) ?? new Map<string, number>())].filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));

  const conversations = sum("conversations");
  const csatCounts = [1, 2, 3, 4, 5].map((score) => dims.get("csat")?.get(String(score)) ?? 0);
  const csatCount = csatCounts.reduce((a, b) => a + b, 0);
  const csatSum = csatCounts.reduce((a, n, i) => a + n * (i + 1), 0);
  const helpful = sum("feedback_helpful");
  const notHelpful = sum("feedback_not_helpful");
  const firstResponse = quantiles("first_response");
  const resolution = quantiles("resolution");
  const queueWait = quantiles("queue_wait");
  const latency = quantiles("answer_latency");

  const reasonCounts = dims.get("escalation_reason") ?? new Map<string, number>();
  const reasons = [...ESCALATION_REASONS, "unknown"].filter((r) => (reasonCounts.get(r) ?? 0) > 0);
  const heat = dims.get("heatmap") ?? new Map<string, number>();
  const heatRows: Cell[][] = [];
  for (let weekday = 0; weekday < 7; weekday++) {
    heatRows.push([weekday, ...Array.from({ length: 24 }, (_, hour) => heat.get(`${weekday}-${hour}`) ?? 0)]);
  }

  const charts: Record<ChartId, ChartTable> = {
    volume: {
      columns: ["date", "conversations", "visitorMessages", "botMessages", "agentMessages"],
      rows: days.map((d) => [d, on(d, "conversations"), on(d, "messages_visitor"), on(d, "messages_bot"), on(d, "messages_agent")]),
    },
    aiResolution: {
      columns: ["date", "conversations", "aiResolved", "aiResolutionRate"],
      rows: days.map((d) => [d, on(d, "conversations"), on(d, "ai_resolved"), percent(on(d, "ai_resolved"), on(d, "conversations"))]),
    },
    rates: {
      columns: ["date", "involvementRate", "deflectionRate", "escalationRate"],
      rows: days.map((d) => [
        d,
        percent(on(d, "involved"), on(d, "conversations")),
        percent(on(d, "deflected"), on(d, "involved")),
        percent(on(d, "escalated"), on(d, "conversations")),
      ]),
    },
    escalationReasons: { columns: ["reason", "escalations"], rows: reasons.map((r) => [r, reasonCounts.get(r) ?? 0]) },
    escalationRules: { columns: ["rule", "escalations"], rows: sorted("escalation_rule").map(([rule, n]) => [rule, n]) },
    humanTimes: {
      columns: ["measure", "count", "medianSeconds", "p90Seconds"],
      rows: [
        ["firstResponse", firstResponse.count, firstResponse.median, firstResponse.p90],
        ["resolution", resolution.count, resolution.median, resolution.p90],
        ["queueWait", queueWait.count, queueWait.median, queueWait.p90],
      ],
    },
    csat: { columns: ["score", "ratings"], rows: csatCounts.map((n, i) => [i + 1, n]) },
    feedback: {
      columns: ["date", "helpful", "notHelpful", "helpfulRate"],
      rows: days.map((d) => [d, on(d, "feedback_helpful"), on(d, "feedback_not_helpful"), percent(on(d, "feedback_helpful"), on(d, "feedback_helpful") + on(d, "feedback_not_helpful"))]),
    },
    // Day by day: each day's median and p90 from that day's buckets (the period's are in the totals).
    answerLatency: {
      columns: ["date", "answers", "medianSeconds", "p90Seconds"],
      rows: days.map((d) => {
        const q = quantilesOf(dayHistogram(d, "answer_latency"));
        return [d, q.count, q.median, q.p90];
      }),
    },
    heatmap: { columns: ["weekday", ...Array.from({ length: 24 }, (_, h) => `h${h}`)], rows: heatRows },
  };

  const involved = sum("involved");
  return {
    from: range.from,
    to: range.to,
    totals: {
      conversations,
      messages: sum("messages_visitor") + sum("messages_bot") + sum("messages_agent"),
      involved,
      deflected: sum("deflected"),
      escalated: sum("escalated"),
      aiResolved: sum("ai_resolved"),
      aiResolutionRate: percent(sum("ai_resolved"), conversations),
      involvementRate: percent(involved, conversations),
      deflectionRate: percent(sum("deflected"), involved),
      escalationRate: percent(sum("escalated"), conversations),
      csatAverage: csatCount > 0 ? Math.round((csatSum / csatCount) * 100) / 100 : null,
      csatCount,
      feedbackHelpful: helpful,
      feedbackNotHelpful: notHelpful,
      feedbackHelpfulRate: percent(helpful, helpful + notHelpful),
      firstResponseMedian: firstResponse.median,
      resolutionMedian: resolution.median,
      answerLatencyMedian: latency.median,
      answerLatencyP90: latency.p90,
    },
    charts,
    cited: sorted("cited").map(([sourceId, count]) => ({ sourceId, count })),
  };
}

/** A chart's table as CSV (the audit log's writer: RFC 4180, formula-looking cells defused). */
export function chartCsv(table: ChartTable): string {
  return toCsv([table.columns, ...table.rows]);
}
