"use client";
import { fillTemplate } from "@kefu/domain";
import { Alert, Button, TextField } from "@kefu/ui";
import { type MessageKey } from "@kefu/ui/i18n";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { getProviders, signIn } from "next-auth/react";
import { type FormEvent, useEffect, useState } from "react";
import { AuthShell } from "~/components/auth-shell";
import { useI18n } from "~/lib/i18n";
import { signInRetryAfter, tooManyAttemptsText } from "~/lib/rate-limited";

/** Where to go after signing in: a path of this dashboard only (an invite link), else the bots. */
function safeCallback(value: string | null): string {
  return value && value.startsWith("/") && !value.startsWith("//") && !value.startsWith("/\\") ? value : "/bots";
}

const SSO_ERRORS: Record<string, MessageKey> = {
  sso_no_account: "sso.noAccount",
  sso_email_unverified: "sso.unverified",
};

/** "Sign in with <provider>" when single sign-on is configured (KEFU_OIDC_*). */
function SsoButton({ callbackUrl }: { callbackUrl: string }) {
  const { t } = useI18n();
  const [provider, setProvider] = useState<{ id: string; name: string } | null>(null);
  useEffect(() => {
    void getProviders().then((all) => setProvider(all?.oidc ? { id: all.oidc.id, name: all.oidc.name } : null));
  }, []);
  if (!provider) return null;
  return (
    <div className="mt-4 space-y-3">
      <p className="text-center text-xs uppercase tracking-wide text-slate-500">{t("sso.or")}</p>
      <Button type="button" variant="secondary" className="w-full" onClick={() => void signIn(provider.id, { callbackUrl })}>
        {fillTemplate(t("sso.signIn"), { name: provider.name })}
      </Button>
    </div>
  );
}

export default function LoginPage() {
  const { t } = useI18n();
  const router = useRouter();
  const params = useSearchParams();
  const callbackUrl = safeCallback(params.get("callbackUrl"));
  const errorParam = params.get("error");
  // next-auth sends every other failure of a provider sign-in here too (OAuthCallback, Configuration…).
  const ssoError = errorParam ? (SSO_ERRORS[errorParam] ?? (errorParam.startsWith("rate_limited") ? undefined : "sso.failed")) : undefined;
  const [error, setError] = useState<string | null>(ssoError ? t(ssoError) : null);
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
      router.replace(callbackUrl);
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
      <SsoButton callbackUrl={callbackUrl} />
      <p className="mt-4 text-sm text-slate-600">
        {t("auth.login.noAccount")}{" "}
        <Link href="/signup" className="font-medium text-indigo-600">
          {t("auth.toSignup")}
        </Link>
      </p>
    </AuthShell>
  );
}
