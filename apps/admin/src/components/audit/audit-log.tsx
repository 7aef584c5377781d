"use client";
import { type AdminRouter } from "@kefu/api";
import { type AuditOutcome } from "@kefu/domain";
import { Alert, Button, Card, cx, SelectField, TextField } from "@kefu/ui";
import { useInfiniteQuery, useMutation, useQuery } from "@tanstack/react-query";
import { type inferRouterOutputs } from "@trpc/server";
import { type FormEvent, useState } from "react";
import { auditActionLabel, displayAuditAddress } from "./audit-format";
import { downloadText as download } from "~/lib/download";
import { useI18n } from "~/lib/i18n";
import { errorMessage, useTRPC } from "~/lib/trpc";

type AuditEvent = inferRouterOutputs<AdminRouter>["audit"]["list"]["events"][number];

interface FilterForm {
  actor: string;
  action: string;
  target: string;
  outcome: "" | AuditOutcome;
  from: string;
  to: string;
}

const EMPTY: FilterForm = { actor: "", action: "", target: "", outcome: "", from: "", to: "" };

/** The form's values as the API's filter: dates are whole days in the browser's time zone. */
function toFilter(form: FilterForm) {
  return {
    ...(form.actor.trim() ? { actor: form.actor.trim() } : {}),
    ...(form.action.trim() ? { action: form.action.trim() } : {}),
    ...(form.target.trim() ? { target: form.target.trim() } : {}),
    ...(form.outcome ? { outcome: form.outcome } : {}),
    ...(form.from ? { from: new Date(`${form.from}T00:00:00`) } : {}),
    ...(form.to ? { to: new Date(`${form.to}T23:59:59.999`) } : {}),
  };
}

