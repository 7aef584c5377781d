"use client";
import { type AdminRouter } from "@kefu/api";
import { Alert, Button, Card, cx, SelectField } from "@kefu/ui";
import { type MessageKey } from "@kefu/ui/i18n";
import { useMutation, useQuery } from "@tanstack/react-query";
import { type inferRouterOutputs } from "@trpc/server";
import { Fragment, useState } from "react";
import { useI18n } from "~/lib/i18n";
import { useRefreshQueries } from "~/lib/refresh-queries";
import { errorMessage, useTRPC } from "~/lib/trpc";

type Endpoint = inferRouterOutputs<AdminRouter>["webhook"]["list"][number];
type Delivery = inferRouterOutputs<AdminRouter>["webhook"]["listDeliveries"][number];

const STATUS_TONE = {
  PENDING: "bg-amber-50 text-amber-800 ring-amber-200",
  DELIVERED: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  FAILED: "bg-red-50 text-red-800 ring-red-200",
} as const;

/**
 * The 50 most recent notification deliveries (webhooks and e-mail), with redelivery of failed
 * ones; a pending one shows when it is tried next, and each one opens the history of its attempts.
 */
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
        <div className="flex flex-wrap items-center gap-2">
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
                <DeliveryRow key={d.id} delivery={d} time={time} redeliver={redeliver.mutate} redelivering={redeliver.isPending} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

/** One delivery; its attempts (time, outcome, when the next was due) open below it. */
function DeliveryRow({
  delivery: d,
  time,
  redeliver,
  redelivering,
}: {
  delivery: Delivery;
  time: Intl.DateTimeFormat;
  redeliver: (input: { id: string }) => void;
  redelivering: boolean;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const historyId = `attempts-${d.id}`;
  return (
    <Fragment>
      <tr className="border-t border-slate-100 align-top">
        <td className="py-2 pr-4">
          <code className="text-xs">{d.event}</code>
        </td>
        <td className="max-w-[16rem] break-all py-2 pr-4 text-xs text-slate-600">
          {d.channel === "EMAIL" ? "✉ " : ""}
          {d.target}
        </td>
        <td className="py-2 pr-4">
          <span className={cx("rounded px-1.5 py-0.5 text-xs ring-1", STATUS_TONE[d.status])}>{t(`webhooks.status.${d.status}` as MessageKey)}</span>
          {d.status === "PENDING" && d.nextAttemptAt && (
            <p className="mt-1 whitespace-nowrap text-xs text-slate-500">{t("webhooks.nextAttempt").replace("{time}", time.format(new Date(d.nextAttemptAt)))}</p>
          )}
        </td>
        <td className="py-2 pr-4">
          {d.attemptLog.length > 0 ? (
            <button
              type="button"
              className="rounded px-1 text-sky-700 underline decoration-dotted hover:bg-sky-50"
              aria-expanded={open}
              aria-controls={historyId}
              aria-label={`${t("webhooks.showAttempts")} (${d.attempts})`}
              onClick={() => setOpen(!open)}
            >
              {d.attempts} {open ? "▴" : "▾"}
            </button>
          ) : (
            d.attempts
          )}
        </td>
        <td className="py-2 pr-4">{d.responseStatus ?? "—"}</td>
        <td className="max-w-[20rem] break-words py-2 pr-4 text-xs text-red-700">{d.status === "DELIVERED" ? "" : (d.lastError ?? "")}</td>
        <td className="whitespace-nowrap py-2 pr-4 text-xs text-slate-600">{time.format(new Date(d.deliveredAt ?? d.createdAt))}</td>
        <td className="py-2">
          {d.status === "FAILED" && (
            <Button variant="secondary" disabled={redelivering} onClick={() => redeliver({ id: d.id })}>
              {t("webhooks.redeliver")}
            </Button>
          )}
        </td>
      </tr>
      {open && (
        <tr id={historyId} className="bg-slate-50">
          <td colSpan={8} className="px-3 py-2">
            <table className="w-full text-left text-xs" aria-label={`${t("webhooks.attemptsTitle")} ${d.event}`}>
              <thead className="text-slate-500">
                <tr>
                  <th className="py-1 pr-3 font-medium">{t("webhooks.attempt.col.number")}</th>
                  <th className="py-1 pr-3 font-medium">{t("webhooks.attempt.col.time")}</th>
                  <th className="py-1 pr-3 font-medium">{t("webhooks.attempt.col.outcome")}</th>
                  <th className="py-1 font-medium">{t("webhooks.attempt.col.next")}</th>
                </tr>
              </thead>
              <tbody>
                {d.attemptLog.map((a, i) => (
                  <tr key={a.id} className="border-t border-slate-200 align-top">
                    <td className="py-1 pr-3">{d.attempts - i}</td>
                    <td className="whitespace-nowrap py-1 pr-3">{time.format(new Date(a.attemptedAt))}</td>
                    <td className={cx("break-words py-1 pr-3", a.ok ? "text-emerald-700" : "text-red-700")}>
                      {a.ok ? `${t("webhooks.attempt.ok")}${a.responseStatus ? ` (HTTP ${a.responseStatus})` : ""}` : (a.error ?? "")}
                    </td>
                    <td className="whitespace-nowrap py-1">{a.nextAttemptAt ? time.format(new Date(a.nextAttemptAt)) : t("webhooks.attempt.none")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {d.attemptLog.length < d.attempts && <p className="mt-1 text-slate-500">{t("webhooks.attempt.older")}</p>}
          </td>
        </tr>
      )}
    </Fragment>
  );
}
