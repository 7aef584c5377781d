"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { signOut } from "next-auth/react";
import { cx } from "@kefu/ui";
import { PresenceBanner } from "~/components/presence-banner";
import { WorkspaceSwitcher } from "~/components/team/workspace-switcher";
import { switchLocale, useI18n } from "~/lib/i18n";
import { useTRPC } from "~/lib/trpc";

export function DashboardHeader() {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const me = useQuery(trpc.account.me.queryOptions());
  const pathname = usePathname();
  const nav = [
    { href: "/inbox", label: t("nav.inbox") },
    { href: "/bots", label: t("nav.bots") },
    { href: "/conversations", label: t("nav.conversations") },
    // Workspace performance figures: owners and admins (analytics.read).
    ...(me.data?.role === "OWNER" || me.data?.role === "ADMIN" ? [{ href: "/analytics", label: t("nav.analytics") }] : []),
    // Knowledge gaps and regression tests (improve/gaps, improve/tests).
    { href: "/improve", label: t("nav.improve") },
    { href: "/settings/providers", label: t("nav.providers") },
    { href: "/settings/hours", label: t("nav.hours") },
    { href: "/settings/team", label: t("nav.team") },
    { href: "/settings/webhooks", label: t("nav.webhooks") },
    // Only owners can read the audit log (audit.read).
    ...(me.data?.role === "OWNER" ? [{ href: "/settings/audit", label: t("nav.audit") }] : []),
    // Data retention is the owner's (tenant.update).
    ...(me.data?.role === "OWNER" ? [{ href: "/settings/privacy", label: t("nav.privacy") }] : []),
  ];
  // Two rows: the workspace and account on top, the sections below in one line that scrolls
  // sideways on narrow screens, so that no label ever breaks and the page never grows wider.
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto max-w-6xl px-4">
        <div className="flex flex-wrap items-center gap-x-4 gap-y-1 pt-3">
          <Link href="/bots" className="whitespace-nowrap text-lg font-bold text-indigo-600">
            Kefu 客服
          </Link>
          <div className="ml-auto flex min-w-0 items-center gap-3 text-sm">
            {me.data && (
              <span className="flex min-w-0 items-center gap-1 truncate text-slate-600" data-testid="workspace-name">
                <WorkspaceSwitcher current={me.data.tenant} /> · {me.data.user.email}
              </span>
            )}
            <button type="button" className="whitespace-nowrap text-slate-500 underline" onClick={() => switchLocale(locale === "en" ? "zh" : "en")}>
              {t("nav.language")}
            </button>
            <button
              type="button"
              className="whitespace-nowrap rounded-md px-2 py-1 text-slate-700 hover:bg-slate-100"
              onClick={() => signOut({ callbackUrl: "/login" })}
            >
              {t("nav.logout")}
            </button>
          </div>
        </div>
        <nav className="-mx-1 flex gap-1 overflow-x-auto py-2" aria-label="Main">
          {nav.map((item) => (
            <Link
              key={item.href}
              href={item.href}
              className={cx(
                "whitespace-nowrap rounded-md px-3 py-1.5 text-sm font-medium",
                pathname.startsWith(item.href) ? "bg-indigo-50 text-indigo-700" : "text-slate-600 hover:bg-slate-100",
              )}
            >
              {item.label}
            </Link>
          ))}
        </nav>
      </div>
      <PresenceBanner />
    </header>
  );
}
