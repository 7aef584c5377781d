"use client";
import { DEFAULT_WIDGET_APPEARANCE, fillTemplate, LAUNCHER_ICONS, SUGGESTED_QUESTIONS_MAX, type WidgetAppearance } from "@kefu/domain";
import { Alert, Button, Card, TextAreaField, TextField } from "@kefu/ui";
import { LauncherIcon } from "@kefu/ui/launcher";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type ChangeEvent, type FormEvent, useState } from "react";
import { chosenAvatar } from "~/lib/base64";
import { useI18n } from "~/lib/i18n";
import { errorMessage, fieldError, formError, useTRPC } from "~/lib/trpc";
import { AppearancePreview } from "./appearance-preview";
import { ColorField } from "./color-field";

/** Fields whose errors show beside them; any other error shows above the buttons. */
const FIELDS = [
  "brandColor",
  "greeting",
  "avatar.dataBase64",
  ...["launcherColor", "sideOffset", "bottomOffset", "launcherLabel", "displayName", "suggestedQuestions"].map((f) => `appearance.${f}`),
  ...Array.from({ length: SUGGESTED_QUESTIONS_MAX }, (_, i) => `appearance.suggestedQuestions.${i}`),
];

/** The avatar as the form holds it: the saved one kept, removed, or a new upload (sent on save). */
type AvatarDraft = { kind: "keep" } | { kind: "remove" } | { kind: "new"; dataBase64: string; url: string };

interface Draft {
  brandColor: string;
  greeting: string;
  appearance: WidgetAppearance;
  avatar: AvatarDraft;
}

/**
 * The Widget tab's appearance form beside its live preview: colours, launcher place, icon and
 * label, the header's name and picture, the greeting and suggested questions. The preview draws
 * the draft as it is typed; visitors see it once saved (bot.updateAppearance).
 */
