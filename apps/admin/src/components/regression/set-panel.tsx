"use client";
import { fillTemplate as fill } from "@kefu/domain";
import { Alert, Button, Card } from "@kefu/ui";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useI18n } from "~/lib/i18n";
import { useRefreshQueries } from "~/lib/refresh-queries";
import { errorMessage, useTRPC } from "~/lib/trpc";
import { CaseForm } from "./case-form";
import { RunHistory } from "./run-history";

interface SetSummary {
  id: string;
  name: string;
  autoRun: boolean;
}

/** One test set: auto-run switch, run now (with progress), its questions with the shown run's results, and its history. */
export function SetPanel({ botId, set, runId, onRun, onDeleted }: { botId: string; set: SetSummary; runId: string | null; onRun: (runId: string | null) => void; onDeleted: () => void }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const refresh = useRefreshQueries();
  const setKey = { setId: set.id };
  const cases = useQuery(trpc.regression.listCases.queryOptions(setKey));
  const history = useQuery(trpc.regression.history.queryOptions(setKey));
  const refreshAll = () =>
    refresh(trpc.regression.listSets.queryKey({ botId }), trpc.regression.listCases.queryKey(setKey), trpc.regression.history.queryKey(setKey), trpc.regression.newFailures.queryKey({ botId }));
  const update = useMutation(trpc.regression.updateSet.mutationOptions({ onSuccess: refreshAll }));
  const remove = useMutation(trpc.regression.deleteSet.mutationOptions({ onSuccess: async () => (await refreshAll(), onDeleted()) }));
  const addCase = useMutation(trpc.regression.addCase.mutationOptions({ onSuccess: refreshAll }));
  const updateCase = useMutation(trpc.regression.updateCase.mutationOptions({ onSuccess: refreshAll }));
  const deleteCase = useMutation(trpc.regression.deleteCase.mutationOptions({ onSuccess: refreshAll }));
  const run = useMutation(
    trpc.regression.run.mutationOptions({
      onSuccess: async (done) => {
        await refreshAll();
        onRun(done.id);
      },
    }),
  );
  // Progress while the run request is open: the results stored so far.
  const progress = useQuery({ ...trpc.regression.currentRun.queryOptions(setKey), enabled: run.isPending, refetchInterval: run.isPending ? 700 : false });
  const lastRunId = history.data?.at(-1)?.id ?? null;
  const shownRunId = runId ?? lastRunId;
  // A run read while it was still going (an automatic run, or one read by another refresh) is
  // read again until it is done: otherwise its first count stays on screen.
  const shown = useQuery({
    ...trpc.regression.getRun.queryOptions({ runId: shownRunId ?? "" }),
    enabled: !!shownRunId,
    refetchInterval: (query) => (query.state.data?.status === "RUNNING" ? 1000 : false),
  });
  const results = new Map(shown.data?.results.map((r) => [r.caseId, r]) ?? []);
  const [editing, setEditing] = useState<string | null>(null);
  // Shown switched at once; the saved value comes back with the set list.
  const [autoRun, setAutoRun] = useState(set.autoRun);
  const [added, setAdded] = useState(0);
  const time = new Intl.DateTimeFormat(locale === "zh" ? "zh-CN" : "en", { dateStyle: "medium", timeStyle: "short" });

  return (
    <div className="min-w-0 space-y-6">
      <Card
        title={set.name}
        actions={
          <div className="flex items-center gap-2">
            <Button onClick={() => run.mutate(setKey)} disabled={run.isPending || (cases.data?.cases.length ?? 0) === 0}>
              {t("tests.run")}
            </Button>
            <Button variant="ghost" onClick={() => remove.mutate(setKey)} disabled={remove.isPending}>
              {t("tests.deleteSet")}
            </Button>
          </div>
        }
      >
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" className="mt-1" checked={autoRun}
            disabled={update.isPending}
            onChange={(e) => {
              const on = e.target.checked;
              setAutoRun(on);
              update.mutate({ setId: set.id, autoRun: on }, { onError: () => setAutoRun(!on) });
            }} />
          <span>
            <span className="font-medium">{t("tests.autoRun")}</span>
            <span className="block text-xs text-slate-500">{t("tests.autoRunHelp")}</span>
          </span>
        </label>
        <div className="mt-3 text-sm text-slate-600" aria-live="polite">
          {run.isPending ? (
            <p role="status">{fill(t("tests.running"), { done: String(progress.data?.done ?? 0), total: String(progress.data?.total ?? cases.data?.cases.length ?? 0) })}</p>
          ) : shown.data ? (
            <p>
              {shown.data.status === "FAILED"
                ? t("tests.runFailed")
                : shown.data.status === "RUNNING"
                  ? fill(t("tests.running"), { done: String(shown.data.results.length), total: String(shown.data.total) })
                  : fill(t("tests.lastRun"), { when: time.format(shown.data.startedAt), passed: String(shown.data.passed), total: String(shown.data.total) })}
            </p>
          ) : (
            <p>{t("tests.neverRun")}</p>
          )}
        </div>
        {[run.error, update.error, remove.error, deleteCase.error].map((error, i) => (error ? <Alert key={i}>{errorMessage(error)}</Alert> : null))}
      </Card>

      <Card title={t("tests.cases")}>
        {cases.data && cases.data.cases.length === 0 && <p className="mb-3 text-sm text-slate-600">{t("tests.emptyCases")}</p>}
        <ul className="divide-y divide-slate-100" aria-label={t("tests.cases")}>
          {cases.data?.cases.map((c) => {
            const result = results.get(c.id);
            return editing === c.id ? (
              <li key={c.id} className="py-3">
                <CaseForm
                  botId={botId}
                  initial={{ question: c.question, expectedSourceIds: c.expectedSourceIds }}
                  submitLabel={t("common.save")}
                  pending={updateCase.isPending}
                  error={updateCase.error ? errorMessage(updateCase.error) : null}
                  onSubmit={(value) => updateCase.mutate({ caseId: c.id, ...value }, { onSuccess: () => setEditing(null) })}
                  onCancel={() => setEditing(null)}
                />
              </li>
            ) : (
              <li key={c.id} className="flex flex-wrap items-start gap-3 py-3" data-testid="test-case">
                <div className="min-w-0 flex-1">
                  <p className="text-sm font-medium">{c.question}</p>
                  <p className="text-xs text-slate-500">
                    {t("tests.expected")}: {c.expected.length === 0 ? t("tests.expectNoAnswer") : c.expected.map((e) => e.title ?? t("tests.deletedSource")).join(" · ")}
                  </p>
                  {result && (
                    <p className="mt-1 text-xs text-slate-600">
                      {t("tests.cited")}: {result.citedTitle ?? t("tests.citedNothing")} · {t(`tests.decision.${result.decision as "answer" | "suggest" | "decline"}`)} · {t("tests.confidence")} {result.confidence.toFixed(2)}
                    </p>
                  )}
                </div>
                {result && <ResultBadge passed={result.passed} newFailure={result.newFailure} />}
                <div className="flex shrink-0">
                  <Button variant="ghost" aria-label={`${t("common.edit")}: ${c.question}`} onClick={() => setEditing(c.id)}>
                    {t("common.edit")}
                  </Button>
                  <Button variant="ghost" aria-label={`${t("common.delete")}: ${c.question}`} disabled={deleteCase.isPending} onClick={() => deleteCase.mutate({ caseId: c.id })}>
                    {t("common.delete")}
                  </Button>
                </div>
              </li>
            );
          })}
        </ul>
        <div className="mt-3 border-t border-slate-100 pt-3">
          <CaseForm
            key={added}
            botId={botId}
            initial={{ question: "", expectedSourceIds: [] }}
            submitLabel={t("tests.addCase")}
            pending={addCase.isPending}
            error={addCase.error ? errorMessage(addCase.error) : null}
            onSubmit={(value) => addCase.mutate({ setId: set.id, ...value, origin: "typed" }, { onSuccess: () => setAdded((n) => n + 1) })}
          />
        </div>
      </Card>

      <RunHistory runs={history.data ?? []} shownRunId={shownRunId} onShow={onRun} />
    </div>
  );
}

export function ResultBadge({ passed, newFailure }: { passed: boolean; newFailure: boolean }) {
  const { t } = useI18n();
  if (passed) return <span className="rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-700 ring-1 ring-emerald-200">{t("tests.pass")}</span>;
  return (
    <span className="rounded-full bg-red-50 px-2 py-0.5 text-xs font-medium text-red-700 ring-1 ring-red-200">
      {t("tests.fail")}
      {newFailure ? ` · ${t("tests.newFailure")}` : ""}
    </span>
  );
}
