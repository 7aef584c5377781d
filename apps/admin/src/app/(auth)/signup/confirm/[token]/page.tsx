"use client";
import { Alert } from "@kefu/ui";
import { useMutation } from "@tanstack/react-query";
import { useParams } from "next/navigation";
import { useEffect, useRef } from "react";
import { AuthShell, ToLoginLink } from "~/components/auth-shell";
import { useI18n } from "~/lib/i18n";
import { rateLimitedText } from "~/lib/rate-limited";
import { useTRPC } from "~/lib/trpc";

/** The page a sign-up link opens (when Kefu sends e-mail): creates the workspace, then the owner signs in. */
export default function ConfirmSignUpPage() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const { token } = useParams<{ token: string }>();
  const confirm = useMutation(trpc.account.confirmSignUp.mutationOptions());
  const { mutate } = confirm;
  // Once: the link is single-use (React runs effects twice in development).
  const sent = useRef(false);

  useEffect(() => {
    if (sent.current) return;
    sent.current = true;
    mutate({ token });
  }, [mutate, token]);

  return (
    <AuthShell title={t("auth.signup.confirmTitle")}>
      {confirm.isError ? (
        <Alert>{rateLimitedText(confirm.error, t) ?? t("auth.reset.invalid")}</Alert>
      ) : (
        <p role="status" className="text-sm text-slate-700">
          {confirm.isSuccess ? t("auth.signup.confirmed") : t("auth.signup.confirming")}
        </p>
      )}
      <ToLoginLink />
    </AuthShell>
  );
}
