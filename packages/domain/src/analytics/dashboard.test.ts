import { describe, expect, it } from "vitest";
import { conversationContribution, parseCounterKey } from "./conversation-metrics";
import { bucketOf, bucketValue } from "./histogram";
import { buildDashboard, chartCsv, type RollupRow } from "./dashboard";

const rows: RollupRow[] = [
  { day: "2026-03-01", metric: "conversations", dimension: "", value: 4 },
  { day: "2026-03-01", metric: "involved", dimension: "", value: 4 },
  { day: "2026-03-01", metric: "deflected", dimension: "", value: 3 },
  { day: "2026-03-01", metric: "ai_resolved", dimension: "", value: 2 },
  { day: "2026-03-01", metric: "escalated", dimension: "", value: 1 },
  { day: "2026-03-01", metric: "escalation_reason", dimension: "visitor_asked", value: 1 },
  { day: "2026-03-01", metric: "csat", dimension: "5", value: 1 },
  { day: "2026-03-01", metric: "csat", dimension: "2", value: 1 },
  { day: "2026-03-02", metric: "first_response", dimension: String(bucketOf(60_000)), value: 1 },
  { day: "2026-03-02", metric: "messages_visitor", dimension: "", value: 7 },
  { day: "2026-03-02", metric: "heatmap", dimension: "0-9", value: 7 },
  { day: "2026-03-05", metric: "conversations", dimension: "", value: 99 }, // outside the range
];

describe("buildDashboard", () => {
  it("sums the range into totals and one table per chart, every day listed", () => {
    const d = buildDashboard(rows, { from: "2026-03-01", to: "2026-03-03" });
    expect(d.totals).toMatchObject({ conversations: 4, aiResolved: 2, aiResolutionRate: 50, involvementRate: 100, deflectionRate: 75, escalationRate: 25, csatAverage: 3.5, csatCount: 2 });
    expect(d.charts.volume.rows).toEqual([
      ["2026-03-01", 4, 0, 0, 0],
      ["2026-03-02", 0, 7, 0, 0],
      ["2026-03-03", 0, 0, 0, 0],
    ]);
    expect(d.charts.aiResolution.rows[0]).toEqual(["2026-03-01", 4, 2, 50]);
    expect(d.charts.aiResolution.rows[2]).toEqual(["2026-03-03", 0, 0, null]);
    expect(d.charts.escalationReasons.rows).toEqual([["visitor_asked", 1]]);
    expect(d.charts.csat.rows).toEqual([[1, 0], [2, 1], [3, 0], [4, 0], [5, 1]]);
    expect(d.charts.heatmap.rows[0]![10]).toBe(7);
    const firstResponse = d.charts.humanTimes.rows[0]!;
    expect(firstResponse[0]).toBe("firstResponse");
    expect(Math.abs((firstResponse[2] as number) - 60) / 60).toBeLessThan(0.1);
  });

  it("answer latency is a daily trend: each day's median and p90 from that day's answers, the period's in the totals", () => {
    const latency = (day: string, ms: number, value: number): RollupRow => ({ day, metric: "answer_latency", dimension: String(bucketOf(ms)), value });
    const d = buildDashboard(
      [latency("2026-03-01", 1_000, 9), latency("2026-03-01", 10_000, 1), latency("2026-03-03", 4_000, 2), latency("2026-03-03", 30_000, 2)],
      { from: "2026-03-01", to: "2026-03-03" },
    );
    const s = (ms: number) => Math.round(bucketValue(bucketOf(ms)) / 100) / 10;
    expect(d.charts.answerLatency.columns).toEqual(["date", "answers", "medianSeconds", "p90Seconds"]);
    expect(d.charts.answerLatency.rows).toEqual([
      ["2026-03-01", 10, s(1_000), s(1_000)], // nearest rank: the 9th of 10 is still 1 s
      ["2026-03-02", 0, null, null],
      ["2026-03-03", 4, s(4_000), s(30_000)],
    ]);
    // The period: 14 answers, median the 7th (1 s), p90 the 13th (30 s).
    expect(d.totals).toMatchObject({ answerLatencyMedian: s(1_000), answerLatencyP90: s(30_000) });
  });

  it("an answer sent after local midnight is in the next day's latency, as the docs say (DST day in New York)", () => {
    // 2026-03-08 has 23 hours in New York; the question at 23:59:58 EDT, the reply 3 s later.
    const asked = new Date("2026-03-09T03:59:58Z");
    const replied = new Date("2026-03-09T04:00:01Z");
    const contribution = conversationContribution(
      {
        createdAt: asked,
        messages: [
          { id: "v", role: "VISITOR", at: asked, text: "hello" },
          { id: "b", role: "BOT", at: replied, citedSourceIds: ["faq"] },
        ],
        transitions: [],
        escalations: [],
        feedback: [],
        rating: null,
      },
      "America/New_York",
    );
    const rows = [...contribution].map(([key, value]) => ({ ...parseCounterKey(key), value }));
    const d = buildDashboard(rows, { from: "2026-03-08", to: "2026-03-09" });
    expect(d.charts.answerLatency.rows.map((r) => [r[0], r[1]])).toEqual([
      ["2026-03-08", 0],
      ["2026-03-09", 1],
    ]);
    expect(d.charts.volume.rows.map((r) => r[1])).toEqual([1, 0]);
  });

  it("a visitor's question that looks like a formula is defused in the CSV", () => {
    expect(chartCsv({ columns: ["question", "count"], rows: [['=HYPERLINK("http://x")', 2]] })).toBe('"question","count"\r\n"\'=HYPERLINK(""http://x"")","2"\r\n');
  });

  it("the CSV holds the table's header and rows", () => {
    const d = buildDashboard(rows, { from: "2026-03-01", to: "2026-03-02" });
    expect(chartCsv(d.charts.aiResolution)).toBe(
      '"date","conversations","aiResolved","aiResolutionRate"\r\n"2026-03-01","4","2","50"\r\n"2026-03-02","0","0",""\r\n',
    );
  });
});
