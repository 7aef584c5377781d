"use client";
import { type AdminRouter } from "@kefu/api";
import { lastDays, localToday } from "@kefu/domain";
import { Alert, Card, SelectField, TextField } from "@kefu/ui";
import { type MessageKey } from "@kefu/ui/i18n";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type inferRouterInputs, type inferRouterOutputs } from "@trpc/server";
import dynamic from "next/dynamic";
import { useState } from "react";
import { downloadText } from "~/lib/download";
import { BotScopedPage } from "~/components/bot-scoped-page";
import { useI18n } from "~/lib/i18n";
import { errorMessage, useTRPC } from "~/lib/trpc";
import { ChartCard, InfoTip, type Table, useCellText } from "./chart-card";
import { markDeletedRules } from "./deleted-rules";

type Outputs = inferRouterOutputs<AdminRouter>["analytics"];
type ChartName = inferRouterInputs<AdminRouter>["analytics"]["csv"]["chart"];

// The drawings come in their own chunk: the page's controls and tables do not wait for visx.
const placeholder = () => <div className="h-48 animate-pulse rounded bg-slate-50" />;
const LineChart = dynamic(() => import("./charts").then((m) => m.LineChart), { ssr: false, loading: placeholder });
const BarChart = dynamic(() => import("./charts").then((m) => m.BarChart), { ssr: false, loading: placeholder });
const Heatmap = dynamic(() => import("./charts").then((m) => m.Heatmap), { ssr: false, loading: placeholder });

type Preset = "7" | "30" | "90" | "custom";

const column = (table: Table, name: string) => table.rows.map((r) => r[table.columns.indexOf(name)] ?? null) as (number | null)[];
const labels = (table: Table) => table.rows.map((r) => String(r[0]));

function Kpi({ label, value, definition, testId }: { label: string; value: string; definition: MessageKey; testId: string }) {
  return (
    <div className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <div className="flex items-center text-xs text-slate-500">
        {label}
        <InfoTip definition={definition} />
      </div>
      <div className="mt-1 text-2xl font-semibold tabular-nums" data-testid={testId}>
        {value}
      </div>
    </div>
  );
}

