"use client";
import { fillTemplate as fill } from "@kefu/domain";
import { Alert, Button, SelectField, TextField } from "@kefu/ui";
import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useI18n } from "~/lib/i18n";
import { useTRPC } from "~/lib/trpc";

/** A question and the knowledge that should answer it, picked from the bot's entries and documents (none: the bot should not answer). */
export function CaseForm(props: {
  botId: string;
  initial: { question: string; expectedSourceIds: string[] };
  submitLabel: string;
  pending: boolean;
  error: string | null;
  onSubmit: (value: { question: string; expectedSourceIds: string[] }) => void;
  onCancel?: () => void;
}) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const sources = useQuery(trpc.knowledge.list.queryOptions({ id: props.botId }));
  const [question, setQuestion] = useState(props.initial.question);
  const [expected, setExpected] = useState<string[]>(props.initial.expectedSourceIds);
  const [pick, setPick] = useState("");
  const titles = new Map(sources.data?.map((s) => [s.id, s.title]) ?? []);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    props.onSubmit({ question, expectedSourceIds: expected });
  };

  return (
    <form onSubmit={submit} className="space-y-2" aria-label={props.submitLabel}>
      <TextField label={t("tests.question")} placeholder={t("tests.questionPlaceholder")} value={question} onChange={(e) => setQuestion(e.target.value)} required maxLength={1000} />
      <div>
        <p className="text-sm font-medium text-slate-700">{t("tests.expected")}</p>
        {expected.length === 0 ? (
          <p className="text-xs text-slate-500">{t("tests.expectNoAnswer")}</p>
        ) : (
          <ul className="mt-1 flex flex-wrap gap-1">
            {expected.map((id) => {
              const title = titles.get(id) ?? t("tests.deletedSource");
              return (
                <li key={id} className="flex items-center gap-1 rounded-full bg-slate-100 px-2 py-0.5 text-xs">
                  {title}
                  <button type="button" aria-label={fill(t("tests.removeSource"), { title })} className="text-slate-500 hover:text-red-600" onClick={() => setExpected(expected.filter((x) => x !== id))}>
                    ×
                  </button>
                </li>
              );
            })}
          </ul>
        )}
        <div className="mt-2 flex items-end gap-2">
          <SelectField label={t("tests.pickSource")} compact value={pick} onChange={(e) => setPick(e.target.value)}>
            <option value="">{t("tests.pickSource")}</option>
            {sources.data
              ?.filter((s) => !expected.includes(s.id))
              .map((s) => (
                <option key={s.id} value={s.id}>
                  {s.title}
                </option>
              ))}
          </SelectField>
          <Button
            type="button"
            variant="secondary"
            disabled={!pick}
            onClick={() => {
              setExpected([...expected, pick]);
              setPick("");
            }}
          >
            {t("tests.addSource")}
          </Button>
        </div>
      </div>
      {props.error && <Alert>{props.error}</Alert>}
      <div className="flex gap-2">
        <Button type="submit" disabled={props.pending || !question.trim()}>
          {props.submitLabel}
        </Button>
        {props.onCancel && (
          <Button type="button" variant="ghost" onClick={props.onCancel}>
            {t("common.cancel")}
          </Button>
        )}
      </div>
    </form>
  );
}
