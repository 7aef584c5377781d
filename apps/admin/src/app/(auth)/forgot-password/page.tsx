"use client";
import { Alert, Button, TextField } from "@kefu/ui";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent } from "react";
import { AuthShell, ToLoginLink } from "~/components/auth-shell";
import { useI18n } from "~/lib/i18n";
import { rateLimitedText } from "~/lib/rate-limited";
import { fieldError, formError, useTRPC } from "~/lib/trpc";

/** "Forgot password?": the answer is the same whether or not an account has the address. */
export default function ForgotPasswordPage() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const request = useMutation(trpc.account.requestPasswordReset.mutationOptions());

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    request.mutate({ email: String(form.get("email") ?? "") });
  }

  const err = request.error;
  const general = rateLimitedText(err, t) ?? formError(err, ["email"]);
  return (
    <AuthShell title={t("auth.forgot.title")}>
      {request.isSuccess ? (
        <p role="status" className="text-sm text-slate-700" data-testid="reset-requested">
          {t("auth.forgot.sent")}
        </p>
      ) : (
        <form onSubmit={submit} className="space-y-4" noValidate>
          <p className="text-sm text-slate-600">{t("auth.forgot.help")}</p>
          {general && <Alert>{general}</Alert>}
          <TextField label={t("auth.email")} name="email" type="email" autoComplete="email" required error={fieldError(err, "email")} />
          <Button type="submit" className="w-full" disabled={request.isPending}>
            {request.isPending ? t("common.loading") : t("auth.forgot.submit")}
          </Button>
        </form>
      )}
      <ToLoginLink />
    </AuthShell>
  );
}
