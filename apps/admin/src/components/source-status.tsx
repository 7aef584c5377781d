"use client";
import { type AdminRouter } from "@kefu/api";
import { Alert, Button, cx } from "@kefu/ui";
import { useMutation } from "@tanstack/react-query";
import { type inferRouterOutputs } from "@trpc/server";
import { useI18n } from "~/lib/i18n";
import { errorMessage, useTRPC } from "~/lib/trpc";

/** A knowledge source as the bot's source list has it. */
export type Source = inferRouterOutputs<AdminRouter>["knowledge"]["list"][number];
type Status = Source["status"];

const TONES: Record<Status, string> = {
  QUEUED: "bg-slate-100 text-slate-700",
  INDEXING: "bg-blue-50 text-blue-800",
  READY: "bg-emerald-50 text-emerald-800",
  FAILED: "bg-red-50 text-red-800",
};

/** For the sources query: poll every second while anything is queued or indexing, else not at all. */
export function ingestionRefetchInterval(query: { state: { data?: { status: Status }[] } }): number | false {
  return query.state.data?.some((s) => s.status === "QUEUED" || s.status === "INDEXING") ? 1000 : false;
}

/** A source's indexing state: Queued / Indexing n/total with a progress bar / Ready / Failed with the reason and Retry. */
export function SourceStatus({ source, onChanged }: { source: Source; onChanged: () => unknown }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const retry = useMutation(trpc.knowledge.retry.mutationOptions({ onSettled: () => void onChanged() }));
  const busy = source.status === "QUEUED" || source.status === "INDEXING";
  const total = Math.max(source.chunksTotal, 1);

  return (
    <div className="mt-1 space-y-1 text-xs text-slate-500">
      <p className="flex flex-wrap items-center gap-2">
        <span data-testid="source-status" className={cx("rounded px-1.5 py-0.5 font-medium", TONES[source.status])}>
          {t(`knowledge.status.${source.status}`)}
          {source.status === "INDEXING" && source.chunksTotal > 0 && ` ${source.chunksDone}/${source.chunksTotal}`}
        </span>
        {source.status === "READY" && (
          <span>
            {source._count.chunks} {t("knowledge.chunks")}
          </span>
        )}
      </p>
      {source.status === "INDEXING" && (
        <div
          role="progressbar"
          aria-label={`${t("ingestion.progress")}: ${source.title}`}
          aria-valuemin={0}
          aria-valuemax={source.chunksTotal}
          aria-valuenow={source.chunksDone}
          className="h-1.5 w-40 overflow-hidden rounded bg-slate-200"
        >
          <div className="h-full bg-blue-600 transition-[width]" style={{ width: `${Math.round((source.chunksDone / total) * 100)}%` }} />
        </div>
      )}
      {busy && source._count.chunks > 0 && <p>{t("ingestion.oldServed")}</p>}
      {source.status === "FAILED" && (
        <div className="flex flex-wrap items-center gap-2">
          {source.error && (
            <span className="text-red-700">
              {t("ingestion.failedReason")} {source.error}
            </span>
          )}
          <Button
            variant="secondary"
            className="px-2 py-1 text-xs"
            aria-label={`${t("ingestion.retry")}: ${source.title}`}
            disabled={retry.isPending}
            onClick={() => retry.mutate({ id: source.id })}
          >
            {retry.isPending ? t("ingestion.retrying") : t("ingestion.retry")}
          </Button>
        </div>
      )}
      {retry.error && <Alert>{errorMessage(retry.error)}</Alert>}
    </div>
  );
}
