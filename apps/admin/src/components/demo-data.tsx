"use client";
import { fillTemplate } from "@kefu/domain";
import { Button } from "@kefu/ui";
import { type MessageKey } from "@kefu/ui/i18n";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { demoErrorMessage } from "~/components/demo-error";
import { useCan } from "~/components/permission-gate";
import { useI18n } from "~/lib/i18n";
import { useRefreshQueries } from "~/lib/refresh-queries";
import { useTRPC } from "~/lib/trpc";

/**
 * "Explore with demo data" for a workspace with no bots yet (owners and admins: it makes bots), with
 * its progress while the sample conversations are played; once there, "Remove demo data" deletes
 * what it made and nothing else.
 */
export function DemoData({ hasBots }: { hasBots: boolean }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const refresh = useRefreshQueries();
  const can = useCan();
  const [removed, setRemoved] = useState(false);
  const after = () => refresh(trpc.bot.list.queryKey(), trpc.demo.status.queryKey(), trpc.onboarding.status.queryKey());
  const seed = useMutation(trpc.demo.seed.mutationOptions({ onSuccess: after, onSettled: () => setRemoved(false) }));
  const remove = useMutation(
    trpc.demo.remove.mutationOptions({
      onSuccess: async () => {
        await after();
        setRemoved(true);
      },
    }),
  );
  // Polled while a seed runs (here or in another tab), for its progress.
  const status = useQuery(trpc.demo.status.queryOptions(undefined, { refetchInterval: (q) => (seed.isPending || q.state.data?.seeding ? 1000 : false) }));
  const seeding = seed.isPending || Boolean(status.data?.seeding);
  const progress = status.data?.seeding;
  const demoBots = status.data?.demoBots ?? 0;

  if (seeding) {
    const phase = progress?.phase ?? "bots";
    return (
      <section aria-labelledby="demo-title" className="rounded-xl bg-white p-5 shadow-sm ring-1 ring-indigo-200" data-testid="demo-progress">
        <h2 id="demo-title" className="text-base font-semibold text-slate-900">
          {t("demo.progress.label")}
        </h2>
        <p className="mt-1 text-sm text-slate-600" role="status">
          {fillTemplate(t(`demo.progress.${phase}` as MessageKey), { done: progress?.done ?? 0, total: progress?.total ?? 0 })}
        </p>
        <progress
          className="mt-3 h-2 w-full overflow-hidden rounded-full bg-slate-200 [&::-moz-progress-bar]:bg-indigo-600 [&::-webkit-progress-bar]:bg-slate-200 [&::-webkit-progress-value]:bg-indigo-600"
          aria-label={t("demo.progress.label")}
          {...(progress && progress.total > 0 ? { max: progress.total, value: progress.done } : {})}
        />
      </section>
    );
  }
  if (demoBots > 0) {
    return (
      <section className="flex flex-wrap items-center justify-between gap-3 rounded-xl bg-indigo-50 px-5 py-3 text-sm text-indigo-900 ring-1 ring-indigo-200" data-testid="demo-present">
        <p>{fillTemplate(t("demo.present"), { count: demoBots })}</p>
        {can("bot.delete") && (
          <Button
            variant="secondary"
            disabled={remove.isPending}
            onClick={() => {
              if (window.confirm(t("demo.removeConfirm"))) remove.mutate();
            }}
          >
            {t("demo.remove")}
          </Button>
        )}
        {remove.error && <p role="alert" className="basis-full text-red-700">{demoErrorMessage(remove.error, t, "remove")}</p>}
      </section>
    );
  }
  if (removed) {
    return (
      <p role="status" className="text-sm text-slate-600" data-testid="demo-removed">
        {t("demo.removed")}
      </p>
    );
  }
  if (hasBots || !can("bot.create")) return null;
  return (
    <section aria-labelledby="demo-title" className="rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200" data-testid="demo-offer">
      <h2 id="demo-title" className="text-base font-semibold text-slate-900">
        {t("demo.offer.title")}
      </h2>
      <p className="mt-1 max-w-2xl text-sm text-slate-600">{t("demo.offer.body")}</p>
      <Button className="mt-3" onClick={() => seed.mutate()}>
        {t("demo.offer.button")}
      </Button>
      {seed.error && (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {demoErrorMessage(seed.error, t, "seed")}
        </p>
      )}
    </section>
  );
}
