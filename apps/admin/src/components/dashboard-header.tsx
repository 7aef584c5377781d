"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { signOut } from "next-auth/react";
import { cx } from "@kefu/ui";
import { PresenceBanner } from "~/components/presence-banner";
import { ThemeSelect } from "~/components/theme-select";
import { WorkspaceSwitcher } from "~/components/team/workspace-switcher";
import { switchLocale, useI18n } from "~/lib/i18n";
import { type Theme } from "~/lib/theme";
import { useTRPC } from "~/lib/trpc";

export function DashboardHeader({ theme }: { theme: Theme }) {
  const { t, locale } = useI18n();
  // Below lg the account controls and the sections fold into a menu behind one button.
  const [open, setOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  const trpc = useTRPC();
  const me = useQuery(trpc.account.me.queryOptions());
  const pathname = usePathname();
  useEffect(() => setOpen(false), [pathname]);
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(false);
      menuButton.current?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [open]);
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
  // From lg up, two rows: the workspace and account on top, the sections below in one line (that
  // scrolls sideways rather than break a label). Below lg, the logo and a Menu button; the menu
  // opens both rows stacked, so the page never grows wider than a phone.
  return (
    <header className="border-b border-slate-200 bg-white">
      <a
        href="#main"
        // Focus moves into the page itself (not just a scroll), so the next Tab is the page's first control.
        onClick={(event) => {
          event.preventDefault();
          document.getElementById("main")?.focus();
        }}
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:text-sm focus:font-medium focus:text-indigo-700 focus:shadow focus:ring-2 focus:ring-indigo-600"
      >
        {t("nav.skip")}
      </a>
      <div className="mx-auto max-w-6xl px-4">
        <div className="flex flex-wrap items-center gap-x-4 gap-y-2 py-2 lg:pb-0 lg:pt-3">
          <Link href="/bots" className="whitespace-nowrap text-lg font-bold text-indigo-600">
            Kefu 客服
          </Link>
          <button
            ref={menuButton}
            type="button"
            className="ml-auto inline-flex items-center gap-2 rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-100 lg:hidden"
            aria-expanded={open}
            aria-controls="account-menu main-menu"
            onClick={() => setOpen((o) => !o)}
          >
            <svg aria-hidden viewBox="0 0 20 20" className="h-4 w-4" fill="currentColor">
              {open ? (
                <path d="M5.3 4.3a1 1 0 0 1 1.4 0L10 7.6l3.3-3.3a1 1 0 1 1 1.4 1.4L11.4 9l3.3 3.3a1 1 0 0 1-1.4 1.4L10 10.4l-3.3 3.3a1 1 0 0 1-1.4-1.4L8.6 9 5.3 5.7a1 1 0 0 1 0-1.4Z" />
              ) : (
                <path d="M3 5h14a1 1 0 1 0 0-2H3a1 1 0 0 0 0 2Zm14 4H3a1 1 0 0 0 0 2h14a1 1 0 1 0 0-2Zm0 6H3a1 1 0 1 0 0 2h14a1 1 0 1 0 0-2Z" />
              )}
            </svg>
            {t("nav.menu")}
          </button>
          <div
            id="account-menu"
            className={cx("min-w-0 items-center gap-3 text-sm", open ? "flex basis-full flex-wrap" : "hidden", "lg:ml-auto lg:flex lg:basis-auto lg:flex-nowrap")}
          >
            {me.data && (
              <span className="flex min-w-0 items-center gap-1 truncate text-slate-600" data-testid="workspace-name">
                <WorkspaceSwitcher current={me.data.tenant} /> · {me.data.user.email}
              </span>
            )}
            <button type="button" className="whitespace-nowrap rounded-md px-1 py-1 text-slate-600 underline" onClick={() => switchLocale(locale === "en" ? "zh" : "en")}>
              {t("nav.language")}
            </button>
            <ThemeSelect initial={theme} />
            <button
              type="button"
              className="whitespace-nowrap rounded-md px-2 py-1 text-slate-700 hover:bg-slate-100"
              onClick={() => signOut({ callbackUrl: "/login" })}
            >
              {t("nav.logout")}
            </button>
          </div>
        </div>
        <nav id="main-menu" className={cx(open ? "flex flex-col" : "hidden", "-mx-1 gap-1 py-2 lg:flex lg:flex-row lg:overflow-x-auto")} aria-label="Main">
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
