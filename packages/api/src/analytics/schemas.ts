import { CHART_IDS, isIsoDate } from "@kefu/domain";
import { z } from "zod";

const ZLocalDate = z.string().refine(isIsoDate, "Use YYYY-MM-DD.");

/** A period in the workspace's time zone (both days included), for one bot or all. */
export const ZAnalyticsQuery = z
  .object({ botId: z.string().min(1).max(64).optional(), from: ZLocalDate, to: ZLocalDate })
  .refine((q) => q.from <= q.to, { message: "The start date must not be after the end date.", path: ["to"] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 366 * 86_400_000, { message: "Choose at most a year.", path: ["from"] });
export type AnalyticsQuery = z.infer<typeof ZAnalyticsQuery>;

export const CHART_NAMES = [...CHART_IDS, "cited", "neverCited", "questions"] as const;
export type ChartName = (typeof CHART_NAMES)[number];

export const ZChartCsvRequest = z.intersection(ZAnalyticsQuery, z.object({ chart: z.enum(CHART_NAMES) }));

const ZCell = z.union([z.string(), z.number(), z.null()]);
export const ZChartTable = z.object({ columns: z.array(z.string()), rows: z.array(z.array(ZCell)) });

const rate = z.number().nullable();
export const ZDashboardResponse = z.object({
  from: z.string(),
  to: z.string(),
  timeZone: z.string(),
  complete: z.boolean(),
  totals: z.object({
    conversations: z.number(),
    messages: z.number(),
    involved: z.number(),
    deflected: z.number(),
    escalated: z.number(),
    aiResolved: z.number(),
    aiResolutionRate: rate,
    involvementRate: rate,
    deflectionRate: rate,
    escalationRate: rate,
    csatAverage: rate,
    csatCount: z.number(),
    feedbackHelpful: z.number(),
    feedbackNotHelpful: z.number(),
    feedbackHelpfulRate: rate,
    firstResponseMedian: rate,
    resolutionMedian: rate,
    answerLatencyMedian: rate,
    answerLatencyP90: rate,
  }),
  charts: z.object(Object.fromEntries(CHART_IDS.map((id) => [id, ZChartTable])) as Record<(typeof CHART_IDS)[number], typeof ZChartTable>),
});

export const ZKnowledgeUseResponse = z.object({ cited: ZChartTable, neverCited: ZChartTable, neverCitedTotal: z.number() });
export const ZChartCsvResponse = z.object({ filename: z.string(), csv: z.string() });