export function AppearanceCard({ bot }: { bot: { id: string; name: string; language: "en" | "zh"; allowHandoff: boolean } }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const saved = useQuery(trpc.bot.appearance.queryOptions({ id: bot.id }));
  const [draft, setDraft] = useState<Draft | null>(null);
  const [tooLarge, setTooLarge] = useState(false);
  const save = useMutation(
    trpc.bot.updateAppearance.mutationOptions({
      onSuccess: async (result) => {
        queryClient.setQueryData(trpc.bot.appearance.queryKey({ id: bot.id }), result);
        setDraft(null);
        // Brand colour and greeting are the bot form's fields too.
        await queryClient.invalidateQueries({ queryKey: trpc.bot.get.queryKey({ id: bot.id }) });
      },
    }),
  );
  if (!saved.data) return saved.error ? <Alert>{errorMessage(saved.error)}</Alert> : null;

  const current: Draft = draft ?? { brandColor: saved.data.brandColor, greeting: saved.data.greeting, appearance: saved.data.appearance, avatar: { kind: "keep" } };
  const looks = current.appearance;
  const avatarUrl = current.avatar.kind === "new" ? current.avatar.url : current.avatar.kind === "remove" ? null : saved.data.avatarUrl;
  const change = (next: Partial<Draft>) => {
    save.reset();
    setDraft({ ...current, ...next });
  };
  const set = (next: Partial<WidgetAppearance>) => change({ appearance: { ...looks, ...next } });
  const error = (field: string) => fieldError(save.error, field) ?? undefined;
  const questions = [...looks.suggestedQuestions, ...Array<string>(SUGGESTED_QUESTIONS_MAX).fill("")].slice(0, SUGGESTED_QUESTIONS_MAX);

  async function pick(event: ChangeEvent<HTMLInputElement>) {
    const chosen = await chosenAvatar(event.target);
    if (!chosen) return;
    setTooLarge(chosen === "too_large");
    if (chosen !== "too_large") change({ avatar: { kind: "new", dataBase64: chosen.dataBase64, url: `data:${chosen.type || "image/png"};base64,${chosen.dataBase64}` } });
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const avatar = current.avatar.kind === "keep" ? undefined : current.avatar.kind === "remove" ? null : { dataBase64: current.avatar.dataBase64 };
    const appearance = { ...looks, suggestedQuestions: looks.suggestedQuestions.map((q) => q.trim()).filter(Boolean) };
    save.mutate({ id: bot.id, brandColor: current.brandColor, greeting: current.greeting, appearance, ...(avatar === undefined ? {} : { avatar }) });
  }

  const radio = "flex cursor-pointer items-center gap-2 rounded-md px-3 py-2 text-sm ring-1 ring-inset ring-slate-300 has-[:checked]:bg-indigo-50 has-[:checked]:ring-2 has-[:checked]:ring-indigo-600 has-[:focus-visible]:outline has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-indigo-600";
  return (
    <Card title={t("appearance.title")}>
      <p className="mb-4 text-sm text-slate-600">{t("appearance.help")}</p>
      <div className="flex flex-wrap items-start gap-8">
        <form onSubmit={submit} noValidate aria-label={t("appearance.title")} className="min-w-0 max-w-xl flex-1 basis-80 space-y-5" data-testid="appearance-form">
          <div className="flex flex-wrap gap-6">
            <ColorField id="appearance-brand" label={t("bots.brandColor")} value={current.brandColor} onChange={(brandColor) => change({ brandColor })} error={error("brandColor")} />
            <div className="space-y-2">
              <label className="flex items-center gap-2 text-sm text-slate-700">
                <input type="checkbox" checked={looks.launcherColor === null} onChange={(e) => set({ launcherColor: e.target.checked ? null : current.brandColor })} />
                {t("appearance.launcherColorSame")}
              </label>
              {looks.launcherColor !== null && (
                <ColorField id="appearance-launcher" label={t("appearance.launcherColor")} value={looks.launcherColor} onChange={(launcherColor) => set({ launcherColor })} error={error("appearance.launcherColor")} />
              )}
            </div>
          </div>

          <fieldset>
            <legend className="text-sm font-medium text-slate-800">{t("appearance.position")}</legend>
            <div className="mt-1 flex flex-wrap gap-2">
              {(["right", "left"] as const).map((position) => (
                <label key={position} className={radio}>
                  <input type="radio" name="appearance-position" className="sr-only" checked={looks.position === position} onChange={() => set({ position })} />
                  {t(position === "left" ? "appearance.position.left" : "appearance.position.right")}
                </label>
              ))}
            </div>
          </fieldset>
          <div className="flex flex-wrap gap-4">
            <OffsetField label={t("appearance.sideOffset")} hint={t("appearance.offsetHint")} value={looks.sideOffset} onChange={(sideOffset) => set({ sideOffset })} error={error("appearance.sideOffset")} />
            <OffsetField label={t("appearance.bottomOffset")} hint={t("appearance.offsetHint")} value={looks.bottomOffset} onChange={(bottomOffset) => set({ bottomOffset })} error={error("appearance.bottomOffset")} />
          </div>

          <fieldset>
            <legend className="text-sm font-medium text-slate-800">{t("appearance.launcherIcon")}</legend>
            <div className="mt-1 flex flex-wrap gap-2">
              {LAUNCHER_ICONS.map((icon) => (
                <label key={icon} className={radio}>
                  <input type="radio" name="appearance-icon" className="sr-only" checked={looks.launcherIcon === icon} onChange={() => set({ launcherIcon: icon })} />
                  <span className="text-slate-700">
                    <LauncherIcon icon={icon} color="currentColor" size={18} />
                  </span>
                  {t(`appearance.icon.${icon}`)}
                </label>
              ))}
            </div>
          </fieldset>
          <TextField
            label={t("appearance.launcherLabel")}
            hint={t("appearance.launcherLabelHint")}
            value={looks.launcherLabel}
            maxLength={30}
            onChange={(e) => set({ launcherLabel: e.target.value })}
            error={error("appearance.launcherLabel")}
          />
          <TextField
            label={t("appearance.displayName")}
            hint={fillTemplate(t("appearance.displayNameHint"), { name: bot.name })}
            value={looks.displayName}
            maxLength={80}
            onChange={(e) => set({ displayName: e.target.value })}
            error={error("appearance.displayName")}
          />

          <div>
            <p className="text-sm font-medium text-slate-800">{t("appearance.avatar")}</p>
            <div className="mt-1 flex flex-wrap items-center gap-3 text-sm">
              {avatarUrl && <img src={avatarUrl} alt="" className="h-10 w-10 rounded-full object-cover ring-1 ring-slate-200" />}
              <label className="cursor-pointer rounded-md bg-white px-3 py-1.5 font-medium text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50 focus-within:ring-2 focus-within:ring-indigo-500">
                {t("appearance.avatarUpload")}
                <input type="file" accept="image/png,image/jpeg,image/webp" className="sr-only" onChange={(e) => void pick(e)} />
              </label>
              {avatarUrl && (
                <Button type="button" variant="secondary" className="px-3 py-1.5" onClick={() => change({ avatar: { kind: "remove" } })}>
                  {t("appearance.avatarRemove")}
                </Button>
              )}
              <span className="text-xs text-slate-500">{t("appearance.avatarHint")}</span>
            </div>
            {(tooLarge || error("avatar.dataBase64")) && (
              <div className="mt-2">
                <Alert>{tooLarge ? t("appearance.avatarTooLarge") : error("avatar.dataBase64")}</Alert>
              </div>
            )}
          </div>

          <TextAreaField label={t("bots.greeting")} rows={2} value={current.greeting} onChange={(e) => change({ greeting: e.target.value })} error={error("greeting")} />
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium text-slate-800">{t("appearance.questions")}</legend>
            <p className="text-xs text-slate-500">{t("appearance.questionsHint")}</p>
            {questions.map((question, i) => (
              <TextField
                key={i}
                label={fillTemplate(t("appearance.question"), { n: i + 1 })}
                value={question}
                maxLength={120}
                onChange={(e) => {
                  const next = [...questions];
                  next[i] = e.target.value;
                  // Blank boxes are kept while typing (so focus stays put), dropped when saved.
                  set({ suggestedQuestions: next.slice(0, lastFilled(next) + 1) });
                }}
                error={error(`appearance.suggestedQuestions.${i}`) ?? (i === 0 ? error("appearance.suggestedQuestions") : undefined)}
              />
            ))}
          </fieldset>

          {formError(save.error, FIELDS) && <Alert>{formError(save.error, FIELDS)}</Alert>}
          {draft && (
            <p className="text-sm text-amber-800" role="status" data-testid="appearance-unsaved">
              {t("appearance.unsaved")}
            </p>
          )}
          <div className="flex flex-wrap items-center gap-3">
            <Button type="submit" disabled={save.isPending}>
              {save.isPending ? t("common.saving") : t("common.save")}
            </Button>
            <Button type="button" variant="secondary" onClick={() => change({ appearance: DEFAULT_WIDGET_APPEARANCE, avatar: saved.data.avatarUrl ? { kind: "remove" } : { kind: "keep" } })}>
              {t("appearance.reset")}
            </Button>
            {save.isSuccess && !draft && (
              <span role="status" className="text-sm text-emerald-700">
                {t("common.saved")}
              </span>
            )}
          </div>
        </form>
        {/* As wide as the preview's picture (600 × 0.62 px), narrower on a phone. */}
        <div className="min-w-0 max-w-[372px] flex-1 basis-72 lg:sticky lg:top-4">
          <AppearancePreview
            looks={{ name: bot.name, language: bot.language, brandColor: current.brandColor, greeting: current.greeting, appearance: looks, avatarUrl, allowHandoff: bot.allowHandoff }}
          />
        </div>
      </div>
    </Card>
  );
}

const lastFilled = (values: readonly string[]) => values.reduce((last, value, i) => (value.trim() ? i : last), -1);

function OffsetField(props: { label: string; hint: string; value: number; error?: string; onChange: (value: number) => void }) {
  return (
    <TextField
      label={props.label}
      hint={props.hint}
      type="number"
      min={0}
      max={200}
      step={1}
      inputMode="numeric"
      className="w-56"
      value={String(props.value)}
      onChange={(e) => {
        const value = Math.round(Number(e.target.value));
        props.onChange(Number.isFinite(value) ? value : 0);
      }}
      error={props.error}
    />
  );
}
