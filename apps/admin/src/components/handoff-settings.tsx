"use client";
import { Alert, TextField } from "@kefu/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { FormActions } from "~/components/form-actions";
import { useI18n } from "~/lib/i18n";
import { fieldError, formError, useTRPC } from "~/lib/trpc";

/** Per bot: may visitors ask for a person, and when does a silent agent's conversation return to the bot. */
export function HandoffSettings({ botId }: { botId: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const bot = useQuery(trpc.bot.get.queryOptions({ id: botId }));
  const save = useMutation(
    trpc.bot.updateHandoff.mutationOptions({ onSuccess: (saved) => queryClient.setQueryData(trpc.bot.get.queryKey({ id: botId }), saved) }),
  );
  const [allow, setAllow] = useState<boolean | null>(null);
  if (!bot.data) return null;
  const allowHandoff = allow ?? bot.data.allowHandoff;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const minutes = String(new FormData(event.currentTarget).get("agentIdleMinutes") ?? "").trim();
    save.mutate({ id: botId, allowHandoff, agentIdleMinutes: minutes ? Number(minutes) : null });
  }

  return (
    <form onSubmit={submit} noValidate aria-label={t("handoffSettings.title")} className="mb-4 space-y-3 rounded-lg bg-slate-50 p-3">
      {formError(save.error, ["agentIdleMinutes"]) && <Alert>{formError(save.error, ["agentIdleMinutes"])}</Alert>}
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={allowHandoff} onChange={(e) => setAllow(e.target.checked)} />
        {t("handoffSettings.allow")}
      </label>
      <TextField
        name="agentIdleMinutes"
        type="number"
        min={1}
        max={1440}
        label={t("handoffSettings.idle")}
        hint={t("handoffSettings.idleHint")}
        defaultValue={bot.data.agentIdleMinutes ?? ""}
        error={fieldError(save.error, "agentIdleMinutes")}
        className="max-w-xs"
      />
      <FormActions label={t("common.save")} pending={save.isPending} saved={save.isSuccess} />
    </form>
  );
}
