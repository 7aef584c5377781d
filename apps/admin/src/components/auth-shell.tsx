"use client";
import Link from "next/link";
import { type ReactNode } from "react";
import { useI18n, switchLocale } from "~/lib/i18n";

export function AuthShell({ title, children }: { title: string; children: ReactNode }) {
  const { t, locale } = useI18n();
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-md">
        <div className="mb-6 text-center">
          <p className="text-3xl font-bold text-indigo-600">{t("app.name")} 客服</p>
          <p className="mt-1 text-sm text-slate-500">{t("app.tagline")}</p>
        </div>
        <div className="rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
          <h1 className="mb-5 text-xl font-semibold">{title}</h1>
          {children}
        </div>
        <p className="mt-4 text-center">
          <button type="button" className="text-sm text-slate-500 underline" onClick={() => switchLocale(locale === "en" ? "zh" : "en")}>
            {t("nav.language")}
          </button>
        </p>
      </div>
    </main>
  );
}

/** "Back to sign in" under a form or an answer of the account pages. */
export function ToLoginLink({ className = "text-sm" }: { className?: string }) {
  const { t } = useI18n();
  return (
    <p className={`mt-4 ${className}`}>
      <Link href="/login" className="font-medium text-indigo-600">
        {t("auth.toLogin")}
      </Link>
    </p>
  );
}
