"use client";
import { Alert, Button, Card, TextAreaField, TextField } from "@kefu/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent } from "react";
import { useI18n } from "~/lib/i18n";
import { errorMessage, fieldError, useTRPC } from "~/lib/trpc";

export function KnowledgePanel({ botId }: { botId: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const sources = useQuery(trpc.knowledge.list.queryOptions({ id: botId }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.knowledge.list.queryKey({ id: botId }) });
  const addFaq = useMutation(trpc.knowledge.addFaq.mutationOptions({ onSuccess: refresh }));
  const addDoc = useMutation(trpc.knowledge.addDocument.mutationOptions({ onSuccess: refresh }));
  const importUrl = useMutation(trpc.knowledge.importUrl.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.knowledge.delete.mutationOptions({ onSuccess: refresh }));

  function submitFaq(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formEl = event.currentTarget;
    const form = new FormData(formEl);
    addFaq.mutate(
      {
        botId,
        question: String(form.get("question") ?? ""),
        alternatives: String(form.get("alternatives") ?? "")
          .split("\n")
          .map((line) => line.trim())
          .filter(Boolean),
        answer: String(form.get("answer") ?? ""),
      },
      { onSuccess: () => formEl.reset() },
    );
  }

  function submitDoc(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formEl = event.currentTarget;
    const form = new FormData(formEl);
    addDoc.mutate(
      { botId, title: String(form.get("title") ?? ""), content: String(form.get("content") ?? "") },
      { onSuccess: () => formEl.reset() },
    );
  }

  function submitUrl(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formEl = event.currentTarget;
    const form = new FormData(formEl);
    importUrl.mutate({ botId, url: String(form.get("url") ?? "") }, { onSuccess: () => formEl.reset() });
  }

  const faqs = sources.data?.filter((s) => s.kind === "FAQ") ?? [];
  const docs = sources.data?.filter((s) => s.kind !== "FAQ") ?? [];
  const faqGeneral = addFaq.error && !["question", "answer", "alternatives"].some((f) => fieldError(addFaq.error, f));
  const docGeneral = addDoc.error && !["title", "content"].some((f) => fieldError(addDoc.error, f));

  return (
    <Card title={t("bots.knowledge")}>
      {sources.data?.length === 0 && <p className="mb-4 text-sm text-slate-600">{t("knowledge.empty")}</p>}
      {remove.error && <Alert>{errorMessage(remove.error)}</Alert>}
      <div className="grid gap-8 lg:grid-cols-2">
        <div className="space-y-4">
          <h3 className="font-semibold">{t("knowledge.faq")}</h3>
          <ul className="divide-y divide-slate-100" aria-label={t("knowledge.faq")}>
            {faqs.map((faq) => (
              <li key={faq.id} className="flex items-start justify-between gap-3 py-2 text-sm">
                <div>
                  <p className="font-medium">{faq.question}</p>
                  {faq.alternatives.length > 0 && <p className="text-xs text-slate-500">{faq.alternatives.join(" · ")}</p>}
                  <p className="mt-1 line-clamp-2 text-slate-600">{faq.answer}</p>
                </div>
                <Button variant="ghost" aria-label={`${t("common.delete")} ${faq.title}`} onClick={() => remove.mutate({ id: faq.id })}>
                  {t("common.delete")}
                </Button>
              </li>
            ))}
          </ul>
          <form onSubmit={submitFaq} className="space-y-3 rounded-lg bg-slate-50 p-4" noValidate aria-label={t("knowledge.addFaq")}>
            {faqGeneral && <Alert>{errorMessage(addFaq.error)}</Alert>}
            <TextField label={t("knowledge.question")} name="question" maxLength={500} error={fieldError(addFaq.error, "question")} />
            <TextAreaField label={t("knowledge.alternatives")} name="alternatives" rows={2} error={fieldError(addFaq.error, "alternatives")} />
            <TextAreaField label={t("knowledge.answer")} name="answer" rows={3} error={fieldError(addFaq.error, "answer")} />
            <Button type="submit" disabled={addFaq.isPending}>
              {addFaq.isPending ? t("common.saving") : t("knowledge.addFaq")}
            </Button>
          </form>
        </div>
        <div className="space-y-4">
          <h3 className="font-semibold">{t("knowledge.documents")}</h3>
          <ul className="divide-y divide-slate-100" aria-label={t("knowledge.documents")}>
            {docs.map((doc) => (
              <li key={doc.id} className="flex items-center justify-between gap-3 py-2 text-sm">
                <div>
                  <p className="font-medium">{doc.title}</p>
                  {doc.url && <p className="truncate text-xs text-slate-500">{doc.url}</p>}
                  <p className="text-xs text-slate-500">
                    {t(`knowledge.status.${doc.status}`)} · {doc._count.chunks} {t("knowledge.chunks")}
                  </p>
                </div>
                <Button variant="ghost" aria-label={`${t("common.delete")} ${doc.title}`} onClick={() => remove.mutate({ id: doc.id })}>
                  {t("common.delete")}
                </Button>
              </li>
            ))}
          </ul>
          <form onSubmit={submitDoc} className="space-y-3 rounded-lg bg-slate-50 p-4" noValidate aria-label={t("knowledge.addDocument")}>
            {docGeneral && <Alert>{errorMessage(addDoc.error)}</Alert>}
            <TextField label={t("knowledge.docTitle")} name="title" maxLength={200} error={fieldError(addDoc.error, "title")} />
            <TextAreaField label={t("knowledge.docContent")} name="content" rows={6} className="font-mono" error={fieldError(addDoc.error, "content")} />
            <Button type="submit" disabled={addDoc.isPending}>
              {addDoc.isPending ? t("common.saving") : t("knowledge.addDocument")}
            </Button>
          </form>
          <form onSubmit={submitUrl} className="space-y-3 rounded-lg bg-slate-50 p-4" noValidate aria-label={t("knowledge.importUrl")}>
            <TextField
              label={t("knowledge.url")}
              name="url"
              type="url"
              placeholder="https://help.example.com/shipping"
              hint={t("knowledge.urlHint")}
              error={errorMessage(importUrl.error)}
            />
            <Button type="submit" disabled={importUrl.isPending}>
              {importUrl.isPending ? t("common.loading") : t("knowledge.importUrl")}
            </Button>
          </form>
        </div>
      </div>
    </Card>
  );
}
