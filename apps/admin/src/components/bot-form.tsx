"use client";
import { type BotInput } from "@kefu/domain";
import { Alert, SelectField, TextAreaField, TextField } from "@kefu/ui";
import { translator } from "@kefu/ui/i18n";
import { type FormEvent, useState } from "react";
import { useI18n } from "~/lib/i18n";
import { FormActions } from "~/components/form-actions";
import { fieldError, formError } from "~/lib/trpc";

export function BotForm(props: {
  initial?: Partial<BotInput>;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  saved?: boolean;
  onSubmit: (input: BotInput) => void;
  onCancel?: () => void;
}) {
  const { t, locale } = useI18n();
  const [color, setColor] = useState(props.initial?.brandColor ?? "#4f46e5");
  const [language, setLanguage] = useState<"en" | "zh">(props.initial?.language ?? (locale === "zh" ? "zh" : "en"));
  // The greeting visitors read is in the bot's language, not the dashboard's: an untouched default
  // follows the language chosen.
  const [greeting, setGreeting] = useState(props.initial?.greeting ?? defaultGreeting(language));
  function chooseLanguage(next: "en" | "zh") {
    if (greeting === defaultGreeting("en") || greeting === defaultGreeting("zh")) setGreeting(defaultGreeting(next));
    setLanguage(next);
  }
  const err = props.error;
  const fields = ["name", "greeting", "instructions", "language", "brandColor"];
  const generalError = formError(err, fields);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    props.onSubmit({
      name: String(form.get("name") ?? ""),
      greeting: String(form.get("greeting") ?? ""),
      instructions: String(form.get("instructions") ?? ""),
      language: form.get("language") === "zh" ? "zh" : "en",
      brandColor: color,
    });
  }

  return (
    <form onSubmit={submit} className="space-y-4" noValidate aria-label={props.submitLabel}>
      {generalError && <Alert>{generalError}</Alert>}
      <TextField label={t("bots.name")} name="name" defaultValue={props.initial?.name} maxLength={80} required error={fieldError(err, "name")} />
      <TextAreaField
        label={t("bots.greeting")}
        name="greeting"
        rows={2}
        value={greeting}
        onChange={(e) => setGreeting(e.target.value)}
        error={fieldError(err, "greeting")}
      />
      <TextAreaField
        label={t("bots.instructions")}
        name="instructions"
        rows={3}
        defaultValue={props.initial?.instructions}
        error={fieldError(err, "instructions")}
      />
      <div className="flex flex-wrap gap-6">
        <SelectField label={t("bots.language")} name="language" value={language} onChange={(e) => chooseLanguage(e.target.value === "zh" ? "zh" : "en")}>
          <option value="en">{t("bots.lang.en")}</option>
          <option value="zh">{t("bots.lang.zh")}</option>
        </SelectField>
        <div>
          <label htmlFor="bot-color" className="block text-sm font-medium text-slate-800">
            {t("bots.brandColor")}
          </label>
          <div className="mt-1 flex items-center gap-2">
            <input id="bot-color" type="color" value={color} onChange={(e) => setColor(e.target.value)} className="h-9 w-12 rounded" />
            <input
              aria-label={`${t("bots.brandColor")} (hex)`}
              value={color}
              onChange={(e) => setColor(e.target.value)}
              className="w-28 rounded-md border-0 px-2 py-2 font-mono text-sm ring-1 ring-inset ring-slate-300"
            />
          </div>
          {fieldError(err, "brandColor") && <p className="mt-1 text-sm text-red-600">{fieldError(err, "brandColor")}</p>}
        </div>
      </div>
      <FormActions label={props.submitLabel} pending={props.pending} onCancel={props.onCancel}>
        {props.saved && <span role="status" className="text-sm text-emerald-700">{t("common.saved")}</span>}
      </FormActions>
    </form>
  );
}

const defaultGreeting = (language: "en" | "zh") => translator(language)("bots.defaultGreeting");
