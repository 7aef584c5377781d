"use client";
import { type AdminRouter } from "@kefu/api";
import { fillTemplate as fill, GAP_REASONS, type FaqInput } from "@kefu/domain";
import { Alert, Button, Card, cx } from "@kefu/ui";
import { useMutation, useQuery } from "@tanstack/react-query";
import { type inferRouterOutputs } from "@trpc/server";
import { useState } from "react";
import { FaqForm } from "~/components/faq-form";
import { AddToTestSet } from "~/components/regression/add-to-test-set";
import { useI18n } from "~/lib/i18n";
import { useRefreshQueries } from "~/lib/refresh-queries";
import { errorMessage, useTRPC } from "~/lib/trpc";

type Gap = inferRouterOutputs<AdminRouter>["gap"]["list"]["gaps"][number];

const REASON_STYLE: Record<(typeof GAP_REASONS)[number], string> = {
  declined: "bg-amber-50 text-amber-800 ring-amber-200",
  low_confidence: "bg-yellow-50 text-yellow-800 ring-yellow-200",
  thumbs_down: "bg-red-50 text-red-800 ring-red-200",
  escalated: "bg-sky-50 text-sky-800 ring-sky-200",
};

/** One knowledge gap: how often and how it was missed, how visitors asked, and what to do about it. */
export function GapCard({ botId, days, gap }: { botId: string; days: number; gap: Gap }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const refresh = useRefreshQueries();
  const [adding, setAdding] = useState(false);
  const listKey = trpc.gap.list.queryKey({ botId, days: days as 7 | 30 | 90 });
  const when = (d: Date) => d.toLocaleString(locale === "zh" ? "zh-CN" : "en", { dateStyle: "medium", timeStyle: "short" });
  const day = (d: Date) => d.toLocaleDateString(locale === "zh" ? "zh-CN" : "en", { dateStyle: "medium" });
  const dismiss = useMutation(trpc.gap.dismiss.mutationOptions({ onSuccess: () => refresh(listKey) }));
  const reopen = useMutation(trpc.gap.reopen.mutationOptions({ onSuccess: () => refresh(listKey) }));
  const decisionError = dismiss.error ?? reopen.error;

  return (
    <Card>
      <article className="space-y-3" aria-label={gap.label}>
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0">
            <h2 className="break-words text-base font-semibold text-slate-900">{gap.label}</h2>
            <p className="mt-1 text-sm text-slate-600">
              {gap.missed === 1 ? t("gaps.askedOnce") : fill(t("gaps.asked"), { count: gap.missed })}
              {gap.answered > 0 && ` · ${fill(t("gaps.answered"), { count: gap.answered })}`}
              {" · "}
              {fill(t("gaps.lastSeen"), { time: when(gap.lastAt) })}
            </p>
          </div>
          <div className="flex shrink-0 gap-2">
            {gap.status === "open" ? (
              <>
                <Button onClick={() => setAdding(true)} disabled={adding}>
                  {t("gaps.add")}
                </Button>
                <Button variant="secondary" disabled={dismiss.isPending} onClick={() => dismiss.mutate({ botId, key: gap.key, days: days as 7 | 30 | 90 })}>
                  {t("gaps.dismiss")}
                </Button>
              </>
            ) : (
              <Button variant="secondary" disabled={reopen.isPending} onClick={() => reopen.mutate({ botId, key: gap.key, days: days as 7 | 30 | 90 })}>
                {t("gaps.reopen")}
              </Button>
            )}
          </div>
        </div>
        {decisionError && <Alert>{errorMessage(decisionError)}</Alert>}
        <ul className="flex flex-wrap gap-2" aria-label={t("gaps.title")}>
          {GAP_REASONS.filter((r) => gap.reasons[r] > 0).map((r) => (
            <li key={r} className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${REASON_STYLE[r]}`}>
              {fill(t(`gaps.reason.${r}`), { count: gap.reasons[r] })}
            </li>
          ))}
          {gap.hasAgentReply && <li className="rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-800 ring-1 ring-inset ring-emerald-200">{t("gaps.agentReplied")}</li>}
        </ul>
        {gap.decision && (
          <p className="text-sm text-slate-700" data-testid="gap-decision">
            {gap.status === "covered"
              ? gap.decision.sourceTitle
                ? fill(t("gaps.covered"), { title: gap.decision.sourceTitle, date: day(gap.decision.decidedAt) })
                : fill(t("gaps.coveredDeleted"), { date: day(gap.decision.decidedAt) })
              : fill(t("gaps.dismissedOn"), { date: day(gap.decision.decidedAt) })}
            {gap.since && (
              // Still missed after covering: the entry needs other phrasings or a better answer.
              <span className={cx("ml-2 font-medium", gap.since.missed > 0 && "text-amber-700")}>
                {fill(t("gaps.since"), { answered: gap.since.answered, missed: gap.since.missed })}
              </span>
            )}
          </p>
        )}
        {gap.status === "covered" && gap.decision?.sourceId && <AddToTestSet botId={botId} question={gap.label} sourceId={gap.decision.sourceId} />}
        {gap.examples.length > 0 && (
          <details open={gap.status === "open"}>
            <summary className="cursor-pointer text-sm font-medium text-slate-700">{t("gaps.examples")}</summary>
            <ul className="mt-2 space-y-1 text-sm text-slate-700">
              {gap.examples.map((e) => (
                <li key={`${e.conversationId}-${e.at.toISOString()}`} className="flex flex-wrap gap-x-2">
                  <span className="break-words">“{e.text}”</span>
                  <a className="text-xs text-slate-500 underline" href={`/conversations/${e.conversationId}`}>
                    {when(e.at)}
                  </a>
                </li>
              ))}
            </ul>
          </details>
        )}
        {adding && <AddToKnowledge botId={botId} days={days} gapKey={gap.key} onDone={() => setAdding(false)} />}
      </article>
    </Card>
  );
}

/** The FAQ form prefilled from the gap; saving creates the entry and marks the gap covered. */
function AddToKnowledge({ botId, days, gapKey, onDone }: { botId: string; days: number; gapKey: string; onDone: () => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const refresh = useRefreshQueries();
  const window = days as 7 | 30 | 90;
  const prefill = useQuery(trpc.gap.prefill.queryOptions({ botId, key: gapKey, days: window }, { staleTime: Infinity }));
  const cover = useMutation(
    trpc.gap.cover.mutationOptions({
      onSuccess: async () => {
        await refresh(trpc.gap.list.queryKey({ botId, days: window }), trpc.knowledge.list.queryKey({ id: botId }));
        onDone();
      },
    }),
  );
  if (prefill.error) return <Alert>{errorMessage(prefill.error)}</Alert>;
  if (!prefill.data) return <p className="text-sm text-slate-500">{t("gaps.loading")}</p>;
  const initial: FaqInput = { question: prefill.data.question, alternatives: prefill.data.alternatives, answer: prefill.data.answer };
  return (
    <section className="space-y-2" aria-label={t("gaps.formTitle")}>
      <h3 className="text-sm font-semibold text-slate-900">{t("gaps.formTitle")}</h3>
      <p className="text-sm text-slate-600">
        {t("gaps.formHelp")} {prefill.data.answerFromAgent ? t("gaps.formFromAgent") : t("gaps.formNoAnswer")}
      </p>
      <FaqForm
        label={t("gaps.save")}
        initial={initial}
        pending={cover.isPending}
        error={cover.error}
        onCancel={onDone}
        onSubmit={(faq) => cover.mutate({ botId, key: gapKey, days: window, ...faq })}
      />
    </section>
  );
}
