"use client";
import { type AdminRouter } from "@kefu/api";
import { fillTemplate } from "@kefu/domain";
import { Alert, Button, Card, SelectField, TextField } from "@kefu/ui";
import { useMutation, useQuery } from "@tanstack/react-query";
import { type inferRouterOutputs } from "@trpc/server";
import { type FormEvent, useState } from "react";
import { useI18n } from "~/lib/i18n";
import { useRefreshQueries } from "~/lib/refresh-queries";
import { errorMessage, fieldError, formError, useTRPC } from "~/lib/trpc";

type Source = inferRouterOutputs<AdminRouter>["knowledge"]["list"][number];
type Faq = Pick<Source, "id" | "title" | "generatedAlternatives" | "phrasingStatus" | "phrasingError">;

const working = (status: Faq["phrasingStatus"]) => status === "QUEUED" || status === "GENERATING";

/** While some entry's phrasings are being written, the sources list is polled (like indexing progress). */
export function phrasingRefetchInterval(query: { state: { data?: { phrasingStatus?: Faq["phrasingStatus"] }[] } }): number | false {
  return query.state.data?.some((s) => s.phrasingStatus !== undefined && working(s.phrasingStatus)) ? 2000 : false;
}

/**
 * An FAQ entry's generated phrasings, marked as such, each to keep (it becomes an ordinary
 * phrasing) or remove (never generated again); the run's state; Regenerate.
 */
