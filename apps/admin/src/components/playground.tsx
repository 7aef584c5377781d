"use client";
import { Alert, Button, Card, cx, Markdown, TextField } from "@kefu/ui";
import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useI18n } from "~/lib/i18n";
import { decisionReason } from "./playground-reason";
import { errorMessage, useTRPC } from "~/lib/trpc";

/** Try a question against the bot's knowledge: the answer, the decision and the evidence. */
export function Playground({ botId }: { botId: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const [asked, setAsked] = useState("");
  const result = useQuery(trpc.knowledge.playground.queryOptions({ botId, question: asked }, { enabled: asked !== "", retry: false }));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setAsked(String(new FormData(event.currentTarget).get("question") ?? "").trim());
  }

  const data = result.data;
  return (
    <Card title={t("playground.title")}>
      <p className="mb-3 text-sm text-slate-600">{t("playground.help")}</p>
      <form onSubmit={submit} className="flex items-end gap-2" aria-label={t("playground.title")}>
        <TextField label={t("playground.question")} name="question" maxLength={4000} className="flex-1" />
        <Button type="submit" disabled={result.isFetching}>
          {result.isFetching ? t("common.loading") : t("playground.try")}
        </Button>
      </form>
      {result.error && <div className="mt-3"><Alert>{errorMessage(result.error)}</Alert></div>}
      {data && (
        <div className="mt-4 space-y-4" data-testid="playground-result">
          <div className={cx("rounded-md px-3 py-2 text-sm ring-1", data.decision === "answer" ? "bg-emerald-50 ring-emerald-200" : "bg-amber-50 ring-amber-200")}>
            <p className="font-medium" data-testid="playground-decision">
              {t(decisionReason(data))}
            </p>
            <p className="text-xs text-slate-600">
              {t("playground.confidence")} {data.confidence.toFixed(2)} · {t("playground.threshold")} {data.threshold.toFixed(2)} ·{" "}
              {t("playground.suggestThreshold")} {data.suggestThreshold.toFixed(2)} · {data.latencyMs} ms
            </p>
            {data.rewrite.outcome !== "off" && (
              <p className="mt-1 text-xs text-slate-600" data-testid="playground-rewrite">
                {t("playground.rewrite")}: {data.rewrite.rewritten ? <q className="text-slate-800">{data.rewrite.rewritten}</q> : "—"} · {t(`playground.rewrite.${data.rewrite.outcome}`)}
                {data.rewrite.outcome === "rewritten" && data.rewrite.bestFrom === "rewrite" && ` · ${t("playground.rewrite.bestFrom")}`} · {data.rewrite.ms} ms
              </p>
            )}
            <div className="mt-2 text-slate-800" data-testid="playground-answer">
              <Markdown text={data.text} />
            </div>
            {data.suggestions.length > 0 && (
              <div className="mt-2 text-xs" data-testid="playground-suggestions">
                <span className="font-medium text-slate-700">{t("playground.suggestions")}:</span>
                <ul className="mt-1 flex flex-wrap gap-1.5" aria-label={t("playground.suggestions")}>
                  {data.suggestions.map((s) => (
                    <li key={s.sourceId} className="rounded-full bg-white px-2.5 py-1 text-slate-700 ring-1 ring-slate-300">
                      {s.title}
                    </li>
                  ))}
                </ul>
              </div>
            )}
          </div>
          {data.passages.length > 0 && (
            <div>
              <h4 className="mb-2 text-sm font-semibold">{t("playground.passages")}</h4>
              <ol className="space-y-2" aria-label={t("playground.passages")}>
                {data.passages.map((p, i) => (
                  <li key={`${p.sourceId}-${i}`} className="rounded-md bg-slate-50 px-3 py-2 text-sm ring-1 ring-slate-200">
                    <p className="flex flex-wrap justify-between gap-x-2">
                      <span className="font-medium">
                        [{i + 1}] {p.title}
                      </span>
                      <span className="font-mono text-xs text-slate-500">
                        {t("playground.score")} {p.score.toFixed(2)} · {t("playground.lexical")} {p.lexicalScore.toFixed(1)} · {t("playground.vector")} {p.vectorScore.toFixed(2)}
                        {p.classifierScore !== null ? ` · ${t("playground.classifier")} ${p.classifierScore.toFixed(2)}` : ""}
                      </span>
                    </p>
                    <p className="mt-1 line-clamp-3 text-slate-600">{p.passage}</p>
                  </li>
                ))}
              </ol>
            </div>
          )}
        </div>
      )}
    </Card>
  );
}
