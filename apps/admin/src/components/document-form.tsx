"use client";
import { type DocumentInput } from "@kefu/domain";
import { Alert, TextAreaField, TextField } from "@kefu/ui";
import { type FormEvent } from "react";
import { useI18n } from "~/lib/i18n";
import { FormActions } from "~/components/form-actions";
import { fieldError, formError } from "~/lib/trpc";

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
  const general = formError(err, ["title", "content"]);

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
      <FormActions label={props.label} pending={props.pending} onCancel={props.onCancel} />
    </form>
  );
}
