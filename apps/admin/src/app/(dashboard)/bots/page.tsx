"use client";
import { Button, Card } from "@kefu/ui";
import { useIsMutating, useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { BotForm } from "~/components/bot-form";
import { DemoData } from "~/components/demo-data";
import { EmptyState } from "~/components/empty-state";
import { OnboardingChecklist } from "~/components/onboarding-checklist";
import { RoleNote, useCan } from "~/components/permission-gate";
import { useI18n } from "~/lib/i18n";
import { useRefreshQueries } from "~/lib/refresh-queries";
import { useTRPC } from "~/lib/trpc";

export default function BotsPage() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const router = useRouter();
  const refresh = useRefreshQueries();
  const bots = useQuery(trpc.bot.list.queryOptions());
  const [creating, setCreating] = useState(false);
  const can = useCan();
  // While the demo is being added, "no bots yet" is about to be untrue: its progress says what is coming.
  const seedingDemo = useIsMutating({ mutationKey: trpc.demo.seed.mutationKey() }) > 0;
  const create = useMutation(
    trpc.bot.create.mutationOptions({
      onSuccess: async (bot) => {
        await refresh(trpc.bot.list.queryKey());
        router.push(`/bots/${bot.id}`);
      },
    }),
  );

  return (
    <div className="space-y-6">
      <OnboardingChecklist />
      <div className="flex items-center justify-between">
        <h1 className="text-2xl font-semibold">{t("bots.title")}</h1>
        {!creating && can("bot.create") && <Button onClick={() => setCreating(true)}>{t("bots.create")}</Button>}
        {can("bot.create") === false && <RoleNote permission="bot.create" />}
      </div>
      {creating && (
        <Card title={t("bots.createTitle")}>
          <BotForm
            submitLabel={t("bots.createSubmit")}
            pending={create.isPending}
            error={create.error}
            onSubmit={(input) => create.mutate(input)}
            onCancel={() => setCreating(false)}
          />
        </Card>
      )}
      {bots.isPending && <p className="text-slate-500">{t("common.loading")}</p>}
      {bots.data && !creating && <DemoData hasBots={bots.data.length > 0} />}
      {bots.data?.length === 0 && !creating && !seedingDemo && <EmptyState title={t("empty.bots.title")}>{t("empty.bots.body")}</EmptyState>}
      <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" aria-label={t("bots.title")}>
        {bots.data?.map((bot) => (
          <li key={bot.id}>
            <Link href={`/bots/${bot.id}`} className="block rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200 hover:ring-indigo-300">
              <div className="flex items-center gap-3">
                <span className="h-8 w-8 rounded-full" style={{ backgroundColor: bot.brandColor }} aria-hidden />
                <div>
                  <p className="font-semibold">{bot.name}</p>
                  <p className="text-xs text-slate-500">{bot.language === "zh" ? t("bots.lang.zh") : t("bots.lang.en")}</p>
                </div>
              </div>
              <p className="mt-3 line-clamp-2 text-sm text-slate-600">{bot.greeting}</p>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