export function GeneratedPhrasings({ faq, onChanged }: { faq: Faq; onChanged: () => unknown }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const settled = { onSettled: () => void onChanged() };
  const accept = useMutation(trpc.phrasing.accept.mutationOptions(settled));
  const remove = useMutation(trpc.phrasing.remove.mutationOptions(settled));
  const regenerate = useMutation(trpc.phrasing.regenerate.mutationOptions(settled));
  if (faq.phrasingStatus === "NONE" && faq.generatedAlternatives.length === 0) return null;
  const error = [accept, remove, regenerate].find((m) => m.error)?.error;
  const busy = accept.isPending || remove.isPending;
  return (
    <div className="mt-1 space-y-1" data-testid="generated-phrasings">
      {faq.generatedAlternatives.length > 0 && (
        <ul className="flex flex-wrap gap-1.5" aria-label={`${t("phrasings.title")}: ${faq.title}`}>
          {faq.generatedAlternatives.map((phrasing) => (
            <li key={phrasing} className="inline-flex items-center gap-1 rounded-full bg-violet-50 py-0.5 pl-2 pr-1 text-xs text-violet-900 ring-1 ring-violet-200">
              <span>{phrasing}</span>
              <span className="rounded bg-violet-100 px-1 text-[10px] uppercase tracking-wide text-violet-700">{t("phrasings.generated")}</span>
              <button
                type="button"
                className="rounded px-1 text-emerald-700 hover:bg-emerald-50 disabled:opacity-50"
                aria-label={`${t("phrasings.acceptLabel")}: ${phrasing}`}
                title={t("phrasings.accept")}
                disabled={busy}
                onClick={() => accept.mutate({ id: faq.id, phrasing })}
              >
                ✓
              </button>
              <button
                type="button"
                className="rounded px-1 text-red-700 hover:bg-red-50 disabled:opacity-50"
                aria-label={`${t("phrasings.removeLabel")}: ${phrasing}`}
                title={t("phrasings.remove")}
                disabled={busy}
                onClick={() => remove.mutate({ id: faq.id, phrasing })}
              >
                ✕
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="flex flex-wrap items-center gap-2 text-xs">
        {working(faq.phrasingStatus) && <span className="text-slate-500" role="status">{t("phrasings.working")}</span>}
        {faq.phrasingStatus === "FAILED" && (
          <span className="text-amber-800" role="status">
            <span className="mr-1 rounded bg-amber-100 px-1.5 py-0.5 font-medium">{t("phrasings.failed")}</span>
            {faq.phrasingError}
          </span>
        )}
        {!working(faq.phrasingStatus) && (
          <button type="button" className="text-indigo-600 underline disabled:opacity-60" disabled={regenerate.isPending} onClick={() => regenerate.mutate({ id: faq.id })} aria-label={`${t("phrasings.regenerate")}: ${faq.title}`}>
            {t("phrasings.regenerate")}
          </button>
        )}
      </div>
      {error && <Alert>{errorMessage(error)}</Alert>}
    </div>
  );
}

/** Per knowledge base of the bot: which chat model writes generated phrasings, progress, and Generate. */
export function GeneratedPhrasingsCard({ botId }: { botId: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const kbs = useQuery(trpc.knowledgeBase.list.queryOptions());
  const providers = useQuery(trpc.provider.list.queryOptions(undefined, { retry: false }));
  const linked = kbs.data?.filter((kb) => kb.bots.some((b) => b.id === botId)) ?? [];
  return (
    <Card title={t("phrasings.title")}>
      <p className="mb-3 text-sm text-slate-600">{t("phrasings.help")}</p>
      {providers.data?.length === 0 && <p className="text-sm text-slate-500">{t("phrasings.noProviders")}</p>}
      <ul className="divide-y divide-slate-100">
        {linked.map((kb) => (
          <li key={kb.id} className="py-3">
            <KnowledgeBasePhrasings botId={botId} knowledgeBase={kb} providers={providers.data ?? []} />
          </li>
        ))}
      </ul>
    </Card>
  );
}

function KnowledgeBasePhrasings(props: { botId: string; knowledgeBase: { id: string; name: string }; providers: readonly { id: string; name: string }[] }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const refreshQueries = useRefreshQueries();
  const { id, name } = props.knowledgeBase;
  const overview = useQuery({
    ...trpc.phrasing.overview.queryOptions({ id }),
    refetchInterval: (q) => (q.state.data && q.state.data.counts.QUEUED + q.state.data.counts.GENERATING > 0 ? 2000 : false),
  });
  const refresh = () => refreshQueries(trpc.phrasing.overview.queryKey({ id }), trpc.knowledge.list.queryKey({ id: props.botId }));
  const save = useMutation(trpc.phrasing.setModel.mutationOptions({ onSuccess: refresh }));
  const generate = useMutation(trpc.phrasing.generate.mutationOptions({ onSuccess: refresh }));
  const [providerId, setProviderId] = useState<string | null>(null);
  const data = overview.data;
  if (!data) return overview.error ? <Alert>{errorMessage(overview.error)}</Alert> : <p className="text-sm text-slate-500">{t("common.loading")}</p>;
  const chosen = providerId ?? data.providerId ?? "";

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const model = String(new FormData(event.currentTarget).get("model") ?? "").trim();
    save.mutate({ id, providerId: chosen || null, model: chosen ? model : null });
  }

  const { counts } = data;
  return (
    <form onSubmit={submit} className="space-y-2" noValidate aria-label={`${t("phrasings.title")}: ${name}`}>
      <p className="text-sm font-medium">{name}</p>
      {(formError(save.error, ["model"]) ?? generate.error) && <Alert>{formError(save.error, ["model"]) ?? errorMessage(generate.error)}</Alert>}
      <div className="flex flex-wrap items-end gap-2">
        <SelectField label={t("phrasings.model")} value={chosen} onChange={(e) => setProviderId(e.target.value)}>
          <option value="">{t("phrasings.none")}</option>
          {props.providers.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </SelectField>
        {chosen && <TextField label={t("phrasings.modelName")} name="model" defaultValue={data.model ?? ""} maxLength={200} error={fieldError(save.error, "model")} />}
        <Button type="submit" disabled={save.isPending}>
          {save.isPending ? t("common.saving") : t("common.save")}
        </Button>
        {data.providerId && (
          <Button type="button" variant="secondary" disabled={generate.isPending} onClick={() => generate.mutate({ id })}>
            {t("phrasings.generate")}
          </Button>
        )}
      </div>
      <p className="text-xs text-slate-500" data-testid="phrasing-counts">
        {fillTemplate(t("phrasings.counts"), { ready: counts.READY, generated: data.generated, pending: counts.QUEUED + counts.GENERATING, failed: counts.FAILED })}
        {generate.data && ` · ${fillTemplate(t("phrasings.queued"), { count: generate.data.queued })}`}
      </p>
    </form>
  );
}
