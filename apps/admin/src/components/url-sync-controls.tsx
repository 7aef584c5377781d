"use client";
import { SYNC_INTERVAL_HOURS, type SyncIntervalHours } from "@kefu/domain";
import { Alert, Button, SelectField } from "@kefu/ui";
import { useMutation } from "@tanstack/react-query";
import { type Source } from "~/components/source-status";
import { useI18n } from "~/lib/i18n";
import { errorMessage, useTRPC } from "~/lib/trpc";

function isChange(value: unknown): value is { added: number; removed: number; unchanged: number } {
  return typeof value === "object" && value !== null && "added" in value && "removed" in value && "unchanged" in value;
}

/** A URL source's re-sync state: when it last synced, what changed, "Re-sync now" and the schedule. */
export function UrlSyncControls({ source, onChanged }: { source: Source; onChanged: () => unknown }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const options = {
    onSettled: () => {
      void onChanged();
    },
  };
  const resync = useMutation(trpc.knowledge.resyncUrl.mutationOptions(options));
  const schedule = useMutation(trpc.knowledge.setSyncSchedule.mutationOptions(options));
  const when = (d: Date) => d.toLocaleString(locale === "zh" ? "zh-CN" : "en", { dateStyle: "medium", timeStyle: "short" });
  const change = isChange(source.lastSyncChange) ? source.lastSyncChange : null;

  return (
    <div className="mt-1 space-y-1 text-xs text-slate-500">
      <p data-testid="sync-status">
        {source.lastSyncedAt ? (
          <>
            {t("sources.sync.lastSynced")} {when(source.lastSyncedAt)}
            {change &&
              (change.added + change.removed === 0
                ? ` · ${t("sources.sync.unchanged")}`
                : ` · +${change.added} ${t("sources.sync.added")}, −${change.removed} ${t("sources.sync.removed")}, ${change.unchanged} ${t("sources.sync.kept")}`)}
          </>
        ) : (
          t("sources.sync.never")
        )}
        {source.nextSyncAt && ` · ${t("sources.sync.next")} ${when(source.nextSyncAt)}`}
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <Button
          variant="secondary"
          className="px-2 py-1 text-xs"
          aria-label={`${t("sources.sync.now")}: ${source.title}`}
          disabled={resync.isPending}
          onClick={() => resync.mutate({ id: source.id })}
        >
          {resync.isPending ? t("sources.sync.syncing") : t("sources.sync.now")}
        </Button>
        <SelectField
          label={t("sources.sync.schedule")}
          inline
          compact
          value={source.syncIntervalHours ?? ""}
          disabled={schedule.isPending}
          onChange={(event) => {
            const value = event.currentTarget.value;
            schedule.mutate({ id: source.id, intervalHours: value === "" ? null : (Number(value) as SyncIntervalHours) });
          }}
        >
          <option value="">{t("sources.sync.off")}</option>
          {SYNC_INTERVAL_HOURS.map((h) => (
            <option key={h} value={h}>
              {t(`sources.sync.every${h}`)}
            </option>
          ))}
        </SelectField>
      </div>
      {(resync.error || schedule.error) && <Alert>{errorMessage(resync.error ?? schedule.error)}</Alert>}
    </div>
  );
}
