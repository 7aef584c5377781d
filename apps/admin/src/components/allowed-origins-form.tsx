"use client";
import { fillTemplate } from "@kefu/domain";
import { Alert, Button, TextAreaField } from "@kefu/ui";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useI18n } from "~/lib/i18n";
import { errorMessage, useTRPC } from "~/lib/trpc";

/**
 * The websites allowed to embed the bot, beside its embed snippet: a warning while any website
 * may, and the list, one per line (checked and put in canonical form by the server).
 */
export function AllowedOriginsForm({ id, allowedOrigins }: { id: string; allowedOrigins: string[] }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [text, setText] = useState(allowedOrigins.join("\n"));
  const save = useMutation(
    trpc.bot.updateAllowedOrigins.mutationOptions({
      onSuccess: (saved) => {
        queryClient.setQueryData(trpc.bot.get.queryKey({ id }), saved);
        setText(saved.allowedOrigins.join("\n"));
      },
    }),
  );
  const entries = text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);

  return (
    <div className="mt-4 space-y-3 border-t border-slate-200 pt-4" data-testid="allowed-origins">
      <h3 className="text-sm font-semibold text-slate-900">{t("origins.title")}</h3>
      {allowedOrigins.length === 0 ? (
        <Alert tone="warning">
          <span data-testid="origins-any-warning">{t("origins.anyWarning")}</span>
        </Alert>
      ) : (
        <p className="text-xs text-slate-500">{fillTemplate(t("origins.count"), { n: String(allowedOrigins.length) })}</p>
      )}
      <p className="text-sm text-slate-600">{t("origins.help")}</p>
      <form
        className="space-y-2"
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate({ id, allowedOrigins: entries });
        }}
      >
        <TextAreaField
          label={t("origins.label")}
          rows={3}
          value={text}
          placeholder={t("origins.placeholder")}
          spellCheck={false}
          className="font-mono"
          onChange={(event) => {
            setText(event.target.value);
            save.reset();
          }}
          error={errorMessage(save.error)}
        />
        <div className="flex items-center gap-3">
          <Button type="submit" variant="secondary" disabled={save.isPending}>
            {t("origins.save")}
          </Button>
          {save.isSuccess && (
            <span role="status" className="text-sm text-emerald-700">
              {save.data.allowedOrigins.length === 0 ? t("origins.savedAny") : t("origins.saved")}
            </span>
          )}
        </div>
      </form>
    </div>
  );
}
