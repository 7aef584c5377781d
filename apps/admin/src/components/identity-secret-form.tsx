"use client";
import { fillTemplate, roleCan } from "@kefu/domain";
import { Alert, Button } from "@kefu/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { CopyTextButton } from "~/components/copy-text-button";
import { useI18n } from "~/lib/i18n";
import { errorMessage, useTRPC } from "~/lib/trpc";

/**
 * Visitor identity verification, beside the embed snippet: the secret the website's server signs
 * user ids with (shown once, after generating or rotating it) and "Require verified identity".
 * Owners and admins only (permission identity.manage); others do not see it.
 */
export function IdentitySecretForm({ botId }: { botId: string }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useQuery(trpc.account.me.queryOptions());
  const canManage = me.data ? roleCan(me.data.role, "identity.manage") : false;
  const settings = useQuery(trpc.bot.identity.queryOptions({ id: botId }, { enabled: canManage, retry: false }));
  const [secret, setSecret] = useState<string | null>(null);
  // The box follows the click at once; the saved setting replaces it when the server answers.
  const [requireDraft, setRequireDraft] = useState<boolean | null>(null);
  const rotate = useMutation(
    trpc.bot.rotateIdentitySecret.mutationOptions({
      onSuccess: (result) => {
        queryClient.setQueryData(trpc.bot.identity.queryKey({ id: botId }), result.settings);
        setSecret(result.secret);
      },
    }),
  );
  const update = useMutation(
    trpc.bot.updateIdentity.mutationOptions({
      onSuccess: (saved) => queryClient.setQueryData(trpc.bot.identity.queryKey({ id: botId }), saved),
      onSettled: () => setRequireDraft(null),
    }),
  );
  if (!canManage || !settings.data) return null;
  const data = settings.data;
  const date = data.secretCreatedAt ? new Intl.DateTimeFormat(locale === "zh" ? "zh-CN" : "en", { dateStyle: "medium", timeStyle: "short" }).format(data.secretCreatedAt) : "";

  return (
    <div className="mt-4 space-y-3 border-t border-slate-200 pt-4" data-testid="identity-verification">
      <h3 className="text-sm font-semibold text-slate-900">{t("identity.title")}</h3>
      <p className="text-sm text-slate-600">{t("identity.help")}</p>
      <p className="text-xs text-slate-500" data-testid="identity-secret-status">
        {data.hasSecret ? fillTemplate(t("identity.hasSecret"), { date }) : t("identity.noSecret")}
      </p>
      {secret && (
        <div className="space-y-2 rounded-md bg-amber-50 p-3 ring-1 ring-amber-200">
          <p className="text-sm text-amber-900">{t("identity.secretOnce")}</p>
          <code className="block break-all rounded bg-white px-2 py-1 font-mono text-sm" data-testid="identity-secret">
            {secret}
          </code>
          <div className="flex gap-2">
            <CopyTextButton text={secret} />
            <Button variant="ghost" onClick={() => setSecret(null)}>
              {t("identity.secretDone")}
            </Button>
          </div>
        </div>
      )}
      {(rotate.error ?? update.error) && <Alert>{errorMessage(rotate.error ?? update.error)}</Alert>}
      <div className="flex flex-wrap items-center gap-3">
        <Button
          variant="secondary"
          disabled={rotate.isPending}
          onClick={() => {
            if (!data.hasSecret || window.confirm(t("identity.rotateConfirm"))) rotate.mutate({ id: botId });
          }}
        >
          {data.hasSecret ? t("identity.rotate") : t("identity.generate")}
        </Button>
      </div>
      <label className="flex items-start gap-2 text-sm text-slate-800">
        <input
          type="checkbox"
          className="mt-1"
          checked={requireDraft ?? data.requireVerifiedIdentity}
          disabled={update.isPending}
          onChange={(event) => {
            setRequireDraft(event.target.checked);
            update.mutate({ id: botId, requireVerifiedIdentity: event.target.checked });
          }}
        />
        <span>
          {t("identity.require")}
          <span className="block text-xs text-slate-500">{t("identity.requireHelp")}</span>
        </span>
      </label>
      {update.isSuccess && (
        <p role="status" className="text-sm text-emerald-700">
          {t("common.saved")}
        </p>
      )}
      <p className="text-xs text-slate-500">{t("identity.docs")}</p>
    </div>
  );
}
