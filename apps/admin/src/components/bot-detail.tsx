"use client";
import { embedSnippet } from "@kefu/domain";
import { Alert, Button, Card } from "@kefu/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import * as Tabs from "@radix-ui/react-tabs";
import { type ReactNode, useState } from "react";
import { AllowedOriginsForm } from "~/components/allowed-origins-form";
import { AppearanceCard } from "~/components/appearance/appearance-card";
import { BotForm } from "~/components/bot-form";
import { BotModelCard } from "~/components/bot-model-form";
import { BotPrivacyCard } from "~/components/bot-privacy-form";
import { PrechatFormCard } from "~/components/prechat/prechat-form-card";
import { GeneratedPhrasingsCard } from "~/components/generated-phrasings";
import { IdentitySecretForm } from "~/components/identity-secret-form";
import { KnowledgeBasesCard } from "~/components/knowledge-bases-card";
import { KnowledgePanel } from "~/components/knowledge-panel";
import { SynonymsCard } from "~/components/synonyms-card";
import { Playground } from "~/components/playground";
import { ReadOnlyUnless, useCan } from "~/components/permission-gate";
import { NewFailuresCard } from "~/components/regression/new-failures-card";
import { QuestionRewriteCard } from "~/components/question-rewrite-card";
import { RulesCard } from "~/components/rules-card";
import { useI18n } from "~/lib/i18n";
import { useQueryParams } from "~/lib/query-params";
import { useRefreshQueries } from "~/lib/refresh-queries";
import { errorMessage, useTRPC } from "~/lib/trpc";

/** The bot page's tabs, as named in its URL (?tab=knowledge); overview when absent. */
export type BotTab = "overview" | "knowledge" | "playground" | "rules" | "widget" | "model";

