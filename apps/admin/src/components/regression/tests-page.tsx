"use client";
import { Alert, Button, Card, TextField } from "@kefu/ui";
import { useMutation, useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { BotScopedPage } from "~/components/bot-scoped-page";
import { useI18n } from "~/lib/i18n";
import { useQueryParams } from "~/lib/query-params";
import { useRefreshQueries } from "~/lib/refresh-queries";
import { errorMessage, useTRPC } from "~/lib/trpc";
import { SetPanel } from "./set-panel";

/**
 * The Tests page of the Improve section: a bot's regression test sets, the selected set's
 * questions, its runs and their trend. `?bot=…&set=…&run=…` open a set and a run (the bot page's
 * new-failure card links here).
 */
export function TestsPage() {
  const { t } = useI18n();
  const { params, navigate } = useQueryParams();
  const setParam = params.get("set");

  return (
    <BotScopedPage
      title={t("tests.title")}
      help={t("tests.help")}
      botLabel={t("tests.bot")}
      noBots={t("tests.noBots")}
      botId={params.get("bot")}
      onBot={(bot) => navigate({ bot, set: null, run: null })}
    >
      {(botId) => (
        <BotSets key={botId} botId={botId} setId={setParam} onSelect={(setId) => navigate({ set: setId, run: null })} runId={params.get("run")} onRun={(runId) => navigate({ run: runId })} />
      )}
    </BotScopedPage>
  );
}

function BotSets({ botId, setId, runId, onSelect, onRun }: { botId: string; setId: string | null; runId: string | null; onSelect: (setId: string | null) => void; onRun: (runId: string | null) => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const refresh = useRefreshQueries();
  const sets = useQuery(trpc.regression.listSets.queryOptions({ botId }));
  const create = useMutation(
    trpc.regression.createSet.mutationOptions({
      onSuccess: async (set) => {
        await refresh(trpc.regression.listSets.queryKey({ botId }));
        onSelect(set.id);
      },
    }),
  );
  const [name, setName] = useState("");
  const selected = sets.data?.find((s) => s.id === setId) ?? sets.data?.[0] ?? null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ botId, name, autoRun: false }, { onSuccess: () => setName("") });
  };

  return (
    <div className="grid gap-6 lg:grid-cols-[16rem_1fr]">
      <Card title={t("tests.sets")}>
        {sets.error && <Alert>{errorMessage(sets.error)}</Alert>}
        {sets.data && sets.data.length === 0 && <p className="mb-3 text-sm text-slate-600">{t("tests.emptySets")}</p>}
        <ul className="mb-4 space-y-1" aria-label={t("tests.sets")}>
          {sets.data?.map((s) => (
            <li key={s.id}>
              <button
                type="button"
                aria-current={selected?.id === s.id ? "true" : undefined}
                onClick={() => onSelect(s.id)}
                className={`w-full rounded-md px-3 py-2 text-left text-sm ${selected?.id === s.id ? "bg-indigo-50 text-indigo-700" : "hover:bg-slate-100"}`}
              >
                <span className="block font-medium">{s.name}</span>
                <span className="block text-xs text-slate-500">
                  {s.lastRun ? `${s.lastRun.passed}/${s.lastRun.total} ${t("tests.pass")}` : t("tests.neverRun")}
                  {s.lastRun && s.lastRun.newFailures > 0 ? ` · ${s.lastRun.newFailures} ${t("tests.newFailure")}` : ""}
                </span>
              </button>
            </li>
          ))}
        </ul>
        <form onSubmit={submit} className="space-y-2 border-t border-slate-100 pt-3" aria-label={t("tests.newSet")}>
          <TextField label={t("tests.setName")} placeholder={t("tests.setNamePlaceholder")} value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
          {create.error && <Alert>{errorMessage(create.error)}</Alert>}
          <Button type="submit" disabled={create.isPending || !name.trim()}>
            {t("tests.createSet")}
          </Button>
        </form>
      </Card>
      {selected && <SetPanel key={selected.id} botId={botId} set={selected} runId={runId} onRun={onRun} onDeleted={() => onSelect(null)} />}
    </div>
  );
}
