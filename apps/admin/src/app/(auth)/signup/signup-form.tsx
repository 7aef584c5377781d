"use client";
import { Alert, Button, TextField } from "@kefu/ui";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { fillTemplate } from "@kefu/domain";
import { type FormEvent, useState } from "react";
import { AuthShell, ToLoginLink } from "~/components/auth-shell";
import { NewCredentialFields } from "~/components/new-credential-fields";
import { useI18n } from "~/lib/i18n";
import { rateLimitedText } from "~/lib/rate-limited";
import { fieldError, formError, useTRPC } from "~/lib/trpc";

export function SignUpForm() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const router = useRouter();
  const signUp = useMutation(trpc.account.signUp.mutationOptions());
  // "Check your inbox" (docs/security.md): the answer when the workspace is not created at once.
  const [inbox, setInbox] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = {
      companyName: String(form.get("companyName") ?? ""),
      name: String(form.get("name") ?? "") || undefined,
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
    };
    await signUp.mutateAsync(input).then(
      async (outcome) => {
        if (outcome.status === "check_inbox") {
          setInbox(input.email.trim().toLowerCase());
          return;
        }
        await signIn("credentials", { email: input.email, password: input.password, redirect: false });
        router.replace("/bots");
        router.refresh();
      },
      () => {}, // shown from signUp.error
    );
  }

  const err = signUp.error;
  const general = rateLimitedText(err, t) ?? formError(err, ["companyName", "name", "email", "password"]);
  if (inbox !== null) {
    return (
      <AuthShell title={t("auth.signup.title")}>
        <p role="status" className="text-sm text-slate-700" data-testid="signup-check-inbox">
          {fillTemplate(t("auth.signup.checkInbox"), { email: inbox })}
        </p>
        <ToLoginLink />
      </AuthShell>
    );
  }
  return (
    <AuthShell title={t("auth.signup.title")}>
      <form onSubmit={submit} className="space-y-4" noValidate>
        {general && <Alert>{general}</Alert>}
        <TextField label={t("auth.companyName")} name="companyName" required maxLength={100} error={fieldError(err, "companyName")} />
        <TextField label={t("auth.name")} name="name" autoComplete="name" maxLength={100} error={fieldError(err, "name")} />
        <NewCredentialFields error={err} />
        <Button type="submit" className="w-full" disabled={signUp.isPending}>
          {signUp.isPending ? t("common.loading") : t("auth.signup.submit")}
        </Button>
      </form>
      <p className="mt-4 text-sm text-slate-600">
        {t("auth.signup.haveAccount")}{" "}
        <Link href="/login" className="font-medium text-indigo-600">
          {t("auth.toLogin")}
        </Link>
      </p>
    </AuthShell>
  );
}
