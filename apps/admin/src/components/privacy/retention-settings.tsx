"use client";
import { fillTemplate } from "@kefu/domain";
import { Alert, Card, TextField } from "@kefu/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent } from "react";
import { FormActions } from "~/components/form-actions";
import { useI18n } from "~/lib/i18n";
import { errorMessage, fieldError, formError, useTRPC } from "~/lib/trpc";

/** Settings → Privacy: the workspace's retention period and the log of purges (owners only). */
export function RetentionSettings() {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useQuery(trpc.account.me.queryOptions());
  const isOwner = me.data?.role === "OWNER";
  const retention = useQuery(trpc.privacy.retention.queryOptions(undefined, { enabled: isOwner }));
  const save = useMutation(
    trpc.privacy.updateRetention.mutationOptions({ onSuccess: (saved) => queryClient.setQueryData(trpc.privacy.retention.queryKey(), saved) }),
  );
  if (me.isPending) return <p className="text-slate-500">{t("common.loading")}</p>;
  if (!isOwner) return <Alert tone="info">{t("retention.ownersOnly")}</Alert>;
  if (retention.isPending) return <p className="text-slate-500">{t("common.loading")}</p>;
  if (retention.error) return <Alert>{errorMessage(retention.error)}</Alert>;
  const data = retention.data;
  const dateTime = new Intl.DateTimeFormat(locale === "zh" ? "zh-CN" : "en", { dateStyle: "medium", timeStyle: "short" });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const text = String(new FormData(event.currentTarget).get("retentionDays") ?? "").trim();
    save.mutate({ retentionDays: text === "" ? null : Number(text) });
  }

  return (
    <div className="space-y-6">
      <Card title={t("retention.title")}>
        <p className="mb-4 text-sm text-slate-600">{t("retention.intro")}</p>
        <form onSubmit={submit} className="space-y-4" noValidate aria-label={t("retention.title")}>
          {formError(save.error, ["retentionDays"]) && <Alert>{formError(save.error, ["retentionDays"])}</Alert>}
          <TextField
            label={t("retention.days")}
            name="retentionDays"
            type="number"
            min={1}
            max={3650}
            step={1}
            inputMode="numeric"
            defaultValue={data.retentionDays ?? ""}
            hint={t("retention.daysHint")}
            error={fieldError(save.error, "retentionDays")}
          />
          <p className="text-sm text-slate-600" data-testid="retention-current">
            {fillTemplate(t("retention.current"), {
              value: data.retentionDays === null ? t("retention.forever") : fillTemplate(t("retention.daysValue"), { days: data.retentionDays }),
            })}
          </p>
          <FormActions label={t("common.save")} pending={save.isPending} saved={save.isSuccess} />
        </form>
      </Card>
      <Card title={t("retention.log")}>
        {data.purges.length === 0 ? (
          <p className="text-sm text-slate-500">{t("retention.logEmpty")}</p>
        ) : (
          <table className="w-full text-left text-sm" data-testid="purge-log">
            <thead className="text-xs text-slate-500">
              <tr>
                <th className="py-1 pr-4 font-medium">{t("retention.when")}</th>
                <th className="py-1 pr-4 font-medium">{t("retention.cutoff")}</th>
                <th className="py-1 font-medium">{t("retention.deleted")}</th>
              </tr>
            </thead>
            <tbody>
              {data.purges.map((purge) => (
                <tr key={purge.id} className="border-t border-slate-100">
                  <td className="py-2 pr-4">{dateTime.format(purge.createdAt)}</td>
                  <td className="py-2 pr-4">{dateTime.format(purge.cutoff)}</td>
                  <td className="py-2">{fillTemplate(t("retention.counts"), purge.counts)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}
