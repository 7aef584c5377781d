"use client";
import { fillTemplate as fill } from "@kefu/domain";
import { Alert, Button, SelectField } from "@kefu/ui";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useI18n } from "~/lib/i18n";
import { useRefreshQueries } from "~/lib/refresh-queries";
import { errorMessage, useTRPC } from "~/lib/trpc";

/**
 * On a conversation's page, for those who edit the knowledge: one of the visitor's questions into
 * a test set of the bot, expected to be answered from what the bot cited in its reply.
 */
export function AddFromConversation({ botId, questions }: { botId: string; questions: { id: string; content: string }[] }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const refresh = useRefreshQueries();
  const me = useQuery(trpc.account.me.queryOptions());
  const canEdit = me.data !== undefined && me.data.role !== "AGENT";
  const sets = useQuery({ ...trpc.regression.listSets.queryOptions({ botId }), enabled: canEdit });
  const [messageId, setMessageId] = useState("");
  const [setId, setSetId] = useState("");
  const add = useMutation(trpc.regression.addCaseFromMessage.mutationOptions({ onSuccess: () => refresh(trpc.regression.listSets.queryKey({ botId })) }));
  if (!canEdit || !sets.data || sets.data.length === 0 || questions.length === 0) return null;
  const chosenSet = setId || sets.data[0]!.id;
  const chosenMessage = messageId || questions[0]!.id;
  return (
    <section className="space-y-2 rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200" aria-label={t("tests.fromChat.title")}>
      <h2 className="text-sm font-semibold text-slate-900">{t("tests.fromChat.title")}</h2>
      <p className="text-xs text-slate-500">{t("tests.fromChat.help")}</p>
      <div className="flex flex-wrap items-end gap-2">
        <SelectField label={t("tests.fromChat.question")} compact value={chosenMessage} onChange={(e) => (setMessageId(e.target.value), add.reset())}>
          {questions.map((q) => (
            <option key={q.id} value={q.id}>
              {q.content.slice(0, 80)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t("tests.fromGap.set")} compact value={chosenSet} onChange={(e) => (setSetId(e.target.value), add.reset())}>
          {sets.data.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </SelectField>
        <Button variant="secondary" disabled={add.isPending} onClick={() => add.mutate({ setId: chosenSet, messageId: chosenMessage })}>
          {t("tests.fromGap.add")}
        </Button>
      </div>
      {add.isSuccess && <Alert tone="success">{fill(t("tests.fromGap.added"), { set: sets.data.find((s) => s.id === chosenSet)?.name ?? "" })}</Alert>}
      {add.error && <Alert>{errorMessage(add.error)}</Alert>}
    </section>
  );
}
