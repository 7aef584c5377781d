"use client";
import { Alert, Card } from "@kefu/ui";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useI18n } from "~/lib/i18n";
import { useRefreshQueries } from "~/lib/refresh-queries";
import { errorMessage, useTRPC } from "~/lib/trpc";

/** The bot's question rewrite before retrieval (off by default): a switch and what it costs. */
export function QuestionRewriteCard({ bot }: { bot: { id: string; rewriteQuestions: boolean; chatProviderId: string | null } }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const refreshQueries = useRefreshQueries();
  // The switch shows the choice at once: the mutation's pending state reaches React a tick after the
  // click, and a controlled checkbox would snap back to the stored value meanwhile.
  const [choice, setChoice] = useState<boolean | null>(null);
  const save = useMutation(
    trpc.bot.setQuestionRewrite.mutationOptions({
      onSuccess: () => refreshQueries(trpc.bot.get.queryKey({ id: bot.id })),
      onSettled: () => setChoice(null),
    }),
  );
  const checked = choice ?? bot.rewriteQuestions;
  return (
    <Card title={t("rewrite.title")}>
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" className="mt-1" checked={checked} disabled={save.isPending} onChange={(e) => {
            setChoice(e.target.checked);
            save.mutate({ id: bot.id, enabled: e.target.checked });
          }} />
        <span>
          <span className="font-medium">{t("rewrite.title")}</span>
          <span className="block text-slate-600">{t("rewrite.help")}</span>
          {!bot.chatProviderId && <span className="block text-amber-800">{t("rewrite.needsModel")}</span>}
        </span>
      </label>
      {save.error && <Alert>{errorMessage(save.error)}</Alert>}
    </Card>
  );
}
