"use client";
import { fillTemplate as fill, type FaqInput, MAX_FAQ_PHRASINGS, phrasingKey } from "@kefu/domain";
import { Alert, TextAreaField, TextField } from "@kefu/ui";
import { type FormEvent, useMemo, useState } from "react";
import { useI18n } from "~/lib/i18n";
import { FormActions } from "~/components/form-actions";
import { fieldError, formError } from "~/lib/trpc";

/** Lines shown of the phrasings box before it scrolls. */
const MAX_ROWS = 12;
/** Phrasings past which a "find" box helps (imported intents have hundreds). */
const FIND_FROM = 20;

/**
 * Adds or edits an FAQ entry: question, other phrasings (one per line), answer. An entry may have
 * up to 1,000 phrasings: the box grows to a dozen lines and scrolls, counts them live, says how
 * many repeats are saved once, and has a find box that lists the matching lines.
 */
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
  const [alternatives, setAlternatives] = useState(props.initial?.alternatives.join("\n") ?? "");
  const [find, setFind] = useState("");
  const lines = useMemo(() => alternatives.split("\n").map((line) => line.trim()), [alternatives]);
  const filled = lines.filter(Boolean);
  const repeats = filled.length - new Set(filled.map(phrasingKey)).size;
  const count = filled.length + 1;
  const matches = useMemo(() => {
    const q = find.trim().toLowerCase();
    return q ? lines.flatMap((line, i) => (line.toLowerCase().includes(q) ? [{ line: i + 1, text: line }] : [])) : [];
  }, [lines, find]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    props.onSubmit({ question: String(form.get("question") ?? ""), alternatives: filled, answer: String(form.get("answer") ?? "") });
  }

  return (
    <form onSubmit={submit} className="space-y-3 rounded-lg bg-slate-50 p-4" noValidate aria-label={props.label}>
      {general && <Alert>{general}</Alert>}
      <TextField label={t("knowledge.question")} name="question" maxLength={500} defaultValue={props.initial?.question} error={fieldError(err, "question")} />
      <TextAreaField
        label={t("knowledge.alternatives")}
        name="alternatives"
        rows={Math.min(MAX_ROWS, Math.max(2, lines.length))}
        value={alternatives}
        onChange={(e) => setAlternatives(e.currentTarget.value)}
        hint={[
          fill(t("faq.phrasingCount"), { count: count.toLocaleString(), max: MAX_FAQ_PHRASINGS.toLocaleString() }),
          repeats > 0 ? fill(t("faq.phrasingDuplicates"), { count: repeats }) : "",
        ].join(" ")}
        error={count > MAX_FAQ_PHRASINGS ? fill(t("faq.phrasingTooMany"), { max: MAX_FAQ_PHRASINGS.toLocaleString() }) : fieldError(err, "alternatives")}
      />
      {filled.length > FIND_FROM && (
        <div className="space-y-1">
          <TextField label={t("faq.findPhrasing")} name="find-phrasing" value={find} onChange={(e) => setFind(e.currentTarget.value)} />
          {find.trim() && (
            <div role="status" className="max-h-40 overflow-auto text-xs text-slate-600">
              <p>{fill(t("faq.findResults"), { count: matches.length })}</p>
              <ul>
                {matches.slice(0, 50).map((m) => (
                  <li key={m.line}>
                    <span className="mr-2 tabular-nums text-slate-500">{m.line}</span>
                    {m.text}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>
      )}
      <TextAreaField label={t("knowledge.answer")} name="answer" rows={3} defaultValue={props.initial?.answer} error={fieldError(err, "answer")} />
      <FormActions label={props.label} pending={props.pending} onCancel={props.onCancel} />
    </form>
  );
}
