"use client";
import { Alert, Button, Card, SelectField, TextField } from "@kefu/ui";
import { useMutation, useQuery } from "@tanstack/react-query";
import { type FormEvent, type ReactNode, useState } from "react";
import { useI18n } from "~/lib/i18n";
import { useRefreshQueries } from "~/lib/refresh-queries";
import { errorMessage, fieldError, formError, useTRPC } from "~/lib/trpc";

/** The tenant's knowledge bases, seen from one bot: which it uses, and create / rename / link / unlink / delete. */
export function KnowledgeBasesCard({ botId }: { botId: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const refreshQueries = useRefreshQueries();
  const kbs = useQuery(trpc.knowledgeBase.list.queryOptions());
  // Sources, search and retrieval all depend on which knowledge bases the bot uses.
  const refresh = () =>
    refreshQueries(trpc.knowledgeBase.list.queryKey(), trpc.knowledge.list.queryKey({ id: botId }), trpc.knowledge.search.queryKey());
  const create = useMutation(trpc.knowledgeBase.create.mutationOptions({ onSuccess: refresh }));
  const rename = useMutation(trpc.knowledgeBase.rename.mutationOptions({ onSuccess: refresh }));
  const link = useMutation(trpc.knowledgeBase.link.mutationOptions({ onSuccess: refresh }));
  const unlink = useMutation(trpc.knowledgeBase.unlink.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.knowledgeBase.delete.mutationOptions({ onSuccess: refresh }));
  const [renamingId, setRenamingId] = useState<string | null>(null);
  const [created, setCreated] = useState(0);
  const actionError = [link, unlink, remove].find((m) => m.error)?.error;

  function submitCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get("name") ?? "");
    create.mutate({ name, botId }, { onSuccess: () => setCreated((n) => n + 1) });
  }

  function submitRename(event: FormEvent<HTMLFormElement>, id: string) {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get("name") ?? "");
    rename.mutate({ id, name }, { onSuccess: () => setRenamingId(null) });
  }

  return (
    <Card title={t("sources.kb.title")}>
      <p className="mb-3 text-sm text-slate-600">{t("sources.kb.help")}</p>
      {kbs.error && <Alert>{errorMessage(kbs.error)}</Alert>}
      {actionError && <Alert>{errorMessage(actionError)}</Alert>}
      <ul className="divide-y divide-slate-100" aria-label={t("sources.kb.title")}>
        {kbs.data?.map((kb) => {
          const used = kb.bots.some((b) => b.id === botId);
          return (
            <li key={kb.id} className="py-2 text-sm">
              {renamingId === kb.id ? (
                <form onSubmit={(e) => submitRename(e, kb.id)} className="flex items-end gap-2" noValidate aria-label={t("sources.kb.rename")}>
                  <TextField label={t("sources.kb.name")} name="name" defaultValue={kb.name} maxLength={80} className="flex-1" error={fieldError(rename.error, "name") ?? formError(rename.error, ["name"])} />
                  <Button type="submit" disabled={rename.isPending}>
                    {t("common.save")}
                  </Button>
                  <Button type="button" variant="secondary" onClick={() => {
                      rename.reset();
                      setRenamingId(null);
                    }}>
                    {t("common.cancel")}
                  </Button>
                </form>
              ) : (
                <div className="flex flex-wrap items-start justify-between gap-3">
                  <div className="min-w-0">
                    <p className="font-medium">
                      {kb.name}
                      {used && <span className="ml-2 rounded bg-emerald-50 px-1.5 py-0.5 text-xs font-normal text-emerald-700">{t("sources.kb.inUse")}</span>}
                    </p>
                    <p className="text-xs text-slate-500">
                      {kb.sourceCount} {t("sources.kb.sources")} ·{" "}
                      {kb.bots.length > 0 ? `${t("sources.kb.usedBy")}: ${kb.bots.map((b) => b.name).join(", ")}` : t("sources.kb.unused")}
                    </p>
                  </div>
                  <div className="flex shrink-0 flex-wrap justify-end">
                    {used ? (
                      <Button variant="ghost" aria-label={`${t("sources.kb.stopUsing")}: ${kb.name}`} disabled={unlink.isPending} onClick={() => unlink.mutate({ botId, knowledgeBaseId: kb.id })}>
                        {t("sources.kb.stopUsing")}
                      </Button>
                    ) : (
                      <Button variant="ghost" aria-label={`${t("sources.kb.use")}: ${kb.name}`} disabled={link.isPending} onClick={() => link.mutate({ botId, knowledgeBaseId: kb.id })}>
                        {t("sources.kb.use")}
                      </Button>
                    )}
                    <Button variant="ghost" aria-label={`${t("sources.kb.rename")} ${kb.name}`} onClick={() => setRenamingId(kb.id)}>
                      {t("sources.kb.rename")}
                    </Button>
                    <Button
                      variant="ghost"
                      aria-label={`${t("common.delete")} ${kb.name}`}
                      disabled={remove.isPending}
                      onClick={() => {
                        if (window.confirm(t("sources.kb.deleteConfirm"))) remove.mutate({ id: kb.id });
                      }}
                    >
                      {t("common.delete")}
                    </Button>
                  </div>
                </div>
              )}
            </li>
          );
        })}
      </ul>
      <form key={created} onSubmit={submitCreate} className="mt-3 flex items-end gap-2" noValidate aria-label={t("sources.kb.create")}>
        <TextField label={t("sources.kb.name")} name="name" maxLength={80} className="flex-1" error={fieldError(create.error, "name") ?? formError(create.error, ["name"])} />
        <Button type="submit" disabled={create.isPending}>
          {create.isPending ? t("common.saving") : t("sources.kb.create")}
        </Button>
      </form>
    </Card>
  );
}

/**
 * Which knowledge base new sources go to, with its select: shown only when the bot
 * uses more than one (`multiple`). `knowledgeBaseId` is undefined for "the bot's first one".
 */
export function useKnowledgeBaseTarget(botId: string): { knowledgeBaseId: string | undefined; multiple: boolean; select: ReactNode } {
  const { t } = useI18n();
  const trpc = useTRPC();
  const kbs = useQuery(trpc.knowledgeBase.list.queryOptions());
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const linked = kbs.data?.filter((kb) => kb.bots.some((b) => b.id === botId)) ?? [];
  // A knowledge base unlinked meanwhile falls back to the bot's first one.
  const knowledgeBaseId = linked.some((kb) => kb.id === chosen) ? chosen : undefined;
  const select =
    linked.length < 2 ? null : (
      <SelectField label={t("sources.kb.target")} inline className="mb-4" value={knowledgeBaseId ?? linked[0]!.id} onChange={(event) => setChosen(event.currentTarget.value)}>
        {linked.map((kb) => (
          <option key={kb.id} value={kb.id}>
            {kb.name}
          </option>
        ))}
      </SelectField>
    );
  return { knowledgeBaseId, multiple: linked.length > 1, select };
}
