"use client";
import { fillTemplate, MAX_PRECHAT_CUSTOM_FIELDS, PRECHAT_FIELD_MODES, type PrechatFieldMode, type PrechatForm } from "@kefu/domain";
import { Alert, Button, Card, SelectField, TextAreaField, TextField } from "@kefu/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { FormActions } from "~/components/form-actions";
import { useI18n } from "~/lib/i18n";
import { errorMessage, fieldError, useTRPC } from "~/lib/trpc";

const BUILTIN = [
  { key: "name", label: "prechat.name" },
  { key: "email", label: "prechat.email" },
  { key: "phone", label: "prechat.phone" },
] as const;

/** A custom field as edited: the choices as typed, one per line (turned into a list on save). */
interface DraftField {
  key: string;
  label: string;
  type: "text" | "select";
  options: string;
  required: boolean;
}

const toDraft = (form: PrechatForm): DraftField[] => form.customFields.map((f) => ({ ...f, options: f.options.join("\n") }));

/**
 * The bot's "Pre-chat form" card (Widget tab): whether visitors fill a form before their first
 * message, which of name, e-mail and phone it asks (and whether they must), and up to five fields
 * of the tenant's own, whose keys handoff rules read as attributes.
 */
export function PrechatFormCard({ botId }: { botId: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const saved = useQuery(trpc.prechatForm.get.queryOptions({ id: botId }));
  const save = useMutation(
    trpc.prechatForm.update.mutationOptions({ onSuccess: (form) => queryClient.setQueryData(trpc.prechatForm.get.queryKey({ id: botId }), form) }),
  );
  const [draft, setDraft] = useState<{ form: Omit<PrechatForm, "customFields">; fields: DraftField[] } | null>(null);
  if (!saved.data) return null;
  const current = draft ?? { form: saved.data, fields: toDraft(saved.data) };
  const edit = (change: Partial<Omit<PrechatForm, "customFields">>) => setDraft({ ...current, form: { ...current.form, ...change } });
  const editField = (i: number, change: Partial<DraftField>) => setDraft({ ...current, fields: current.fields.map((f, j) => (j === i ? { ...f, ...change } : f)) });

  function submit(event: FormEvent) {
    event.preventDefault();
    const customFields = current.fields.map((f) => ({
      key: f.key.trim(),
      label: f.label.trim(),
      type: f.type,
      options: f.type === "select" ? f.options.split("\n").map((o) => o.trim()).filter(Boolean) : [],
      required: f.required,
    }));
    const { enabled, name, email, phone } = current.form;
    // Saved: the form shows what the server kept (trimmed, a text field's choices dropped).
    save.mutate({ id: botId, form: { enabled, name, email, phone, customFields } }, { onSuccess: () => setDraft(null) });
  }

  const error = (path: string) => fieldError(save.error, `form.${path}`);
  const known = ["form.enabled", ...current.fields.flatMap((_, i) => ["key", "label", "options"].map((p) => `form.customFields.${i}.${p}`))];
  const otherError = save.error && !known.some((k) => fieldError(save.error, k)) ? errorMessage(save.error) : null;
  return (
    <Card title={t("prechat.settings.title")}>
      <p className="mb-4 text-sm text-slate-600">{t("prechat.settings.help")}</p>
      <form onSubmit={submit} className="space-y-4" noValidate aria-label={t("prechat.settings.title")} data-testid="prechat-settings">
        {otherError && <Alert>{otherError}</Alert>}
        <div>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={current.form.enabled} onChange={(e) => edit({ enabled: e.target.checked })} />
            {t("prechat.settings.enabled")}
          </label>
          {error("enabled") && (
            <p role="alert" className="ml-6 mt-1 text-sm text-red-600">
              {error("enabled")}
            </p>
          )}
        </div>
        <div className="grid gap-3 sm:grid-cols-3">
          {BUILTIN.map(({ key, label }) => (
            <SelectField
              key={key}
              label={t(label)}
              value={current.form[key]}
              onChange={(e) => edit({ [key]: e.target.value as PrechatFieldMode })}
              data-testid={`prechat-mode-${key}`}
            >
              {PRECHAT_FIELD_MODES.map((mode) => (
                <option key={mode} value={mode}>
                  {t(`prechat.settings.mode.${mode}`)}
                </option>
              ))}
            </SelectField>
          ))}
        </div>
        <fieldset className="space-y-3">
          <legend className="text-sm font-medium text-slate-800">{t("prechat.settings.custom")}</legend>
          <p className="text-xs text-slate-500">{t("prechat.settings.customHelp")}</p>
          {current.fields.map((field, i) => (
            <div key={i} className="space-y-3 rounded-lg p-3 ring-1 ring-slate-200" data-testid="prechat-custom-field">
              <div className="grid gap-3 sm:grid-cols-3">
                <TextField label={t("prechat.settings.label")} value={field.label} maxLength={80} onChange={(e) => editField(i, { label: e.target.value })} error={error(`customFields.${i}.label`)} />
                <TextField
                  label={t("prechat.settings.key")}
                  value={field.key}
                  maxLength={32}
                  className="font-mono"
                  placeholder="plan"
                  onChange={(e) => editField(i, { key: e.target.value })}
                  error={error(`customFields.${i}.key`)}
                />
                <SelectField label={t("prechat.settings.type")} value={field.type} onChange={(e) => editField(i, { type: e.target.value as DraftField["type"] })}>
                  <option value="text">{t("prechat.settings.type.text")}</option>
                  <option value="select">{t("prechat.settings.type.select")}</option>
                </SelectField>
              </div>
              {field.type === "select" && (
                <TextAreaField
                  label={t("prechat.settings.options")}
                  rows={3}
                  value={field.options}
                  onChange={(e) => editField(i, { options: e.target.value })}
                  error={error(`customFields.${i}.options`)}
                />
              )}
              <div className="flex items-center justify-between gap-3">
                <label className="flex items-center gap-2 text-sm">
                  <input type="checkbox" checked={field.required} onChange={(e) => editField(i, { required: e.target.checked })} />
                  {t("prechat.settings.required")}
                </label>
                <Button type="button" variant="secondary" onClick={() => setDraft({ ...current, fields: current.fields.filter((_, j) => j !== i) })}>
                  {fillTemplate(t("prechat.settings.remove"), { n: i + 1 })}
                </Button>
              </div>
            </div>
          ))}
          {current.fields.length < MAX_PRECHAT_CUSTOM_FIELDS && (
            <Button
              type="button"
              variant="secondary"
              onClick={() => setDraft({ ...current, fields: [...current.fields, { key: "", label: "", type: "text", options: "", required: false }] })}
            >
              {t("prechat.settings.add")}
            </Button>
          )}
        </fieldset>
        <FormActions label={t("common.save")} pending={save.isPending} saved={save.isSuccess && draft === null} />
      </form>
    </Card>
  );
}