export function BotDetail({ id, chatUrl }: { id: string; chatUrl: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const refresh = useRefreshQueries();
  // An agent sees the bot and tries it; what only owners and admins may change is disabled (with
  // the reason) or, for pure configuration, not shown.
  const can = useCan();
  const configures = can("bot.update") === true;
  const { params, navigate } = useQueryParams();
  const bot = useQuery(trpc.bot.get.queryOptions({ id }, { retry: false }));
  const update = useMutation(
    trpc.bot.update.mutationOptions({
      onSuccess: (saved) => queryClient.setQueryData(trpc.bot.get.queryKey({ id }), saved),
    }),
  );
  // The onboarding checklist's "copy the snippet" step is ticked from this.
  const snippetCopied = useMutation(trpc.onboarding.snippetCopied.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.onboarding.status.queryKey() }) }));
  const remove = useMutation(
    trpc.bot.delete.mutationOptions({
      onSuccess: async () => {
        await refresh(trpc.bot.list.queryKey());
        router.replace("/bots");
      },
    }),
  );

  if (bot.isPending) return <p className="text-slate-500">{t("common.loading")}</p>;
  if (bot.error) {
    return (
      <div className="space-y-4">
        <Alert>{errorMessage(bot.error)}</Alert>
        <Link href="/bots" className="text-indigo-600 underline">
          {t("common.back")}
        </Link>
      </div>
    );
  }
  const data = bot.data;
  const snippet = embedSnippet(chatUrl, data.publicId);
  const hostedUrl = `${chatUrl}/c/${data.publicId}`;

  const tabs: { id: BotTab; label: string; panel: ReactNode }[] = [
    {
      id: "overview",
      label: t("bots.tab.overview"),
      panel: (
        <Card title={t("bots.settings")}>
          <ReadOnlyUnless permission="bot.update">
            <BotForm
              key={data.updatedAt.toISOString()}
              initial={data}
              submitLabel={t("common.save")}
              pending={update.isPending}
              error={update.error}
              saved={update.isSuccess}
              onSubmit={(input) => update.mutate({ id, ...input })}
            />
            <div className="mt-6 border-t border-slate-200 pt-4">
              {remove.error && <Alert>{errorMessage(remove.error)}</Alert>}
              <Button
                variant="danger"
                disabled={remove.isPending}
                onClick={() => {
                  if (window.confirm(t("bots.deleteConfirm"))) remove.mutate({ id });
                }}
              >
                {t("bots.delete")}
              </Button>
            </div>
          </ReadOnlyUnless>
        </Card>
      ),
    },
    {
      id: "knowledge",
      label: t("bots.tab.knowledge"),
      panel: (
        <>
          <ReadOnlyUnless permission="knowledge.update">
            <KnowledgePanel botId={id} />
          </ReadOnlyUnless>
          <ReadOnlyUnless permission="knowledge.update">
            <KnowledgeBasesCard botId={id} />
          </ReadOnlyUnless>
          {configures && (
            <>
              <SynonymsCard />
              <GeneratedPhrasingsCard botId={id} />
            </>
          )}
        </>
      ),
    },
    { id: "playground", label: t("bots.tab.playground"), panel: <Playground botId={id} /> },
    {
      id: "rules",
      label: t("bots.tab.rules"),
      panel: (
        <ReadOnlyUnless permission="bot.update">
          <RulesCard botId={id} />
        </ReadOnlyUnless>
      ),
    },
    {
      id: "widget",
      label: t("bots.tab.widget"),
      panel: (
        <>
          <Card title={t("bots.embed")}>
            <p className="mb-2 text-sm text-slate-600">{t("bots.embedHelp")}</p>
            <CopyBox label={t("bots.embed")} value={snippet} testId="embed-snippet" onCopy={() => snippetCopied.mutate()} />
            {configures && <AllowedOriginsForm id={id} allowedOrigins={data.allowedOrigins} />}
            {can("identity.manage") && <IdentitySecretForm botId={id} />}
          </Card>
          <Card title={t("bots.hostedPage")}>
            <p className="mb-2 text-sm text-slate-600">{t("bots.hostedHelp")}</p>
            <CopyBox label={t("bots.hostedPage")} value={hostedUrl} testId="hosted-url" />
            <a href={hostedUrl} target="_blank" rel="noreferrer" className="mt-2 inline-block break-all text-sm text-indigo-600 underline">
              {hostedUrl}
            </a>
          </Card>
          {/* How the widget looks, with a live preview of the unsaved changes. */}
          {configures && <AppearanceCard bot={data} />}
          {/* What visitors are told and what reaches a model about them. */}
          {configures && <BotPrivacyCard botId={id} />}
          {/* What visitors are asked before their first message. */}
          {configures && <PrechatFormCard botId={id} />}
        </>
      ),
    },
    // Pure configuration: left out for those who cannot change it.
    ...(configures
      ? [
          {
            id: "model" as const,
            label: t("bots.tab.model"),
            panel: (
              <>
                <BotModelCard key={`model-${data.id}`} bot={data} />
                <QuestionRewriteCard bot={data} />
              </>
            ),
          },
        ]
      : []),
  ];
  const current = tabs.some((tab) => tab.id === params.get("tab")) ? (params.get("tab") as BotTab) : "overview";

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <Link href="/bots" className="text-sm text-slate-600 hover:underline">
          ← {t("nav.bots")}
        </Link>
        <h1 className="text-2xl font-semibold">{data.name}</h1>
        <Link href={`/improve/gaps?bot=${id}`} className="ml-auto text-sm text-indigo-600 hover:underline" title={t("gaps.botLinkHelp")}>
          {t("gaps.botLink")} →
        </Link>
      </div>
      <NewFailuresCard botId={id} />
      {/* WAI-ARIA tabs (Radix: arrow keys move between tabs, Tab enters the panel); the tab lives in
          the URL so a reload or a shared link opens the same one. */}
      <Tabs.Root value={current} onValueChange={(tab) => navigate({ tab: tab === "overview" ? null : tab })}>
        <Tabs.List aria-label={t("bots.tabs")} className="-mx-1 flex gap-1 overflow-x-auto border-b border-slate-200">
          {tabs.map((tab) => (
            <Tabs.Trigger
              key={tab.id}
              value={tab.id}
              className="-mb-px whitespace-nowrap border-b-2 border-transparent px-3 py-2 text-sm font-medium text-slate-600 hover:text-slate-900 focus-visible:outline focus-visible:outline-2 focus-visible:outline-indigo-600 data-[state=active]:border-indigo-600 data-[state=active]:text-indigo-700"
            >
              {tab.label}
            </Tabs.Trigger>
          ))}
        </Tabs.List>
        {tabs.map((tab) => (
          <Tabs.Content key={tab.id} value={tab.id} className="mt-6 space-y-6 focus-visible:outline-none">
            {tab.panel}
          </Tabs.Content>
        ))}
      </Tabs.Root>
    </div>
  );
}

function CopyBox({ label, value, testId, onCopy }: { label: string; value: string; testId: string; onCopy?: () => void }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  return (
    <div className="flex items-start gap-2">
      <code aria-label={label} data-testid={testId} className="block flex-1 break-all rounded-md bg-slate-900 px-3 py-2 font-mono text-xs text-slate-100">
        {value}
      </code>
      <Button
        variant="secondary"
        onClick={async () => {
          await navigator.clipboard?.writeText(value).catch(() => {});
          onCopy?.();
          setCopied(true);
          setTimeout(() => setCopied(false), 2000);
        }}
      >
        {copied ? t("common.copied") : t("common.copy")}
      </Button>
    </div>
  );
}
