"use client";
import { Button, Card } from "@kefu/ui";
import { useI18n } from "~/lib/i18n";

interface RunRow {
  id: string;
  trigger: "MANUAL" | "KNOWLEDGE_CHANGE";
  status: "RUNNING" | "DONE" | "FAILED";
  startedAt: Date;
  total: number;
  passed: number;
  newFailures: number;
  passRate: number | null;
  changes: { id: string; title: string; change: "added" | "edited" }[];
}

/**
 * A set's runs, newest first, with the pass rate of each drawn as a bar: the trend across
 * knowledge changes, readable as a table (and by screen readers) without a chart library.
 */
export function RunHistory({ runs, shownRunId, onShow }: { runs: RunRow[]; shownRunId: string | null; onShow: (runId: string) => void }) {
  const { t, locale } = useI18n();
  const time = new Intl.DateTimeFormat(locale === "zh" ? "zh-CN" : "en", { dateStyle: "short", timeStyle: "short" });
  const rows = [...runs].reverse();
  return (
    <Card title={t("tests.history")}>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-600">{t("tests.emptyHistory")}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" aria-label={t("tests.history")}>
            <thead className="text-xs text-slate-500">
              <tr>
                <th className="py-1 pr-3 font-medium">{t("tests.when")}</th>
                <th className="py-1 pr-3 font-medium">{t("tests.trigger")}</th>
                <th className="py-1 pr-3 font-medium">{t("tests.passRate")}</th>
                <th className="py-1 pr-3 font-medium">{t("tests.changes")}</th>
                <th className="py-1" />
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((run) => {
                const percent = run.passRate === null ? null : Math.round(run.passRate * 100);
                return (
                  <tr key={run.id} className={run.id === shownRunId ? "bg-indigo-50/50" : undefined} data-testid="test-run">
                    <td className="whitespace-nowrap py-2 pr-3">{time.format(run.startedAt)}</td>
                    <td className="whitespace-nowrap py-2 pr-3">{t(`tests.trigger.${run.trigger}`)}</td>
                    <td className="py-2 pr-3">
                      {run.status === "FAILED" ? (
                        <span className="text-red-700">{t("tests.runFailed")}</span>
                      ) : (
                        <div className="flex items-center gap-2">
                          <div className="h-2 w-24 overflow-hidden rounded bg-red-100" aria-hidden="true">
                            <div className="h-2 bg-emerald-500" style={{ width: `${percent ?? 0}%` }} />
                          </div>
                          <span className="whitespace-nowrap">
                            {run.passed}/{run.total}
                            {percent === null ? "" : ` (${percent}%)`}
                            {run.newFailures > 0 ? ` · ${run.newFailures} ${t("tests.newFailure")}` : ""}
                          </span>
                        </div>
                      )}
                    </td>
                    <td className="py-2 pr-3 text-xs text-slate-600">
                      {run.changes.length === 0 ? t("tests.noChanges") : run.changes.map((c) => `${c.title} (${t(`tests.change.${c.change}`)})`).join(", ")}
                    </td>
                    <td className="py-2 text-right">
                      <Button variant="ghost" onClick={() => onShow(run.id)}>
                        {t("tests.viewRun")}
                      </Button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
