"use client";
import { type AdminRouter } from "@kefu/api";
import { fillTemplate } from "@kefu/domain";
import { Alert, Card, SelectField, TextField } from "@kefu/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { type FormEvent, useState } from "react";
import { AnswerPrecisionField, PRECISION_MAX, PRECISION_MIN } from "~/components/answer-precision";
import { FormActions } from "~/components/form-actions";
import { useI18n } from "~/lib/i18n";
import { useRefreshQueries } from "~/lib/refresh-queries";
import { errorMessage, fieldError, formError, useTRPC } from "~/lib/trpc";

type Bot = inferRouterOutputs<AdminRouter>["bot"]["get"];
type Provider = inferRouterOutputs<AdminRouter>["provider"]["list"][number];

/** Suggestions for a model field: the models the chosen provider lists (a real call, on request). */
function ModelSuggestions({ providerId, listId }: { providerId: string; listId: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const models = useMutation(trpc.provider.test.mutationOptions());
  return (
    <div className="mt-1 text-xs">
      <button type="button" className="text-indigo-600 underline disabled:opacity-60" disabled={models.isPending} onClick={() => models.mutate({ id: providerId })}>
        {models.isPending ? t("providers.testing") : t("botModel.suggestions")}
      </button>
      {models.error && <p role="alert" className="mt-1 text-red-600">{errorMessage(models.error)}</p>}
      <datalist id={listId}>
        {models.data?.models.map((m) => <option key={m} value={m} />)}
      </datalist>
    </div>
  );
}

const FIELDS = ["chatProviderId", "chatModel", "embeddingProviderId", "embeddingModel", "answerThreshold", "targetPrecision"] as const;

/**
 * One model choice (chat or embedding): its provider (built in, or one of the tenant's) and, for a
 * provider, the model's name (form field "chatModel" / "embeddingModel") with suggestions.
 */
function ProviderModelFields(props: {
  kind: "chat" | "embedding";
  providers: readonly Provider[];
  providerId: string;
  onProviderChange: (id: string) => void;
  defaultModel: string;
  error: string | null;
}) {
  const { t } = useI18n();
  const { kind, providerId } = props;
  const listId = `bot-${kind}-models`;
  return (
    <>
      <SelectField label={t(`botModel.${kind}Provider`)} value={providerId} onChange={(e) => props.onProviderChange(e.target.value)}>
        <option value="">{t("botModel.builtin")}</option>
        {props.providers.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </SelectField>
      {providerId && (
        <div>
          <TextField
            label={t(`botModel.${kind}Model`)}
            name={`${kind}Model`}
            defaultValue={props.defaultModel}
            hint={t(`botModel.${kind}ModelHint`)}
            maxLength={200}
            required
            list={listId}
            error={props.error}
          />
          <ModelSuggestions key={providerId} providerId={providerId} listId={listId} />
        </div>
      )}
    </>
  );
}

/** The bot's "AI model" card: chat and embedding providers and models, and how sure the bot must be to answer. */
export function BotModelCard({ bot }: { bot: Bot }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = useRefreshQueries();
  const providers = useQuery(trpc.provider.list.queryOptions(undefined, { retry: false }));
  const calibrations = useQuery(trpc.knowledgeBase.calibrationForBot.queryOptions({ id: bot.id }));
  const uncalibrated = !!calibrations.data && calibrations.data.every((kb) => !kb.calibration || kb.status === "too_small" || kb.status === "failed");
  const [chatProviderId, setChatProviderId] = useState(bot.chatProviderId ?? "");
  const [embeddingProviderId, setEmbeddingProviderId] = useState(bot.embeddingProviderId ?? "");
  const [targetPrecision, setTargetPrecision] = useState(Math.min(PRECISION_MAX, Math.max(PRECISION_MIN, bot.targetPrecision)));
  const save = useMutation(
    trpc.bot.updateModel.mutationOptions({
      onSuccess: (saved) => {
        queryClient.setQueryData(trpc.bot.get.queryKey({ id: bot.id }), saved);
        void refresh(trpc.bot.embeddingStatus.queryKey({ id: bot.id }));
      },
    }),
  );
  const err = save.error;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "").trim() || null;
    save.mutate({
      id: bot.id,
      chatProviderId: chatProviderId || null,
      chatModel: chatProviderId ? text("chatModel") : null,
      embeddingProviderId: embeddingProviderId || null,
      embeddingModel: embeddingProviderId ? text("embeddingModel") : null,
      answerThreshold: Number(form.get("answerThreshold")),
      targetPrecision,
    });
  }

  const options = providers.data ?? [];
  return (
    <Card title={t("botModel.title")}>
      <p className="mb-4 text-sm text-slate-600">{t("botModel.intro")}</p>
      <form onSubmit={submit} className="space-y-4" noValidate aria-label={t("botModel.title")}>
        {formError(err, FIELDS) && <Alert>{formError(err, FIELDS)}</Alert>}
        {providers.error && <Alert>{errorMessage(providers.error)}</Alert>}
        {providers.data?.length === 0 && (
          <Alert tone="info">
            {t("botModel.noProviders")}{" "}
            <Link href="/settings/providers" className="underline">
              {t("botModel.manageProviders")}
            </Link>
          </Alert>
        )}
        <div className="grid gap-4 sm:grid-cols-2">
          <ProviderModelFields
            kind="chat"
            providers={options}
            providerId={chatProviderId}
            onProviderChange={setChatProviderId}
            defaultModel={bot.chatModel ?? ""}
            error={fieldError(err, "chatModel")}
          />
          <ProviderModelFields
            kind="embedding"
            providers={options}
            providerId={embeddingProviderId}
            onProviderChange={setEmbeddingProviderId}
            defaultModel={bot.embeddingModel ?? ""}
            error={fieldError(err, "embeddingModel")}
          />
        </div>
        <p className="text-xs text-slate-500">{t("botModel.reembedNote")}</p>
        <EmbeddingStatus botId={bot.id} />
        <AnswerPrecisionField botId={bot.id} value={targetPrecision} onChange={setTargetPrecision} />
        {fieldError(err, "targetPrecision") && <Alert>{fieldError(err, "targetPrecision")}</Alert>}
        {/* Open while it is what applies: no knowledge base of the bot calibrated yet. */}
        <details className="text-sm" open={!!fieldError(err, "answerThreshold") || uncalibrated}>
          <summary className="cursor-pointer text-slate-700">{t("precision.advanced")}</summary>
          <TextField
            label={t("botModel.threshold")}
            name="answerThreshold"
            type="number"
            min={0}
            max={1}
            step={0.05}
            defaultValue={bot.answerThreshold}
            hint={t("precision.advancedHint")}
            className="mt-2 max-w-xs"
            error={fieldError(err, "answerThreshold")}
          />
        </details>
        <FormActions label={t("common.save")} pending={save.isPending} saved={save.isSuccess} />
      </form>
    </Card>
  );
}

/** Which vectors retrieval uses now, and how a re-index towards the chosen model is going. */
function EmbeddingStatus({ botId }: { botId: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const status = useQuery(
    trpc.bot.embeddingStatus.queryOptions({ id: botId }, { refetchInterval: (query) => (query.state.data?.state === "embedding" ? 2000 : false) }),
  );
  if (!status.data) return null;
  const { state, embedded, total, error } = status.data;
  const name = (key: string) => (key === "builtin" ? t("botModel.builtinEmbeddings") : key.slice(key.indexOf(":") + 1));
  const params = { active: name(status.data.active), wanted: name(status.data.wanted), embedded, total, error: error ?? "" };
  const text =
    state === "embedding" ? t("botModel.embeddingProgress") : state === "failed" ? t("botModel.embeddingFailed") : t("botModel.embeddingReady");
  return (
    <p aria-live="polite" className={state === "failed" ? "text-xs text-red-600" : "text-xs text-slate-600"} data-testid="embedding-status">
      {fillTemplate(text, params)}
    </p>
  );
}
