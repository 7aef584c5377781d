"use client";
import { fillTemplate } from "@kefu/domain";
import { Alert, Button, Card, TextField } from "@kefu/ui";
import { useMutation, useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { DocumentForm } from "~/components/document-form";
import { FaqForm } from "~/components/faq-form";
import { FileUpload } from "~/components/file-upload";
import { GeneratedPhrasings, phrasingRefetchInterval } from "~/components/generated-phrasings";
import { useKnowledgeBaseTarget } from "~/components/knowledge-bases-card";
import { KnowledgeSearch } from "~/components/knowledge-search";
import { ingestionRefetchInterval, SourceStatus } from "~/components/source-status";
import { UrlSyncControls } from "~/components/url-sync-controls";
import { useI18n } from "~/lib/i18n";
import { useRefreshQueries } from "~/lib/refresh-queries";
import { errorMessage, useTRPC } from "~/lib/trpc";

/** Other phrasings listed under an FAQ question before "+N more". */
const PHRASINGS_SHOWN = 5;

export function KnowledgePanel({ botId }: { botId: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const refreshQueries = useRefreshQueries();
  const sources = useQuery({ ...trpc.knowledge.list.queryOptions({ id: botId }), refetchInterval: (q) => ingestionRefetchInterval(q) || phrasingRefetchInterval(q) });
  const refresh = () => refreshQueries(trpc.knowledge.list.queryKey({ id: botId }));
  const addFaq = useMutation(trpc.knowledge.addFaq.mutationOptions({ onSuccess: refresh }));
  const addDoc = useMutation(trpc.knowledge.addDocument.mutationOptions({ onSuccess: refresh }));
  const importUrl = useMutation(trpc.knowledge.importUrl.mutationOptions({ onSuccess: refresh }));
  const updateFaq = useMutation(trpc.knowledge.updateFaq.mutationOptions({ onSuccess: refresh }));
  const [editingId, setEditingId] = useState<string | null>(null);
  const [addedFaqs, setAddedFaqs] = useState(0);
  const [addedDocs, setAddedDocs] = useState(0);
  const remove = useMutation(trpc.knowledge.delete.mutationOptions({ onSuccess: refresh }));
  // Which of the bot's knowledge bases new sources go to (a select only when it has several).
  const kbTarget = useKnowledgeBaseTarget(botId);
  const knowledgeBaseId = kbTarget.knowledgeBaseId;

  function submitUrl(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formEl = event.currentTarget;
    const form = new FormData(formEl);
    importUrl.mutate({ botId, knowledgeBaseId, url: String(form.get("url") ?? "") }, { onSuccess: () => formEl.reset() });
  }

  const faqs = sources.data?.filter((s) => s.kind === "FAQ") ?? [];
  const docs = sources.data?.filter((s) => s.kind !== "FAQ") ?? [];

  return (
    <Card title={t("bots.knowledge")}>
      {sources.data?.length === 0 && <p className="mb-4 text-sm text-slate-600">{t("knowledge.empty")}</p>}
      {remove.error && <Alert>{errorMessage(remove.error)}</Alert>}
      <KnowledgeSearch botId={botId} />
      {kbTarget.select}
      <div className="mb-6">
        <FileUpload botId={botId} knowledgeBaseId={knowledgeBaseId} onDone={refresh} />
      </div>
      <div className="grid gap-8 lg:grid-cols-2">
        <div className="space-y-4">
          <h3 className="font-semibold">{t("knowledge.faq")}</h3>
          <ul className="divide-y divide-slate-100" aria-label={t("knowledge.faq")}>
            {faqs.map((faq) =>
              editingId === faq.id ? (
                <li key={faq.id} className="py-2">
                  <FaqForm
                    label={t("common.save")}
                    initial={{ question: faq.question ?? "", alternatives: faq.alternatives, answer: faq.answer ?? "" }}
                    pending={updateFaq.isPending}
                    error={updateFaq.error}
                    onSubmit={(input) => updateFaq.mutate({ id: faq.id, ...input }, { onSuccess: () => setEditingId(null) })}
                    onCancel={() => {
                      updateFaq.reset();
                      setEditingId(null);
                    }}
                  />
                  <GeneratedPhrasings faq={faq} onChanged={refresh} />
                </li>
              ) : (
                <li key={faq.id} className="flex items-start justify-between gap-3 py-2 text-sm">
                  <div className="min-w-0">
                    <p className="font-medium">
                      {faq.question}
                      {faq.intent && (
                        <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs font-normal text-slate-600" title={t("faq.intent")}>
                          {faq.intent}
                        </span>
                      )}
                    </p>
                    {faq.alternatives.length > 0 && (
                      <p className="text-xs text-slate-500">
                        {/* An imported intent has hundreds of phrasings: the first few and a count. */}
                        {faq.alternatives.slice(0, PHRASINGS_SHOWN).join(" · ")}
                        {faq.alternatives.length > PHRASINGS_SHOWN && ` · ${fillTemplate(t("faq.morePhrasings"), { count: faq.alternatives.length - PHRASINGS_SHOWN })}`}
                      </p>
                    )}
                    <GeneratedPhrasings faq={faq} onChanged={refresh} />
                    {kbTarget.multiple && <p className="text-xs text-slate-500">{t("sources.kb.of")}: {faq.knowledgeBase.name}</p>}
                    {faq.answer === null ? (
                      <p className="mt-1 text-amber-800" data-testid="needs-answer">
                        <span className="mr-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium">{t("faq.needsAnswer")}</span>
                        <span className="text-xs">{t("faq.needsAnswerHint")}</span>
                      </p>
                    ) : (
                      <p className="mt-1 line-clamp-2 text-slate-600">{faq.answer}</p>
                    )}
                  </div>
                  <div className="flex shrink-0">
                    <Button variant="ghost" aria-label={`${faq.answer === null ? t("faq.writeAnswer") : t("common.edit")} ${faq.title}`} onClick={() => setEditingId(faq.id)}>
                      {faq.answer === null ? t("faq.writeAnswer") : t("common.edit")}
                    </Button>
                    <Button variant="ghost" aria-label={`${t("common.delete")} ${faq.title}`} onClick={() => remove.mutate({ id: faq.id })}>
                      {t("common.delete")}
                    </Button>
                  </div>
                </li>
              ),
            )}
          </ul>
          <FaqForm
            key={addedFaqs}
            label={t("knowledge.addFaq")}
            pending={addFaq.isPending}
            error={addFaq.error}
            onSubmit={(input) => addFaq.mutate({ botId, knowledgeBaseId, ...input }, { onSuccess: () => setAddedFaqs((n) => n + 1) })}
          />
        </div>
        <div className="space-y-4">
          <h3 className="font-semibold">{t("knowledge.documents")}</h3>
          <ul className="divide-y divide-slate-100" aria-label={t("knowledge.documents")}>
            {docs.map((doc) =>
              editingId === doc.id ? (
                <li key={doc.id} className="py-2">
                  <DocumentEditor id={doc.id} onDone={() => setEditingId(null)} onSaved={refresh} />
                </li>
              ) : (
                <li key={doc.id} className="flex items-center justify-between gap-3 py-2 text-sm">
                  <div>
                    <p className="font-medium">{doc.title}</p>
                    {doc.url && <p className="truncate text-xs text-slate-500">{doc.url}</p>}
                    {kbTarget.multiple && <p className="text-xs text-slate-500">{t("sources.kb.of")}: {doc.knowledgeBase.name}</p>}
                    {doc.kind === "URL" && <UrlSyncControls source={doc} onChanged={refresh} />}
                    <SourceStatus source={doc} onChanged={refresh} />
                  </div>
                  <div className="flex shrink-0">
                    {doc.kind === "MARKDOWN" && (
                      <Button variant="ghost" aria-label={`${t("common.edit")} ${doc.title}`} onClick={() => setEditingId(doc.id)}>
                        {t("common.edit")}
                      </Button>
                    )}
                    <Button variant="ghost" aria-label={`${t("common.delete")} ${doc.title}`} onClick={() => remove.mutate({ id: doc.id })}>
                      {t("common.delete")}
                    </Button>
                  </div>
                </li>
              ),
            )}
          </ul>
          <DocumentForm
            key={addedDocs}
            label={t("knowledge.addDocument")}
            pending={addDoc.isPending}
            error={addDoc.error}
            onSubmit={(input) => addDoc.mutate({ botId, knowledgeBaseId, ...input }, { onSuccess: () => setAddedDocs((n) => n + 1) })}
          />
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

/** Loads a document's text and saves the replacement (its passages are swapped atomically). */
function DocumentEditor({ id, onDone, onSaved }: { id: string; onDone: () => void; onSaved: () => Promise<void> }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const doc = useQuery(trpc.knowledge.getDocument.queryOptions({ id }));
  const update = useMutation(
    trpc.knowledge.updateDocument.mutationOptions({
      onSuccess: async () => {
        await onSaved();
        onDone();
      },
    }),
  );
  if (doc.error) return <Alert>{errorMessage(doc.error)}</Alert>;
  if (!doc.data) return <p className="text-sm text-slate-500">{t("common.loading")}</p>;
  return (
    <DocumentForm
      label={t("common.save")}
      initial={doc.data}
      pending={update.isPending}
      error={update.error}
      onSubmit={(input) => update.mutate({ id, ...input })}
      onCancel={onDone}
    />
  );
}
