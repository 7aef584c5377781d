"use client";
import { EMAIL_PATTERN } from "@kefu/domain/visitor";
import { textOnBrand } from "@kefu/ui/chat";
import { type Translate } from "@kefu/ui/i18n";
import { type FormEvent, useRef, useState } from "react";
import { type ChatOutput } from "~/lib/chat-client";

export type PrechatView = NonNullable<ChatOutput<"start">["prechat"]>;
type Field = PrechatView["fields"][number];

/** Errors the server words by code (domain PrechatAnswerError); the widget says them in the visitor's language. */
const ERROR_KEY = (code: string) => `prechat.error.${code}`;
const KNOWN_ERRORS = new Set(["required", "invalid_email", "invalid_phone", "too_long", "not_an_option", "invalid_text", "unknown_field"]);

// A first check in the browser, so an obvious slip is said at once; the server checks everything again.
function localCheck(fields: readonly Field[], values: Record<string, string>): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const value = (values[field.key] ?? "").trim();
    if (!value) {
      if (field.required) errors[field.key] = "required";
    } else if (field.kind === "email" && !EMAIL_PATTERN.test(value)) errors[field.key] = "invalid_email";
  }
  return errors;
}

/**
 * The bot's pre-chat form, shown in place of the message box until it is sent: each field labelled,
 * optional ones said so, errors tied to their field (aria-describedby) and announced, focus on the
 * first field to fix. `onSubmit` resolves to null when stored, the refused fields by code, or a message.
 */
export function PrechatForm({
  t,
  brandColor,
  fields,
  onSubmit,
}: {
  t: Translate;
  brandColor: string;
  fields: readonly Field[];
  onSubmit: (answers: Record<string, string>) => Promise<Record<string, string> | string | null>;
}) {
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const focusFirst = (refused: Record<string, string>) => {
    const first = fields.find((f) => refused[f.key]);
    if (first) formRef.current?.querySelector<HTMLElement>(`#kefu-prechat-${first.key}`)?.focus();
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (pending) return;
    setFailure(null);
    const local = localCheck(fields, values);
    setErrors(local);
    if (Object.keys(local).length > 0) return focusFirst(local);
    setPending(true);
    const answers = Object.fromEntries(fields.map((f) => [f.key, (values[f.key] ?? "").trim()]).filter(([, v]) => v !== ""));
    const result = await onSubmit(answers);
    setPending(false);
    if (result === null) return;
    if (typeof result === "string") return setFailure(result);
    setErrors(result);
    focusFirst(result);
  }

  const labelOf = (field: Field) => field.label ?? t(field.kind === "email" ? "prechat.email" : field.kind === "phone" ? "prechat.phone" : "prechat.name");
  const errorText = (code: string) => t(ERROR_KEY(KNOWN_ERRORS.has(code) ? code : "required") as Parameters<Translate>[0]);
  const inputClass = "mt-1 block w-full rounded-md bg-white px-2 py-1.5 text-sm text-slate-900 ring-1 ring-slate-300 focus:outline-none focus:ring-2 focus:ring-slate-600 aria-[invalid=true]:ring-red-600";
  const refused = Object.keys(errors).length > 0;

  return (
    <form
      ref={formRef}
      noValidate
      onSubmit={(e) => void submit(e)}
      aria-labelledby="kefu-prechat-title"
      aria-describedby="kefu-prechat-intro"
      className="space-y-3 rounded-lg bg-white p-3 text-sm ring-1 ring-slate-200"
      data-testid="prechat-form"
    >
      <div>
        <h2 id="kefu-prechat-title" className="font-semibold text-slate-900">
          {t("prechat.title")}
        </h2>
        <p id="kefu-prechat-intro" className="text-xs text-slate-600">
          {t("prechat.intro")}
        </p>
      </div>
      {(refused || failure) && (
        <p role="alert" className="rounded-md bg-red-50 px-2 py-1.5 text-xs text-red-700" data-testid="prechat-alert">
          {failure ?? t("prechat.errorSummary")}
        </p>
      )}
      {fields.map((field) => {
        const id = `kefu-prechat-${field.key}`;
        const error = errors[field.key];
        const common = {
          id,
          name: field.key,
          required: field.required,
          "aria-invalid": error ? true : undefined,
          "aria-describedby": error ? `${id}-error` : undefined,
          className: inputClass,
        } as const;
        return (
          <div key={field.key}>
            <label htmlFor={id} className="block text-xs font-medium text-slate-700">
              {labelOf(field)}
              {!field.required && <span className="ml-1 font-normal text-slate-500">{t("prechat.optional")}</span>}
            </label>
            {field.kind === "select" ? (
              <select {...common} value={values[field.key] ?? ""} onChange={(e) => setValues((v) => ({ ...v, [field.key]: e.currentTarget.value }))}>
                <option value="">{t("prechat.choose")}</option>
                {field.options.map((option) => (
                  <option key={option} value={option}>
                    {option}
                  </option>
                ))}
              </select>
            ) : (
              <input
                {...common}
                type={field.kind === "email" ? "email" : field.kind === "phone" ? "tel" : "text"}
                autoComplete={field.kind === "name" ? "name" : field.kind === "email" ? "email" : field.kind === "phone" ? "tel" : "off"}
                maxLength={field.kind === "email" ? 254 : 200}
                value={values[field.key] ?? ""}
                onInput={(e) => setValues((v) => ({ ...v, [field.key]: (e.target as HTMLInputElement).value }))}
              />
            )}
            {error && (
              <p id={`${id}-error`} className="mt-1 text-xs text-red-700" data-testid={`prechat-error-${field.key}`}>
                {errorText(error)}
              </p>
            )}
          </div>
        );
      })}
      <button
        type="submit"
        disabled={pending}
        className={`w-full rounded-md px-3 py-2 text-sm font-semibold disabled:opacity-50 ${textOnBrand(brandColor) === "light" ? "text-white" : "text-slate-900"}`}
        style={{ backgroundColor: brandColor }}
      >
        {pending ? t("prechat.sending") : t("prechat.submit")}
      </button>
    </form>
  );
}
