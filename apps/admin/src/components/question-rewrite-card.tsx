"use client";
import { Alert, Card } from "@kefu/ui";
import { useMutation } from "@tanstack/react-query";
import { useI18n } from "~/lib/i18n";
import { useRefreshQueries } from "~/lib/refresh-queries";
import { errorMessage, useTRPC } from "~/lib/trpc";

/** The bot's question rewrite before retrieval (off by default): a switch and what it costs. */
export function QuestionRewriteCard({ bot }: { bot: { id: string; rewriteQuestions: boolean; chatProviderId: string | null } }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const refreshQueries = useRefreshQueries();
  const save = useMutation(trpc.bot.setQuestionRewrite.mutationOptions({ onSuccess: () => refreshQueries(trpc.bot.get.queryKey({ id: bot.id })) }));
  const checked = save.isPending && save.variables ? save.variables.enabled : bot.rewriteQuestions;
  return (
    <Card title={t("rewrite.title")}>
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" className="mt-1" checked={checked} disabled={save.isPending} onChange={(e) => save.mutate({ id: bot.id, enabled: e.target.checked })} />
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