/** Settings → Audit log: the workspace's audit trail, filtered, paged and exported as CSV. Owners only. */
export function AuditLog() {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const me = useQuery(trpc.account.me.queryOptions());
  // The server checks audit.read; this only avoids asking for what would be refused.
  const isOwner = me.data?.role === "OWNER";
  const [form, setForm] = useState<FilterForm>(EMPTY);
  const [applied, setApplied] = useState<FilterForm>(EMPTY);
  const filter = toFilter(applied);
  const list = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions({ filter, limit: 50 }, { enabled: isOwner, retry: false, getNextPageParam: (page) => page.nextCursor ?? undefined }),
  );
  const exported = useMutation(
    trpc.audit.export.mutationOptions({
      onSuccess: (result) => download(result.csv, `kefu-audit-log-${new Date().toISOString().slice(0, 10)}.csv`),
    }),
  );
  const events = list.data?.pages.flatMap((page) => page.events) ?? [];
  const time = new Intl.DateTimeFormat(locale === "zh" ? "zh-CN" : "en", { dateStyle: "medium", timeStyle: "medium" });
  const set = (field: keyof FilterForm) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [field]: e.target.value }));

  const apply = (e: FormEvent) => {
    e.preventDefault();
    setApplied(form);
  };

  return (
    <div className="space-y-6">
      <div className="flex items-center justify-between">
        <h1 className="text-2xl font-semibold">{t("audit.title")}</h1>
        {isOwner && (
          <Button variant="secondary" disabled={exported.isPending} onClick={() => exported.mutate({ filter })}>
            {exported.isPending ? t("audit.exporting") : t("audit.export")}
          </Button>
        )}
      </div>
      <p className="max-w-3xl text-sm text-slate-600">{t("audit.intro")}</p>
      {me.error && <Alert>{errorMessage(me.error)}</Alert>}
      {me.data && !isOwner && <Alert tone="info">{t("audit.ownersOnly")}</Alert>}
      {exported.error && <Alert>{errorMessage(exported.error)}</Alert>}
      {exported.data?.truncated && <Alert tone="warning">{t("audit.exportTruncated")}</Alert>}
      {isOwner && (
        <Card title={t("audit.filters")}>
          <form onSubmit={apply} className="grid gap-3 sm:grid-cols-3" aria-label={t("audit.filters")}>
            <TextField label={t("audit.actor")} hint={t("audit.actorHint")} value={form.actor} onChange={set("actor")} />
            <TextField label={t("audit.action")} hint={t("audit.actionHint")} value={form.action} onChange={set("action")} />
            <TextField label={t("audit.target")} hint={t("audit.targetHint")} value={form.target} onChange={set("target")} />
            <SelectField label={t("audit.outcome")} value={form.outcome} onChange={set("outcome")}>
              <option value="">{t("audit.outcome.any")}</option>
              <option value="success">{t("audit.outcome.success")}</option>
              <option value="failure">{t("audit.outcome.failure")}</option>
            </SelectField>
            <TextField type="date" label={t("audit.from")} value={form.from} onChange={set("from")} />
            <TextField type="date" label={t("audit.to")} value={form.to} onChange={set("to")} />
            <div className="flex gap-2 sm:col-span-3">
              <Button type="submit">{t("audit.apply")}</Button>
              <Button
                type="button"
                variant="secondary"
                onClick={() => {
                  setForm(EMPTY);
                  setApplied(EMPTY);
                }}
              >
                {t("audit.reset")}
              </Button>
            </div>
          </form>
        </Card>
      )}
      {isOwner && list.isPending && <p className="text-slate-500">{t("common.loading")}</p>}
      {list.error && <Alert>{errorMessage(list.error)}</Alert>}
      {isOwner && list.isSuccess && events.length === 0 && (
        <Card>
          <p className="text-slate-600">{t("audit.empty")}</p>
        </Card>
      )}
      {events.length > 0 && (
        <div className="overflow-x-auto rounded-xl bg-white shadow-sm ring-1 ring-slate-200">
          <table className="w-full text-left text-sm" aria-label={t("audit.title")}>
            <thead className="text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="px-4 py-2 font-medium">{t("audit.col.time")}</th>
                <th className="px-4 py-2 font-medium">{t("audit.col.actor")}</th>
                <th className="px-4 py-2 font-medium">{t("audit.col.action")}</th>
                <th className="px-4 py-2 font-medium">{t("audit.col.targets")}</th>
                <th className="px-4 py-2 font-medium">{t("audit.col.outcome")}</th>
                <th className="px-4 py-2 font-medium">{t("audit.col.address")}</th>
                <th className="px-4 py-2 font-medium">{t("audit.col.details")}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((event) => (
                <AuditRow key={event.id} event={event} time={time} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.hasNextPage && (
        <Button variant="secondary" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
          {t("audit.loadMore")}
        </Button>
      )}
    </div>
  );
}

function AuditRow({ event, time }: { event: AuditEvent; time: Intl.DateTimeFormat }) {
  const { t } = useI18n();
  const address = event.ip ? displayAuditAddress(event.ip) : null;
  const actor = event.actorEmail ?? event.actorId ?? (event.action.startsWith("auth.") ? t("audit.unknownActor") : t("audit.system"));
  return (
    <tr className="border-t border-slate-100 align-top" data-testid="audit-row">
      <td className="whitespace-nowrap px-4 py-2 text-slate-600">{time.format(event.createdAt)}</td>
      <td className="max-w-[14rem] break-all px-4 py-2">{actor}</td>
      <td className="px-4 py-2" title={event.action}>
        {auditActionLabel(t, event.action)}
        {/* The code stays in sight: the Action filter and support go by it. */}
        <code className="block text-xs text-slate-500">{event.action}</code>
      </td>
      <td className="max-w-[14rem] break-all px-4 py-2 font-mono text-xs text-slate-600">{event.targetIds.join(" ")}</td>
      <td className="px-4 py-2">
        <span
          className={cx(
            "rounded px-1.5 py-0.5 text-xs ring-1",
            event.outcome === "success" ? "bg-emerald-50 text-emerald-800 ring-emerald-200" : "bg-red-50 text-red-800 ring-red-200",
          )}
        >
          {event.outcome === "success" ? t("audit.outcome.success") : t("audit.outcome.failure")}
          {event.errorCode ? ` · ${event.errorCode}` : ""}
        </span>
      </td>
      <td className="whitespace-nowrap px-4 py-2 text-xs text-slate-600" title={address?.address}>
        {address?.local ? t("audit.address.local") : address?.address}
      </td>
      <td className="px-4 py-2">
        <details>
          <summary className="cursor-pointer text-xs text-indigo-600">{t("audit.showDetails")}</summary>
          {event.userAgent && (
            <p className="mt-1 max-w-md break-all text-xs text-slate-500">
              {t("audit.userAgent")}: {event.userAgent}
            </p>
          )}
          <pre className="mt-1 max-w-md overflow-x-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-2 text-xs">{JSON.stringify(event.details, null, 2)}</pre>
        </details>
      </td>
    </tr>
  );
}
