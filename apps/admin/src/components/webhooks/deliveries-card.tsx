"use client";
import { type AdminRouter } from "@kefu/api";
import { Alert, Button, Card, cx, SelectField } from "@kefu/ui";
import { type MessageKey } from "@kefu/ui/i18n";
import { useMutation, useQuery } from "@tanstack/react-query";
import { type inferRouterOutputs } from "@trpc/server";
import { useState } from "react";
import { useI18n } from "~/lib/i18n";
import { useRefreshQueries } from "~/lib/refresh-queries";
import { errorMessage, useTRPC } from "~/lib/trpc";

type Endpoint = inferRouterOutputs<AdminRouter>["webhook"]["list"][number];

const STATUS_TONE = {
  PENDING: "bg-amber-50 text-amber-800 ring-amber-200",
  DELIVERED: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  FAILED: "bg-red-50 text-red-800 ring-red-200",
} as const;

/** The 50 most recent notification deliveries (webhooks and e-mail), with redelivery of failed ones. */
export function DeliveriesCard({ endpoints }: { endpoints: Endpoint[] }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const refresh = useRefreshQueries();
  const [endpointId, setEndpointId] = useState("");
  const input = endpointId ? { endpointId } : {};
  const deliveries = useQuery(trpc.webhook.listDeliveries.queryOptions(input, { retry: false }));
  const redeliver = useMutation(
    trpc.webhook.redeliver.mutationOptions({
      onSuccess: () => refresh(trpc.webhook.listDeliveries.queryKey()),
    }),
  );
  const time = new Intl.DateTimeFormat(locale === "zh" ? "zh-CN" : "en", { dateStyle: "medium", timeStyle: "medium" });

  return (
    <Card
      title={t("webhooks.deliveries")}
      actions={
        <div className="flex items-center gap-2">
          <SelectField label={t("webhooks.filter")} inline value={endpointId} onChange={(e) => setEndpointId(e.target.value)}>
            <option value="">{t("webhooks.allEndpoints")}</option>
            {endpoints.map((e) => (
              <option key={e.id} value={e.id}>
                {e.url}
              </option>
            ))}
          </SelectField>
          <Button variant="secondary" disabled={deliveries.isFetching} onClick={() => void deliveries.refetch()}>
            {t("webhooks.refresh")}
          </Button>
        </div>
      }
    >
      {deliveries.isPending && <p className="text-slate-500">{t("common.loading")}</p>}
      {deliveries.error && <Alert>{errorMessage(deliveries.error)}</Alert>}
      {redeliver.error && <Alert>{errorMessage(redeliver.error)}</Alert>}
      {deliveries.data?.length === 0 && <p className="text-sm text-slate-600">{t("webhooks.deliveriesEmpty")}</p>}
      {!!deliveries.data?.length && (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" aria-label={t("webhooks.deliveries")}>
            <thead className="text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="py-2 pr-4 font-medium">{t("webhooks.col.event")}</th>
                <th className="py-2 pr-4 font-medium">{t("webhooks.col.target")}</th>
                <th className="py-2 pr-4 font-medium">{t("webhooks.col.status")}</th>
                <th className="py-2 pr-4 font-medium">{t("webhooks.col.attempts")}</th>
                <th className="py-2 pr-4 font-medium">{t("webhooks.col.http")}</th>
                <th className="py-2 pr-4 font-medium">{t("webhooks.col.error")}</th>
                <th className="py-2 pr-4 font-medium">{t("webhooks.col.time")}</th>
                <th className="py-2 font-medium">
                  <span className="sr-only">{t("webhooks.redeliver")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {deliveries.data.map((d) => (
                <tr key={d.id} className="border-t border-slate-100 align-top">
                  <td className="py-2 pr-4">
                    <code className="text-xs">{d.event}</code>
                  </td>
                  <td className="max-w-[16rem] break-all py-2 pr-4 text-xs text-slate-600">
                    {d.channel === "EMAIL" ? "✉ " : ""}
                    {d.target}
                  </td>
                  <td className="py-2 pr-4">
                    <span className={cx("rounded px-1.5 py-0.5 text-xs ring-1", STATUS_TONE[d.status])}>{t(`webhooks.status.${d.status}` as MessageKey)}</span>
                  </td>
                  <td className="py-2 pr-4">{d.attempts}</td>
                  <td className="py-2 pr-4">{d.responseStatus ?? "—"}</td>
                  <td className="max-w-[20rem] break-words py-2 pr-4 text-xs text-red-700">{d.status === "DELIVERED" ? "" : (d.lastError ?? "")}</td>
                  <td className="whitespace-nowrap py-2 pr-4 text-xs text-slate-600">{time.format(new Date(d.deliveredAt ?? d.createdAt))}</td>
                  <td className="py-2">
                    {d.status === "FAILED" && (
                      <Button variant="secondary" disabled={redeliver.isPending} onClick={() => redeliver.mutate({ id: d.id })}>
                        {t("webhooks.redeliver")}
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
