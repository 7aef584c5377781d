"use client";
import { Alert, Button, TextField } from "@kefu/ui";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { type FormEvent, useState } from "react";
import { AuthShell } from "~/components/auth-shell";
import { useI18n } from "~/lib/i18n";
import { signInRetryAfter, tooManyAttemptsText } from "~/lib/rate-limited";

export default function LoginPage() {
  const { t } = useI18n();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn("credentials", {
      email: String(form.get("email")),
      password: String(form.get("password")),
      redirect: false,
    });
    setPending(false);
    if (result?.ok) {
      router.replace("/bots");
      router.refresh();
    } else {
      // Refused before the password was checked (too many attempts): say how long to wait.
      const retryAfter = signInRetryAfter(result?.error);
      setError(retryAfter === null ? t("auth.login.failed") : tooManyAttemptsText(t, retryAfter));
    }
  }

  return (
    <AuthShell title={t("auth.login.title")}>
      <form onSubmit={submit} className="space-y-4" noValidate>
        {error && <Alert>{error}</Alert>}
        <TextField label={t("auth.email")} name="email" type="email" autoComplete="email" required />
        <TextField label={t("auth.password")} name="password" type="password" autoComplete="current-password" required />
        <p className="text-right text-sm">
          <Link href="/forgot-password" className="font-medium text-indigo-600">
            {t("auth.login.forgot")}
          </Link>
        </p>
        <Button type="submit" className="w-full" disabled={pending}>
          {pending ? t("common.loading") : t("auth.login.submit")}
        </Button>
      </form>
      <p className="mt-4 text-sm text-slate-600">
        {t("auth.login.noAccount")}{" "}
        <Link href="/signup" className="font-medium text-indigo-600">
          {t("auth.toSignup")}
        </Link>
      </p>
    </AuthShell>
  );
}
