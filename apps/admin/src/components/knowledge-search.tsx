"use client";
import { Alert, Button, TextField } from "@kefu/ui";
import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useI18n } from "~/lib/i18n";
import { errorMessage, useTRPC } from "~/lib/trpc";

/** Searches the sources of the bot's knowledge bases; each hit shows where the words occur. */
export function KnowledgeSearch({ botId }: { botId: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const [query, setQuery] = useState("");
  const results = useQuery(trpc.knowledge.search.queryOptions({ botId, query }, { enabled: query !== "", retry: false }));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setQuery(String(new FormData(event.currentTarget).get("q") ?? "").trim());
  }

  return (
    <div className="mb-6 space-y-3">
      <form role="search" onSubmit={submit} className="flex items-end gap-2" aria-label={t("sources.search.label")}>
        <TextField label={t("sources.search.label")} name="q" type="search" maxLength={200} placeholder={t("sources.search.placeholder")} className="flex-1" />
        <Button type="submit" variant="secondary" disabled={results.isFetching}>
          {results.isFetching ? t("common.loading") : t("sources.search.submit")}
        </Button>
      </form>
      {results.error && <Alert>{errorMessage(results.error)}</Alert>}
      {results.data && (
        <div aria-live="polite">
          {results.data.length === 0 ? (
            <p className="text-sm text-slate-500">{t("sources.search.none")}</p>
          ) : (
            <ul className="divide-y divide-slate-100 rounded-md ring-1 ring-slate-200" aria-label={t("sources.search.results")}>
              {results.data.map((hit) => (
                <li key={hit.id} className="px-3 py-2 text-sm">
                  <p className="flex justify-between gap-2">
                    <span className="font-medium">{hit.title}</span>
                    <span className="shrink-0 text-xs text-slate-500">{hit.knowledgeBaseName}</span>
                  </p>
                  <p className="mt-1 text-slate-600">
                    {hit.snippet.before}
                    {hit.snippet.match && <mark className="rounded bg-amber-100 px-0.5 text-slate-900">{hit.snippet.match}</mark>}
                    {hit.snippet.after}
                  </p>
                </li>
              ))}
            </ul>
          )}
          {results.data.length >= 50 && <p className="mt-1 text-xs text-slate-500">{t("sources.search.limit")}</p>}
        </div>
      )}
    </div>
  );
}
