"use client";
import { fillTemplate, ONBOARDING_STEPS, type OnboardingStep } from "@kefu/domain";
import { Button } from "@kefu/ui";
import { type MessageKey } from "@kefu/ui/i18n";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useI18n } from "~/lib/i18n";
import { useTRPC } from "~/lib/trpc";

/** Where each step is done: the first bot's tab for it, the bots page before there is one, the team page. */
function hrefOf(step: OnboardingStep, botId: string | null): string {
  if (step === "invited") return "/settings/team";
  if (!botId || step === "bot") return botId ? `/bots/${botId}` : "/bots";
  return `/bots/${botId}?tab=${step === "knowledge" ? "knowledge" : "widget"}`;
}

/**
 * The first steps of a new workspace, each ticked from what it has really done (the server reads
 * them: onboarding.status), until every step is done or the member hides it.
 */
export function OnboardingChecklist() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // Read afresh on each visit: the steps are done elsewhere (another tab, the widget, a colleague).
  const status = useQuery(trpc.onboarding.status.queryOptions(undefined, { staleTime: 0, refetchOnMount: "always" }));
  const dismiss = useMutation(
    trpc.onboarding.dismiss.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.onboarding.status.queryKey() }),
    }),
  );
  const data = status.data;
  if (!data || data.dismissed) return null;
  const done = ONBOARDING_STEPS.filter((step) => data.steps[step]).length;
  return (
    <section aria-labelledby="onboarding-title" className="rounded-xl bg-white p-5 shadow-sm ring-1 ring-indigo-200" data-testid="onboarding">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h2 id="onboarding-title" className="text-base font-semibold text-slate-900">
            {t("onboarding.title")}
          </h2>
          <p className="text-sm text-slate-600" data-testid="onboarding-progress">
            {fillTemplate(t("onboarding.progress"), { done, total: ONBOARDING_STEPS.length })}
          </p>
        </div>
        <Button variant="ghost" disabled={dismiss.isPending} onClick={() => dismiss.mutate()}>
          {t("onboarding.dismiss")}
        </Button>
      </div>
      <progress
        className="mt-3 h-2 w-full overflow-hidden rounded-full bg-slate-200 [&::-moz-progress-bar]:bg-indigo-600 [&::-webkit-progress-bar]:bg-slate-200 [&::-webkit-progress-value]:bg-indigo-600"
        max={ONBOARDING_STEPS.length} value={done} aria-label={t("onboarding.title")} />
      {done === ONBOARDING_STEPS.length && <p className="mt-3 text-sm font-medium text-emerald-700">{t("onboarding.allDone")}</p>}
      <ol className="mt-3 grid gap-2 sm:grid-cols-2 lg:grid-cols-5" aria-label={t("onboarding.title")}>
        {ONBOARDING_STEPS.map((step, index) => {
          const ticked = data.steps[step];
          return (
            <li key={step} data-testid={`onboarding-${step}`} data-done={ticked} className={ticked ? "rounded-lg bg-emerald-50 p-3" : "rounded-lg bg-slate-50 p-3"}>
              <Link href={hrefOf(step, data.botId)} className="group block focus-visible:outline focus-visible:outline-2 focus-visible:outline-indigo-600">
                <span className="flex items-center gap-2 text-sm font-medium text-slate-900">
                  <span
                    aria-hidden
                    className={
                      ticked
                        ? "flex h-5 w-5 shrink-0 items-center justify-center rounded-full bg-emerald-600 text-xs text-white"
                        : "flex h-5 w-5 shrink-0 items-center justify-center rounded-full ring-1 ring-slate-400 text-xs text-slate-600"
                    }
                  >
                    {ticked ? "✓" : index + 1}
                  </span>
                  <span className="group-hover:underline">{t(`onboarding.${step}` as MessageKey)}</span>
                  <span className="sr-only">({ticked ? t("onboarding.done") : t("onboarding.todo")})</span>
                </span>
                <span className="mt-1 block text-xs text-slate-600">{t(`onboarding.${step}.help` as MessageKey)}</span>
              </Link>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