/** Analytics: how the workspace's bots perform over a period in the workspace's time zone. */
export function AnalyticsPage() {
  const { t } = useI18n();
  const cellText = useCellText();
  // A line's name in the legend: its column's heading in the table.
  const seriesLabel = (c: string) => t(`analytics.col.${c}` as MessageKey);
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const settings = useQuery(trpc.tenantSettings.get.queryOptions());
  const timeZone = settings.data?.timeZone ?? "UTC";
  const today = localToday(timeZone);
  const [botId, setBotId] = useState("");
  const [preset, setPreset] = useState<Preset>("30");
  // "Last 7 days" and the others end with today, as the Improve page's week does.
  const [custom, setCustom] = useState(lastDays(today, 30));
  const range = preset === "custom" ? custom : lastDays(today, Number(preset));
  const query = { ...(botId ? { botId } : {}), ...range };
  const ready = settings.isSuccess && range.from <= range.to;
  const dashboard = useQuery(trpc.analytics.dashboard.queryOptions(query, { enabled: ready }));
  const knowledge = useQuery(trpc.analytics.knowledge.queryOptions(query, { enabled: ready }));
  const questions = useQuery(trpc.analytics.questions.queryOptions(query, { enabled: ready }));

  const csv = (chart: ChartName) => async () => {
    const file = await queryClient.fetchQuery(trpc.analytics.csv.queryOptions({ ...query, chart }));
    downloadText(file.csv, file.filename);
  };

  const d = dashboard.data;
  const rules = markDeletedRules(d?.charts.escalationRules ?? { columns: [], rows: [] }, t);
  const pct = (v: number | null | undefined) => (v === null || v === undefined ? "—" : `${v}%`);
  const secs = (v: number | null | undefined) => (v === null || v === undefined ? "—" : `${v} s`);

  return (
    <BotScopedPage
      title={t("analytics.title")}
      botLabel={t("analytics.bot")}
      noBots={t("analytics.empty")}
      botId={botId}
      onBot={setBotId}
      allBots={t("analytics.allBots")}
      wide
      filters={
        <>
          <SelectField label={t("analytics.range")} value={preset} onChange={(e) => setPreset(e.target.value as Preset)}>
            <option value="7">{t("analytics.last7")}</option>
            <option value="30">{t("analytics.last30")}</option>
            <option value="90">{t("analytics.last90")}</option>
            <option value="custom">{t("analytics.custom")}</option>
          </SelectField>
          {preset === "custom" && (
            <>
              <TextField type="date" label={t("analytics.from")} value={custom.from} max={custom.to} onChange={(e) => setCustom((c) => ({ ...c, from: e.target.value }))} />
              <TextField type="date" label={t("analytics.to")} value={custom.to} min={custom.from} onChange={(e) => setCustom((c) => ({ ...c, to: e.target.value }))} />
            </>
          )}
        </>
      }
    >
      {() => (
        <div className="space-y-6">
          <p className="text-sm text-slate-500">{t("analytics.timeZone").replace("{zone}", timeZone)}</p>
          {dashboard.isError && <Alert>{errorMessage(dashboard.error)}</Alert>}
          {d && !d.complete && <Alert tone="info">{t("analytics.catchingUp")}</Alert>}
          {!d && !dashboard.isError && <p className="text-slate-500">{t("common.loading")}</p>}
          {d && d.totals.conversations === 0 && d.totals.messages === 0 && (
            <Card>
              <p className="text-slate-600" data-testid="analytics-empty">
                {t("analytics.empty")}
              </p>
            </Card>
          )}
          {d && (d.totals.conversations > 0 || d.totals.messages > 0) && (
            <>
              <div className="grid grid-cols-2 gap-3 md:grid-cols-3 lg:grid-cols-6">
                <Kpi label={t("analytics.kpi.conversations")} value={String(d.totals.conversations)} definition="analytics.def.conversations" testId="kpi-conversations" />
                <Kpi label={t("analytics.kpi.aiResolution")} value={pct(d.totals.aiResolutionRate)} definition="analytics.def.aiResolutionRate" testId="kpi-ai-resolution" />
                <Kpi label={t("analytics.kpi.escalation")} value={pct(d.totals.escalationRate)} definition="analytics.def.escalationRate" testId="kpi-escalation" />
                <Kpi label={t("analytics.kpi.csat")} value={d.totals.csatAverage === null ? "—" : String(d.totals.csatAverage)} definition="analytics.def.csat" testId="kpi-csat" />
                <Kpi label={t("analytics.kpi.feedback")} value={pct(d.totals.feedbackHelpfulRate)} definition="analytics.def.feedback" testId="kpi-feedback" />
                <Kpi label={t("analytics.kpi.firstResponse")} value={secs(d.totals.firstResponseMedian)} definition="analytics.def.firstResponse" testId="kpi-first-response" />
              </div>
              <div className="grid gap-4 lg:grid-cols-2">
                <ChartCard id="volume" title={t("analytics.chart.volume")} definition={["analytics.def.conversations", "analytics.def.messages"]} table={d.charts.volume} onCsv={csv("volume")}
                  chart={<LineChart label={t("analytics.chart.volume")} categories={labels(d.charts.volume)} series={["conversations", "visitorMessages", "botMessages", "agentMessages"].map((c) => ({ label: seriesLabel(c), values: column(d.charts.volume, c) }))} />} />
                <ChartCard id="aiResolution" title={t("analytics.chart.aiResolution")} definition="analytics.def.aiResolutionRate" table={d.charts.aiResolution} onCsv={csv("aiResolution")}
                  chart={<LineChart label={t("analytics.chart.aiResolution")} max={100} categories={labels(d.charts.aiResolution)} series={[{ label: seriesLabel("aiResolutionRate"), values: column(d.charts.aiResolution, "aiResolutionRate") }]} />} />
                <ChartCard id="rates" title={t("analytics.chart.rates")} definition={["analytics.def.involvementRate", "analytics.def.deflectionRate", "analytics.def.escalationRate"]} table={d.charts.rates} onCsv={csv("rates")}
                  chart={<LineChart label={t("analytics.chart.rates")} max={100} categories={labels(d.charts.rates)} series={["involvementRate", "deflectionRate", "escalationRate"].map((c) => ({ label: seriesLabel(c), values: column(d.charts.rates, c) }))} />} />
                <ChartCard id="escalationReasons" title={t("analytics.chart.escalationReasons")} definition="analytics.def.escalationReasons" table={d.charts.escalationReasons} onCsv={csv("escalationReasons")}
                  chart={<BarChart label={t("analytics.chart.escalationReasons")} categories={labels(d.charts.escalationReasons).map((reason) => cellText("reason", reason))} values={column(d.charts.escalationReasons, "escalations").map(Number)} />} />
                <ChartCard id="escalationRules" title={t("analytics.chart.escalationRules")} definition="analytics.def.escalationRules" table={rules} onCsv={csv("escalationRules")}
                  chart={<BarChart label={t("analytics.chart.escalationRules")} categories={labels(rules)} values={column(rules, "escalations").map(Number)} />} />
                <ChartCard id="humanTimes" title={t("analytics.chart.humanTimes")} definition={["analytics.def.firstResponse", "analytics.def.resolution", "analytics.def.queueWait"]} table={d.charts.humanTimes} onCsv={csv("humanTimes")} note={t("analytics.approx")}
                  chart={<BarChart label={t("analytics.chart.humanTimes")} categories={d.charts.humanTimes.rows.map((r) => t(`analytics.measure.${String(r[0])}` as MessageKey))} values={column(d.charts.humanTimes, "medianSeconds").map((v) => v ?? 0)} />} />
                <ChartCard id="csat" title={t("analytics.chart.csat")} definition="analytics.def.csat" table={d.charts.csat} onCsv={csv("csat")}
                  chart={<BarChart label={t("analytics.chart.csat")} categories={labels(d.charts.csat)} values={column(d.charts.csat, "ratings").map(Number)} />} />
                <ChartCard id="feedback" title={t("analytics.chart.feedback")} definition="analytics.def.feedback" table={d.charts.feedback} onCsv={csv("feedback")}
                  chart={<LineChart label={t("analytics.chart.feedback")} categories={labels(d.charts.feedback)} series={["helpful", "notHelpful"].map((c) => ({ label: seriesLabel(c), values: column(d.charts.feedback, c) }))} />} />
                <ChartCard id="answerLatency" title={t("analytics.chart.answerLatency")} definition="analytics.def.answerLatency" table={d.charts.answerLatency} onCsv={csv("answerLatency")}
                  note={`${t("analytics.latencyPeriod").replace("{median}", secs(d.totals.answerLatencyMedian)).replace("{p90}", secs(d.totals.answerLatencyP90))} ${t("analytics.approx")}`}
                  chart={<LineChart label={t("analytics.chart.answerLatency")} categories={labels(d.charts.answerLatency)} series={["medianSeconds", "p90Seconds"].map((c) => ({ label: seriesLabel(c), values: column(d.charts.answerLatency, c) }))} />} />
                <ChartCard id="heatmap" title={t("analytics.chart.heatmap")} definition="analytics.def.heatmap" table={d.charts.heatmap} onCsv={csv("heatmap")}
                  chart={<Heatmap label={t("analytics.chart.heatmap")} weekdays={[0, 1, 2, 3, 4, 5, 6].map((i) => t(`analytics.weekday.${i}` as MessageKey))} counts={d.charts.heatmap.rows.map((r) => r.slice(1).map(Number))} />} />
              </div>
              <KnowledgeCards knowledge={knowledge.data} questions={questions.data} csv={csv} />
            </>
          )}
        </div>
      )}
    </BotScopedPage>
  );
}

function KnowledgeCards({ knowledge, questions, csv }: { knowledge?: Outputs["knowledge"]; questions?: Outputs["questions"]; csv: (chart: ChartName) => () => Promise<void> }) {
  const { t } = useI18n();
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      {knowledge && (
        <>
          <ChartCard id="cited" title={t("analytics.chart.cited")} definition="analytics.def.cited" table={knowledge.cited} onCsv={csv("cited")}
            chart={knowledge.cited.rows.length > 0 ? <BarChart label={t("analytics.chart.cited")} categories={labels(knowledge.cited)} values={column(knowledge.cited, "citations").map(Number)} /> : undefined} />
          <ChartCard id="neverCited" title={`${t("analytics.chart.neverCited")} (${knowledge.neverCitedTotal})`} definition="analytics.def.neverCited" table={knowledge.neverCited} onCsv={csv("neverCited")}
            note={knowledge.neverCitedTotal === 0 ? t("analytics.noneCited") : undefined} />
        </>
      )}
      {questions && (
        <ChartCard id="questions" title={t("analytics.chart.questions")} definition="analytics.def.questions" table={questions} onCsv={csv("questions")}
          note={questions.rows.length === 0 ? t("analytics.noQuestions") : undefined} />
      )}
    </div>
  );
}
