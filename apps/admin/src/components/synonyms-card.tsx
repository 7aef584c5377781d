"use client";
import { fillTemplate as fill, splitSynonymTerms, synonymKey } from "@kefu/domain";
import { Alert, Button, Card, TextAreaField } from "@kefu/ui";
import { useMutation, useQuery } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { type FormEvent, useState } from "react";
import { useI18n } from "~/lib/i18n";
import { useRefreshQueries } from "~/lib/refresh-queries";
import { errorMessage, useTRPC } from "~/lib/trpc";

type Translate = ReturnType<typeof useI18n>["t"];

/**
 * The workspace's own synonym sets (words its customers use for the same thing, the first the
 * main word), applied to every bot's knowledge and questions before the built-in sets, which are
 * shown read-only.
 */
export function SynonymsCard() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const refreshQueries = useRefreshQueries();
  const list = useQuery(trpc.synonym.list.queryOptions());
  // The playground's answers change with the sets.
  const refresh = () => refreshQueries(trpc.synonym.list.queryKey(), trpc.knowledge.playground.queryKey());
  const create = useMutation(trpc.synonym.create.mutationOptions({ onSuccess: refresh }));
  const update = useMutation(trpc.synonym.update.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.synonym.delete.mutationOptions({ onSuccess: refresh }));
  const [editingId, setEditingId] = useState<string | null>(null);
  const [added, setAdded] = useState(0);
  const sets = list.data?.sets ?? [];

  return (
    <Card title={t("synonyms.title")}>
      <p className="mb-1 text-sm text-slate-600">{t("synonyms.help")}</p>
      <p className="mb-3 text-xs text-slate-500">{list.data ? fill(t("synonyms.limits"), { sets: String(list.data.limits.sets), terms: String(list.data.limits.terms), length: String(list.data.limits.termLength) }) : null}</p>
      {list.error && <Alert>{errorMessage(list.error)}</Alert>}
      {remove.error && <Alert>{synonymError(t, remove.error)}</Alert>}
      {list.data && sets.length === 0 && <p className="text-sm text-slate-500">{t("synonyms.empty")}</p>}
      <ul className="divide-y divide-slate-100" aria-label={t("synonyms.own")}>
        {sets.map((set) =>
          editingId === set.id ? (
            <li key={set.id} className="py-2">
              <TermsForm
                label={t("synonyms.edit")}
                initial={set.terms.join(", ")}
                pending={update.isPending}
                error={update.error ? synonymError(t, update.error) : null}
                onSubmit={(terms) => update.mutate({ id: set.id, terms }, { onSuccess: () => setEditingId(null) })}
                onCancel={() => {
                  update.reset();
                  setEditingId(null);
                }}
              />
            </li>
          ) : (
            <li key={set.id} className="flex items-start justify-between gap-3 py-2">
              <Chips terms={set.terms} />
              <div className="flex shrink-0">
                <Button variant="ghost" aria-label={`${t("common.edit")}: ${set.terms.join(", ")}`} onClick={() => setEditingId(set.id)}>
                  {t("common.edit")}
                </Button>
                <Button variant="ghost" aria-label={`${t("common.delete")}: ${set.terms.join(", ")}`} disabled={remove.isPending} onClick={() => remove.mutate({ id: set.id })}>
                  {t("common.delete")}
                </Button>
              </div>
            </li>
          ),
        )}
      </ul>
      <div className="mt-3 border-t border-slate-100 pt-3">
        <TermsForm key={added} label={t("synonyms.add")} pending={create.isPending} error={create.error ? synonymError(t, create.error) : null} onSubmit={(terms) => create.mutate({ terms }, { onSuccess: () => setAdded((n) => n + 1) })} />
      </div>
      {list.data && (
        <details className="mt-4 text-sm">
          <summary className="cursor-pointer text-slate-700">{fill(t("synonyms.builtin"), { count: String(list.data.builtin.length) })}</summary>
          <p className="mt-2 text-xs text-slate-500">{t("synonyms.builtinHelp")}</p>
          <ul className="mt-2 max-h-80 space-y-1 overflow-y-auto rounded-md p-2 ring-1 ring-slate-200" aria-label={t("synonyms.builtinList")}>
            {list.data.builtin.map((set) => (
              <li key={set.join("|")}>
                <Chips terms={set} muted />
              </li>
            ))}
          </ul>
        </details>
      )}
    </Card>
  );
}

/** A set's words as chips, the main word first and marked. */
function Chips({ terms, muted = false }: { terms: readonly string[]; muted?: boolean }) {
  const { t } = useI18n();
  return (
    <div className="flex flex-wrap items-center gap-1.5">
      {terms.map((term, i) => (
        <span
          key={term}
          title={i === 0 ? t("synonyms.main") : undefined}
          className={
            i === 0
              ? `rounded-full px-2 py-0.5 text-xs font-medium ${muted ? "bg-slate-200 text-slate-800" : "bg-indigo-600 text-white"}`
              : `rounded-full px-2 py-0.5 text-xs ${muted ? "bg-slate-100 text-slate-600" : "bg-indigo-50 text-indigo-800"}`
          }
        >
          {term}
        </span>
      ))}
    </div>
  );
}

/** One box of words separated by commas, 、 or new lines; checked here for a word typed twice. */
function TermsForm(props: {
  label: string;
  initial?: string;
  pending: boolean;
  error: string | null;
  onSubmit: (terms: string[]) => void;
  onCancel?: () => void;
}) {
  const { t } = useI18n();
  const [text, setText] = useState(props.initial ?? "");
  const terms = splitSynonymTerms(text);
  const unique = new Set(terms.map(synonymKey)).size;
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    props.onSubmit(terms);
  }
  return (
    <form onSubmit={submit} noValidate aria-label={props.label} className="space-y-2">
      <TextAreaField
        label={props.label}
        name="terms"
        rows={2}
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={t("synonyms.placeholder")}
        hint={terms.length > 0 ? fill(t("synonyms.preview"), { main: terms[0]!, count: String(unique) }) : t("synonyms.separators")}
        error={props.error}
      />
      <div className="flex gap-2">
        <Button type="submit" disabled={props.pending || unique < 2}>
          {props.onCancel ? t("common.save") : t("synonyms.addButton")}
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

/** The API's error in the dashboard's language where it has a reason we word ourselves. */
function synonymError(t: Translate, error: unknown): string | null {
  if (error instanceof TRPCClientError) {
    const data = error.data as { reason?: string; details?: Record<string, string>; fieldErrors?: Record<string, string[]> | null } | undefined;
    if (data?.reason === "synonym_taken" && data.details) return fill(t("synonyms.taken"), { term: data.details.term ?? "", set: data.details.set ?? "" });
    if (data?.reason === "synonym_sets_full") return t("synonyms.full");
    const field = data?.fieldErrors && Object.values(data.fieldErrors).flat()[0];
    if (field) return field;
  }
  return errorMessage(error);
}
