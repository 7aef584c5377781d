"use client";
import { type AdminRouter } from "@kefu/api";
import { WEEKDAYS, type Weekday } from "@kefu/domain";
import { Alert, Button, Card, TextAreaField, TextField } from "@kefu/ui";
import { type MessageKey } from "@kefu/ui/i18n";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type inferRouterOutputs } from "@trpc/server";
import { type FormEvent, useState } from "react";
import { useI18n } from "~/lib/i18n";
import { errorMessage, fieldError, formError, useTRPC } from "~/lib/trpc";

// Monday first, as schedules are usually read.
const DAYS: Weekday[] = [...WEEKDAYS.slice(1), WEEKDAYS[0]];

type Settings = inferRouterOutputs<AdminRouter>["tenantSettings"]["get"];

interface Form {
  enabled: boolean;
  timeZone: string;
  weekly: Record<Weekday, string>;
  holidays: string;
}

const splitList = (text: string) => text.split(/[,，\n]/).map((s) => s.trim()).filter(Boolean);

/** Time zone, weekly schedule and holidays of the workspace ("outside business hours" rules). */
export function BusinessHoursSettings() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const current = useQuery(trpc.tenantSettings.get.queryOptions());
  if (current.isPending) return <p className="text-slate-500">{t("common.loading")}</p>;
  if (current.error) return <Alert>{errorMessage(current.error)}</Alert>;
  const d = current.data;
  const initial: Form = {
    enabled: d.enabled,
    // A first visit proposes the browser's own zone rather than UTC.
    timeZone: d.enabled || d.timeZone !== "UTC" ? d.timeZone : Intl.DateTimeFormat().resolvedOptions().timeZone,
    weekly: Object.fromEntries(DAYS.map((day) => [day, d.weekly[day].join(", ")])) as Record<Weekday, string>,
    holidays: d.holidays.join("\n"),
  };
  return <HoursForm initial={initial} status={d} onSaved={(saved) => queryClient.setQueryData(trpc.tenantSettings.get.queryKey(), saved)} />;
}

function HoursForm({
  initial,
  status,
  onSaved,
}: {
  initial: Form;
  status: Settings;
  onSaved: (saved: Settings) => void;
}) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const [form, setForm] = useState<Form>(initial);
  const save = useMutation(trpc.tenantSettings.updateHours.mutationOptions({ onSuccess: onSaved }));
  const err = (path: string) => fieldError(save.error, path);
  const dayError = (day: Weekday) => {
    for (let i = 0; i < 6; i++) {
      const e = err(`weekly.${day}.${i}`);
      if (e) return e;
    }
    return err(`weekly.${day}`);
  };
  const holidayError = () => err("holidays") ?? splitList(form.holidays).map((_, i) => err(`holidays.${i}`)).find(Boolean) ?? null;
  const fields = ["timeZone", "holidays", ...DAYS.map((d) => `weekly.${d}`)];

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate({
      enabled: form.enabled,
      timeZone: form.timeZone.trim(),
      weekly: Object.fromEntries(DAYS.map((day) => [day, splitList(form.weekly[day])])) as Record<Weekday, string[]>,
      holidays: splitList(form.holidays),
    });
  }

  return (
    <Card title={t("hours.title")}>
      <p className="mb-3 text-sm text-slate-600">{t("hours.intro")}</p>
      {status.enabled && (
        <p className="mb-3 text-sm" role="status">
          {status.openNow ? t("hours.openNow") : t("hours.closedNow")}
          {!status.openNow && status.nextOpening && ` · ${t("hours.nextOpening")} ${status.nextOpening.toLocaleString(locale === "zh" ? "zh-CN" : "en-US")}`}
        </p>
      )}
      <form onSubmit={submit} className="space-y-4" aria-label={t("hours.title")}>
        {formError(save.error, fields) && <Alert>{formError(save.error, fields)}</Alert>}
        {save.isSuccess && <Alert tone="success">{t("common.saved")}</Alert>}
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={form.enabled} onChange={(e) => setForm({ ...form, enabled: e.target.checked })} />
          {t("hours.enabled")}
        </label>
        <TextField label={t("hours.timeZone")} value={form.timeZone} onChange={(e) => setForm({ ...form, timeZone: e.target.value })} error={err("timeZone")} />
        <fieldset className="space-y-2" disabled={!form.enabled}>
          <legend className="text-sm font-semibold">{t("hours.weekly")}</legend>
          {DAYS.map((day) => (
            <TextField
              key={day}
              label={`${t(`hours.day.${day}` as MessageKey)} — ${t("hours.intervals")}`}
              value={form.weekly[day]}
              placeholder="09:00-18:00"
              onChange={(e) => setForm({ ...form, weekly: { ...form.weekly, [day]: e.target.value } })}
              error={dayError(day)}
            />
          ))}
        </fieldset>
        <TextAreaField
          label={t("hours.holidays")}
          value={form.holidays}
          rows={4}
          placeholder="2026-10-01"
          disabled={!form.enabled}
          onChange={(e) => setForm({ ...form, holidays: e.target.value })}
          error={holidayError()}
        />
        <Button type="submit" disabled={save.isPending}>
          {save.isPending ? t("common.saving") : t("common.save")}
        </Button>
      </form>
    </Card>
  );
}
