"use client";
import { type AdminRouter } from "@kefu/api";
import { WEBHOOK_EVENTS, type WebhookEvent } from "@kefu/domain";
import { Alert, Button, Card, TextField } from "@kefu/ui";
import { useMutation, useQuery } from "@tanstack/react-query";
import { type inferRouterOutputs } from "@trpc/server";
import { type FormEvent, useState } from "react";
import { CopyTextButton } from "~/components/copy-text-button";
import { FormActions } from "~/components/form-actions";
import { DeliveriesCard } from "~/components/webhooks/deliveries-card";
import { useI18n } from "~/lib/i18n";
import { useRefreshQueries } from "~/lib/refresh-queries";
import { errorMessage, fieldError, formError, useTRPC } from "~/lib/trpc";

type Endpoint = inferRouterOutputs<AdminRouter>["webhook"]["list"][number];
type Created = inferRouterOutputs<AdminRouter>["webhook"]["create"];

const FIELDS = ["url", "events"] as const;

/** Webhook endpoints (add, switch, test, rotate, delete) and the delivery log. Owners and admins only. */
export function WebhookSettings() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const me = useQuery(trpc.account.me.queryOptions());
  // The server checks webhooks.manage; this only avoids showing controls that would fail.
  const canManage = me.data?.role === "OWNER" || me.data?.role === "ADMIN";
  const endpoints = useQuery(trpc.webhook.list.queryOptions(undefined, { enabled: canManage, retry: false }));
  const [adding, setAdding] = useState(false);
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);

  return (
    <div className="space-y-6">
      <div className="flex items-center justify-between">
        <h1 className="text-2xl font-semibold">{t("webhooks.title")}</h1>
        {canManage && !adding && endpoints.data && <Button onClick={() => setAdding(true)}>{t("webhooks.add")}</Button>}
      </div>
      <p className="max-w-3xl text-sm text-slate-600">
        {t("webhooks.intro")} {t("webhooks.docs")}
      </p>
      {me.error && <Alert>{errorMessage(me.error)}</Alert>}
      {me.data && !canManage && <Alert tone="info">{t("webhooks.readOnly")}</Alert>}
      {secret && <SecretPanel {...secret} onDone={() => setSecret(null)} />}
      {adding && (
        <Card title={t("webhooks.addTitle")}>
          <EndpointForm
            onDone={(created) => {
              setAdding(false);
              if (created) setSecret({ url: created.endpoint.url, secret: created.secret });
            }}
          />
        </Card>
      )}
      {canManage && endpoints.isPending && <p className="text-slate-500">{t("common.loading")}</p>}
      {endpoints.error && <Alert>{errorMessage(endpoints.error)}</Alert>}
      {endpoints.data?.length === 0 && !adding && (
        <Card>
          <p className="text-slate-600">{t("webhooks.empty")}</p>
        </Card>
      )}
      <ul className="space-y-4" aria-label={t("webhooks.title")}>
        {endpoints.data?.map((endpoint) => (
          <li key={endpoint.id}>
            <EndpointItem endpoint={endpoint} onSecret={(value) => setSecret({ url: endpoint.url, secret: value })} />
          </li>
        ))}
      </ul>
      {canManage && endpoints.data && <DeliveriesCard endpoints={endpoints.data} />}
    </div>
  );
}

/** The signing secret, shown once after create or rotate. */
function SecretPanel({ url, secret, onDone }: { url: string; secret: string; onDone: () => void }) {
  const { t } = useI18n();
  return (
    <Card title={t("webhooks.secretTitle")}>
      <p className="text-sm text-slate-600">{t("webhooks.secretOnce")}</p>
      <p className="mt-1 break-all text-xs text-slate-500">{url}</p>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <code className="break-all rounded bg-slate-100 px-2 py-1 font-mono text-sm" data-testid="webhook-secret">
          {secret}
        </code>
        <CopyTextButton text={secret} />
        <Button variant="ghost" onClick={onDone}>
          {t("webhooks.secretDone")}
        </Button>
      </div>
    </Card>
  );
}

