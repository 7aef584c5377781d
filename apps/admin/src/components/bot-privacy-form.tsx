"use client";
import { fillTemplate } from "@kefu/domain";
import { Alert, Card, TextAreaField, TextField } from "@kefu/ui";
import { TRPCClientError } from "@trpc/client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { FormActions } from "~/components/form-actions";
import { useI18n } from "~/lib/i18n";
import { fieldError, formError, useTRPC } from "~/lib/trpc";

const NOTICE_FIELDS = ["privacyNotice", "privacyNoticeUrl"] as const;

/** "NAME: pattern" lines → patterns; the first line that is not one, or null. */
function parsePatterns(text: string): { patterns: { name: string; pattern: string }[]; badLine: number | null } {
  const patterns: { name: string; pattern: string }[] = [];
  const lines = text.split("\n");
  for (const [i, line] of lines.entries()) {
    if (!line.trim()) continue;
    const colon = line.indexOf(":");
    if (colon < 1) return { patterns, badLine: i + 1 };
    patterns.push({ name: line.slice(0, colon).trim(), pattern: line.slice(colon + 1).trim() });
  }
  return { patterns, badLine: null };
}

/** The first field error about a pattern, as "Line n: …" (n counts the non-empty lines saved). */
function patternError(error: unknown, t: (key: "privacy.patternLine") => string): string | null {
  if (!(error instanceof TRPCClientError)) return null;
  const fields = (error.data as { fieldErrors?: Record<string, string[]> | null } | undefined)?.fieldErrors ?? {};
  const key = Object.keys(fields).find((k) => k.startsWith("piiPatterns"));
  if (!key) return null;
  const index = Number(key.split(".")[1]);
  const message = fields[key]![0]!;
  return Number.isInteger(index) ? fillTemplate(t("privacy.patternLine"), { line: index + 1, message }) : message;
}

/**
 * The bot's "Privacy" card: personal data hidden from remote models, masked in transcripts, the
 * tenant's own patterns, and the notice visitors see before their first message.
 */
export function BotPrivacyCard({ botId }: { botId: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const privacy = useQuery(trpc.bot.privacy.queryOptions({ id: botId }));
  const save = useMutation(
    trpc.bot.updatePrivacy.mutationOptions({ onSuccess: (saved) => queryClient.setQueryData(trpc.bot.privacy.queryKey({ id: botId }), saved) }),
  );
  const [redact, setRedact] = useState<boolean | null>(null);
  const [mask, setMask] = useState<boolean | null>(null);
  const [formatError, setFormatError] = useState<string | null>(null);
  if (!privacy.data) return null;
  const redactPii = redact ?? privacy.data.redactPii;
  const maskStoredPii = mask ?? privacy.data.maskStoredPii;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const { patterns, badLine } = parsePatterns(String(form.get("piiPatterns") ?? ""));
    if (badLine !== null) {
      setFormatError(fillTemplate(t("privacy.patternFormat"), { line: badLine }));
      return;
    }
    setFormatError(null);
    const privacyNotice = String(form.get("privacyNotice") ?? "");
    const privacyNoticeUrl = String(form.get("privacyNoticeUrl") ?? "");
    save.mutate({ id: botId, redactPii, maskStoredPii, piiPatterns: patterns, privacyNotice, privacyNoticeUrl });
  }

  const patternsError = formatError ?? patternError(save.error, t);
  return (
    <Card title={t("privacy.title")}>
      <p className="mb-4 text-sm text-slate-600">{t("privacy.intro")}</p>
      <form onSubmit={submit} className="space-y-4" noValidate aria-label={t("privacy.title")}>
        {!patternsError && formError(save.error, NOTICE_FIELDS) && <Alert>{formError(save.error, NOTICE_FIELDS)}</Alert>}
        <div>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="redactPii" checked={redactPii} onChange={(e) => setRedact(e.target.checked)} />
            {t("privacy.redact")}
          </label>
          <p className="ml-6 mt-1 text-xs text-slate-500">{t("privacy.redactHint")}</p>
        </div>
        <div>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="maskStoredPii" checked={maskStoredPii} onChange={(e) => setMask(e.target.checked)} />
            {t("privacy.mask")}
          </label>
          <p className="ml-6 mt-1 text-xs text-slate-500">{t("privacy.maskHint")}</p>
        </div>
        <TextAreaField
          label={t("privacy.patterns")}
          name="piiPatterns"
          rows={3}
          className="font-mono"
          defaultValue={privacy.data.piiPatterns.map((p) => `${p.name}: ${p.pattern}`).join("\n")}
          hint={t("privacy.patternsHint")}
          error={patternsError}
        />
        <TextAreaField
          label={t("privacy.notice")}
          name="privacyNotice"
          rows={3}
          maxLength={1000}
          defaultValue={privacy.data.privacyNotice ?? ""}
          hint={t("privacy.noticeHint")}
          error={fieldError(save.error, "privacyNotice")}
        />
        <TextField
          label={t("privacy.noticeUrl")}
          name="privacyNoticeUrl"
          type="url"
          placeholder="https://"
          defaultValue={privacy.data.privacyNoticeUrl ?? ""}
          error={fieldError(save.error, "privacyNoticeUrl")}
        />
        <FormActions label={t("common.save")} pending={save.isPending} saved={save.isSuccess} />
      </form>
    </Card>
  );
}
