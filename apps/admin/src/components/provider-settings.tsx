"use client";
import { type AdminRouter } from "@kefu/api";
import { type ProviderKind } from "@kefu/domain";
import { Alert, Button, Card, SelectField, TextField } from "@kefu/ui";
import { useMutation, useQuery } from "@tanstack/react-query";
import { type inferRouterOutputs } from "@trpc/server";
import { type FormEvent, useState } from "react";
import { FormActions } from "~/components/form-actions";
import { useI18n } from "~/lib/i18n";
import { useRefreshQueries } from "~/lib/refresh-queries";
import { errorMessage, fieldError, formError, useTRPC } from "~/lib/trpc";

type Provider = inferRouterOutputs<AdminRouter>["provider"]["list"][number];

const FIELDS = ["name", "kind", "baseUrl", "apiKey"] as const;

/** AI providers of the workspace: add, edit, test and delete. The API key is write-only. */
export function ProviderSettings() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const providers = useQuery(trpc.provider.list.queryOptions(undefined, { retry: false }));
  const [adding, setAdding] = useState(false);

  return (
    <div className="space-y-6">
      <div className="flex items-center justify-between">
        <h1 className="text-2xl font-semibold">{t("providers.title")}</h1>
        {!adding && providers.data && <Button onClick={() => setAdding(true)}>{t("providers.add")}</Button>}
      </div>
      <p className="max-w-3xl text-sm text-slate-600">{t("providers.intro")}</p>
      {adding && (
        <Card title={t("providers.addTitle")}>
          <ProviderForm onDone={() => setAdding(false)} />
        </Card>
      )}
      {providers.isPending && <p className="text-slate-500">{t("common.loading")}</p>}
      {providers.error && <Alert>{errorMessage(providers.error)}</Alert>}
      {providers.data?.length === 0 && !adding && (
        <Card>
          <p className="text-slate-600">{t("providers.empty")}</p>
        </Card>
      )}
      <ul className="space-y-4" aria-label={t("providers.title")}>
        {providers.data?.map((provider) => (
          <li key={provider.id}>
            <ProviderItem provider={provider} />
          </li>
        ))}
      </ul>
    </div>
  );
}

function ProviderItem({ provider }: { provider: Provider }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const refresh = useRefreshQueries();
  const [editing, setEditing] = useState(false);
  const test = useMutation(trpc.provider.test.mutationOptions());
  const remove = useMutation(
    trpc.provider.delete.mutationOptions({
      onSuccess: () => refresh(trpc.provider.list.queryKey()),
    }),
  );

  if (editing) {
    return (
      <Card title={t("providers.editTitle")}>
        <ProviderForm initial={provider} onDone={() => setEditing(false)} />
      </Card>
    );
  }
  return (
    <Card
      title={provider.name}
      actions={
        <div className="flex gap-2">
          <Button variant="secondary" disabled={test.isPending} onClick={() => test.mutate({ id: provider.id })}>
            {test.isPending ? t("providers.testing") : t("providers.test")}
          </Button>
          <Button variant="secondary" onClick={() => setEditing(true)}>
            {t("common.edit")}
          </Button>
          <Button
            variant="danger"
            disabled={remove.isPending}
            onClick={() => {
              if (window.confirm(t("providers.deleteConfirm"))) remove.mutate({ id: provider.id });
            }}
          >
            {t("common.delete")}
          </Button>
        </div>
      }
    >
      <dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
        <dt className="text-slate-500">{t("providers.kind")}</dt>
        <dd>{t(`providers.kind.${provider.kind}`)}</dd>
        <dt className="text-slate-500">{t("providers.baseUrl")}</dt>
        <dd className="break-all font-mono text-xs leading-5">{provider.baseUrl}</dd>
        <dt className="text-slate-500">{t("providers.apiKey")}</dt>
        <dd>{provider.hasKey ? t("providers.hasKey") : t("providers.noKey")}</dd>
      </dl>
      <div className="mt-3 space-y-2" aria-live="polite">
        {test.data && <Alert tone="success">{t("providers.testOk").replace("{count}", String(test.data.models.length))}</Alert>}
        {test.error && <Alert>{errorMessage(test.error)}</Alert>}
        {remove.error && <Alert>{errorMessage(remove.error)}</Alert>}
      </div>
    </Card>
  );
}

function ProviderForm({ initial, onDone }: { initial?: Provider; onDone: () => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const refresh = useRefreshQueries();
  const [kind, setKind] = useState<ProviderKind>(initial?.kind ?? "OPENAI_COMPATIBLE");
  const onSuccess = async () => {
    await refresh(trpc.provider.list.queryKey());
    onDone();
  };
  const create = useMutation(trpc.provider.create.mutationOptions({ onSuccess }));
  const update = useMutation(trpc.provider.update.mutationOptions({ onSuccess }));
  const mutation = initial ? update : create;
  const err = mutation.error;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const fields = {
      name: String(form.get("name") ?? ""),
      kind,
      baseUrl: String(form.get("baseUrl") ?? ""),
      apiKey: String(form.get("apiKey") ?? ""),
    };
    if (initial) update.mutate({ id: initial.id, ...fields, clearApiKey: form.get("clearApiKey") === "on" });
    else create.mutate(fields);
  }

  const label = initial ? t("common.save") : t("providers.add");
  return (
    <form onSubmit={submit} className="space-y-4" noValidate aria-label={initial ? t("providers.editTitle") : t("providers.addTitle")}>
      {formError(err, FIELDS) && <Alert>{formError(err, FIELDS)}</Alert>}
      <TextField label={t("providers.name")} name="name" defaultValue={initial?.name} maxLength={80} required error={fieldError(err, "name")} />
      <SelectField
        label={t("providers.kind")}
        value={kind}
        onChange={(e) => setKind(e.target.value === "OLLAMA" ? "OLLAMA" : "OPENAI_COMPATIBLE")}
        className="w-fit"
      >
        <option value="OPENAI_COMPATIBLE">{t("providers.kind.OPENAI_COMPATIBLE")}</option>
        <option value="OLLAMA">{t("providers.kind.OLLAMA")}</option>
      </SelectField>
      <TextField
        label={t("providers.baseUrl")}
        name="baseUrl"
        type="url"
        defaultValue={initial?.baseUrl}
        placeholder={kind === "OLLAMA" ? "http://localhost:11434" : "https://api.openai.com/v1"}
        hint={t(`providers.baseUrlHint.${kind}`)}
        required
        error={fieldError(err, "baseUrl")}
      />
      <TextField
        label={t("providers.apiKey")}
        name="apiKey"
        type="password"
        autoComplete="off"
        hint={initial?.hasKey ? t("providers.apiKeyHintKeep") : t("providers.apiKeyHintNew")}
        error={fieldError(err, "apiKey")}
      />
      {initial?.hasKey && (
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <input type="checkbox" name="clearApiKey" className="h-4 w-4 rounded border-slate-300" />
          {t("providers.clearKey")}
        </label>
      )}
      <FormActions label={label} pending={mutation.isPending} onCancel={onDone} />
    </form>
  );
}
