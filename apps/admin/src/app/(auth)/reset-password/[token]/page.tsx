"use client";
import { Alert, Button } from "@kefu/ui";
import { useMutation } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import Link from "next/link";
import { useParams } from "next/navigation";
import { type FormEvent } from "react";
import { AuthShell } from "~/components/auth-shell";
import { NewPasswordField } from "~/components/new-credential-fields";
import { useI18n } from "~/lib/i18n";
import { rateLimitedText } from "~/lib/rate-limited";
import { fieldError, formError, useTRPC } from "~/lib/trpc";

/** The page a reset link opens: a new password, once. */
export default function ResetPasswordPage() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const { token } = useParams<{ token: string }>();
  const reset = useMutation(trpc.account.resetPassword.mutationOptions());

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    reset.mutate({ token, password: String(form.get("password") ?? "") });
  }

  const err = reset.error;
  const invalid = err instanceof TRPCClientError && ((err.data as { reason?: string } | undefined)?.reason === "link_invalid" || fieldError(err, "token") !== null);
  const general = invalid ? t("auth.reset.invalid") : (rateLimitedText(err, t) ?? formError(err, ["password"]));
  return (
    <AuthShell title={t("auth.reset.title")}>
      {reset.isSuccess ? (
        <p role="status" className="text-sm text-slate-700" data-testid="password-reset-done">
          {t("auth.reset.done")}
        </p>
      ) : (
        <form onSubmit={submit} className="space-y-4" noValidate>
          {general && <Alert>{general}</Alert>}
          <NewPasswordField error={err} minLength={8} maxLength={128} />
          <Button type="submit" className="w-full" disabled={reset.isPending}>
            {reset.isPending ? t("common.loading") : t("auth.reset.submit")}
          </Button>
        </form>
      )}
      <p className="mt-4 text-sm">
        <Link href={invalid ? "/forgot-password" : "/login"} className="font-medium text-indigo-600">
          {invalid ? t("auth.login.forgot") : t("auth.toLogin")}
        </Link>
      </p>
    </AuthShell>
  );
}
