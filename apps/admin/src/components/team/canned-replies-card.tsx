"use client";
import { Alert, Button, Card, TextAreaField, TextField } from "@kefu/ui";
import { useMutation, useQuery } from "@tanstack/react-query";
import { type FormEvent } from "react";
import { useI18n } from "~/lib/i18n";
import { useRefreshQueries } from "~/lib/refresh-queries";
import { errorMessage, fieldError, formError, useTRPC } from "~/lib/trpc";

/** Canned replies agents insert from the reply box; admins keep the list. */
export function CannedRepliesCard({ canManage }: { canManage: boolean }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const refreshQueries = useRefreshQueries();
  const canned = useQuery(trpc.inbox.cannedReplies.list.queryOptions());
  const refresh = () => refreshQueries(trpc.inbox.cannedReplies.list.queryKey());
  const create = useMutation(trpc.inbox.cannedReplies.create.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.inbox.cannedReplies.delete.mutationOptions({ onSuccess: refresh }));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    create.mutate(
      { title: String(data.get("title") ?? ""), content: String(data.get("content") ?? "") },
      { onSuccess: () => form.reset() },
    );
  }

  const general = formError(create.error, ["title", "content"]) ?? errorMessage(remove.error);
  return (
    <Card title={t("inbox.canned")}>
      {general && (
        <div className="mb-3">
          <Alert>{general}</Alert>
        </div>
      )}
      {canned.data?.length === 0 && <p className="text-sm text-slate-600">{t("inbox.canned.none")}</p>}
      <ul className="divide-y divide-slate-100" aria-label={t("inbox.canned")}>
        {canned.data?.map((c) => (
          <li key={c.id} className="flex items-start gap-3 py-2 text-sm">
            <div className="flex-1">
              <p className="font-medium">{c.title}</p>
              <p className="whitespace-pre-wrap text-slate-600">{c.content}</p>
            </div>
            {canManage && (
              <Button variant="ghost" aria-label={`${t("common.delete")}: ${c.title}`} onClick={() => remove.mutate({ id: c.id })}>
                {t("common.delete")}
              </Button>
            )}
          </li>
        ))}
      </ul>
      {canManage && (
        <form onSubmit={submit} className="mt-4 space-y-3" aria-label={t("inbox.canned.add")} noValidate>
          <TextField label={t("inbox.canned.title")} name="title" maxLength={80} error={fieldError(create.error, "title")} />
          <TextAreaField label={t("inbox.canned.content")} name="content" rows={3} maxLength={2000} error={fieldError(create.error, "content")} />
          <Button type="submit" variant="secondary" disabled={create.isPending}>
            {t("inbox.canned.add")}
          </Button>
        </form>
      )}
    </Card>
  );
}
