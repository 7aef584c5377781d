"use client";
import { type FaqInput } from "@kefu/domain";
import { Alert, TextAreaField, TextField } from "@kefu/ui";
import { type FormEvent } from "react";
import { useI18n } from "~/lib/i18n";
import { FormActions } from "~/components/form-actions";
import { fieldError, formError } from "~/lib/trpc";

/** Adds or edits an FAQ entry: question, other phrasings (one per line), answer. */
export function FaqForm(props: {
  label: string;
  initial?: FaqInput;
  pending: boolean;
  error: unknown;
  onSubmit: (input: FaqInput) => void;
  onCancel?: () => void;
}) {
  const { t } = useI18n();
  const err = props.error;
  const general = formError(err, ["question", "answer", "alternatives"]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    props.onSubmit({
      question: String(form.get("question") ?? ""),
      alternatives: String(form.get("alternatives") ?? "")
        .split("\n")
        .map((line) => line.trim())
        .filter(Boolean),
      answer: String(form.get("answer") ?? ""),
    });
  }

  return (
    <form onSubmit={submit} className="space-y-3 rounded-lg bg-slate-50 p-4" noValidate aria-label={props.label}>
      {general && <Alert>{general}</Alert>}
      <TextField label={t("knowledge.question")} name="question" maxLength={500} defaultValue={props.initial?.question} error={fieldError(err, "question")} />
      <TextAreaField
        label={t("knowledge.alternatives")}
        name="alternatives"
        rows={2}
        defaultValue={props.initial?.alternatives.join("\n")}
        error={fieldError(err, "alternatives")}
      />
      <TextAreaField label={t("knowledge.answer")} name="answer" rows={3} defaultValue={props.initial?.answer} error={fieldError(err, "answer")} />
      <FormActions label={props.label} pending={props.pending} onCancel={props.onCancel} />
    </form>
  );
}