function EventChoices({ value, onChange, name }: { value: WebhookEvent[]; onChange: (events: WebhookEvent[]) => void; name: string }) {
  const { t } = useI18n();
  return (
    <fieldset>
      <legend className="block text-sm font-medium text-slate-800">{t("webhooks.events")}</legend>
      <div className="mt-1 space-y-1">
        {WEBHOOK_EVENTS.map((event) => (
          <label key={event} className="flex items-center gap-2 text-sm text-slate-700">
            <input
              type="checkbox"
              name={name}
              value={event}
              checked={value.includes(event)}
              onChange={(e) => onChange(e.target.checked ? [...value, event] : value.filter((v) => v !== event))}
              className="h-4 w-4 rounded border-slate-300"
            />
            {t(`webhooks.event.${event}`)} <code className="text-xs text-slate-500">{event}</code>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function EndpointForm({ onDone }: { onDone: (created: Created | null) => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const refresh = useRefreshQueries();
  const [events, setEvents] = useState<WebhookEvent[]>(["conversation.escalated"]);
  const create = useMutation(
    trpc.webhook.create.mutationOptions({
      onSuccess: async (created) => {
        await refresh(trpc.webhook.list.queryKey());
        onDone(created);
      },
    }),
  );
  const err = create.error;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate({ url: String(new FormData(event.currentTarget).get("url") ?? ""), events });
  }

  return (
    <form onSubmit={submit} className="space-y-4" noValidate aria-label={t("webhooks.addTitle")}>
      {formError(err, FIELDS) && <Alert>{formError(err, FIELDS)}</Alert>}
      <TextField
        label={t("webhooks.url")}
        name="url"
        type="url"
        placeholder="https://hooks.example.com/kefu"
        hint={t("webhooks.urlHint")}
        required
        error={fieldError(err, "url")}
      />
      <EventChoices value={events} onChange={setEvents} name="events" />
      {fieldError(err, "events") && <p className="text-sm text-red-600">{fieldError(err, "events")}</p>}
      <FormActions label={t("webhooks.add")} pending={create.isPending} onCancel={() => onDone(null)} />
    </form>
  );
}

function EndpointItem({ endpoint, onSecret }: { endpoint: Endpoint; onSecret: (secret: string) => void }) {
  const { t, locale } = useI18n();
  const date = new Intl.DateTimeFormat(locale === "zh" ? "zh-CN" : "en", { dateStyle: "medium", timeStyle: "short" });
  const trpc = useTRPC();
  const refreshQueries = useRefreshQueries();
  const refresh = () => refreshQueries(trpc.webhook.list.queryKey(), trpc.webhook.listDeliveries.queryKey());
  const [events, setEvents] = useState<WebhookEvent[]>(endpoint.events as WebhookEvent[]);
  const update = useMutation(trpc.webhook.update.mutationOptions({ onSuccess: refresh }));
  const test = useMutation(trpc.webhook.sendTest.mutationOptions({ onSuccess: refresh }));
  const rotate = useMutation(trpc.webhook.rotateSecret.mutationOptions({ onSuccess: (result) => onSecret(result.secret) }));
  const remove = useMutation(trpc.webhook.delete.mutationOptions({ onSuccess: refresh }));
  const changed = [...events].sort().join() !== [...endpoint.events].sort().join();
  const error = update.error ?? test.error ?? rotate.error ?? remove.error;

  return (
    <Card
      title={<span className="break-all font-mono text-sm">{endpoint.url}</span>}
      actions={
        <div className="flex flex-wrap items-center gap-2">
          <label className="flex items-center gap-2 text-sm text-slate-700">
            <input
              type="checkbox"
              role="switch"
              aria-checked={endpoint.enabled}
              checked={endpoint.enabled}
              disabled={update.isPending}
              onChange={(e) => update.mutate({ id: endpoint.id, enabled: e.target.checked })}
              className="h-4 w-4 rounded border-slate-300"
            />
            {endpoint.enabled ? t("webhooks.enabled") : t("webhooks.disabled")}
          </label>
          <Button variant="secondary" disabled={test.isPending} onClick={() => test.mutate({ id: endpoint.id })}>
            {t("webhooks.sendTest")}
          </Button>
          <Button
            variant="secondary"
            disabled={rotate.isPending}
            onClick={() => {
              if (window.confirm(t("webhooks.rotateConfirm"))) rotate.mutate({ id: endpoint.id });
            }}
          >
            {t("webhooks.rotate")}
          </Button>
          <Button
            variant="danger"
            disabled={remove.isPending}
            onClick={() => {
              if (window.confirm(t("webhooks.deleteConfirm"))) remove.mutate({ id: endpoint.id });
            }}
          >
            {t("common.delete")}
          </Button>
        </div>
      }
    >
      {!endpoint.enabled && endpoint.disabledReason === "failing" && endpoint.disabledAt && endpoint.failingSince && (
        <div className="mb-4 flex flex-wrap items-center gap-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200" role="status">
          <p className="min-w-0 flex-1">
            {t("webhooks.autoDisabled")
              .replace("{disabledAt}", date.format(new Date(endpoint.disabledAt)))
              .replace("{failingSince}", date.format(new Date(endpoint.failingSince)))
              .replace("{count}", String(endpoint.failedDeliveries))}
          </p>
          <Button disabled={update.isPending} onClick={() => update.mutate({ id: endpoint.id, enabled: true })}>
            {t("webhooks.reenable")}
          </Button>
        </div>
      )}
      {endpoint.enabled && endpoint.failingSince && (
        <p className="mb-3 text-sm text-amber-800">{t("webhooks.failingSince").replace("{date}", date.format(new Date(endpoint.failingSince)))}</p>
      )}
      <EventChoices value={events} onChange={setEvents} name={`events-${endpoint.id}`} />
      {changed && (
        <Button className="mt-3" disabled={update.isPending || events.length === 0} onClick={() => update.mutate({ id: endpoint.id, events })}>
          {update.isPending ? t("common.saving") : t("webhooks.saveEvents")}
        </Button>
      )}
      <div className="mt-3 space-y-2" aria-live="polite">
        {test.isSuccess && <Alert tone="success">{t("webhooks.testQueued")}</Alert>}
        {error && <Alert>{errorMessage(error)}</Alert>}
      </div>
    </Card>
  );
}
