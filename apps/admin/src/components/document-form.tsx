"use client";
import { type DocumentInput } from "@kefu/domain";
import { Alert, Button, TextAreaField, TextField } from "@kefu/ui";
import { type FormEvent } from "react";
import { useI18n } from "~/lib/i18n";
import { errorMessage, fieldError } from "~/lib/trpc";

/** Adds or replaces a Markdown document. */
export function DocumentForm(props: {
  label: string;
  initial?: DocumentInput;
  pending: boolean;
  error: unknown;
  onSubmit: (input: DocumentInput) => void;
  onCancel?: () => void;
}) {
  const { t } = useI18n();
  const err = props.error;
  const general = err && !["title", "content"].some((f) => fieldError(err, f)) ? errorMessage(err) : null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    props.onSubmit({ title: String(form.get("title") ?? ""), content: String(form.get("content") ?? "") });
  }

  return (
    <form onSubmit={submit} className="space-y-3 rounded-lg bg-slate-50 p-4" noValidate aria-label={props.label}>
      {general && <Alert>{general}</Alert>}
      <TextField label={t("knowledge.docTitle")} name="title" maxLength={200} defaultValue={props.initial?.title} error={fieldError(err, "title")} />
      <TextAreaField
        label={t("knowledge.docContent")}
        name="content"
        rows={props.initial ? 10 : 6}
        className="font-mono"
        defaultValue={props.initial?.content}
        error={fieldError(err, "content")}
      />
      <div className="flex gap-2">
        <Button type="submit" disabled={props.pending}>
          {props.pending ? t("common.saving") : props.label}
        </Button>
        {props.onCancel && (
          <Button type="button" variant="secondary" onClick={props.onCancel}>
            {t("common.cancel")}
          </Button>
        )}
      </div>
    </form>
  );
}
