"use client";
import { cx } from "@kefu/ui";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useI18n } from "~/lib/i18n";

/** The sections of Improve: the week's summary, knowledge gaps and regression tests. */
export function ImproveTabs() {
  const { t } = useI18n();
  const pathname = usePathname();
  const tabs = [
    { href: "/improve", label: t("improve.summary"), active: pathname === "/improve" },
    { href: "/improve/gaps", label: t("improve.gaps"), active: pathname.startsWith("/improve/gaps") },
    { href: "/improve/tests", label: t("improve.tests"), active: pathname.startsWith("/improve/tests") },
  ];
  return (
    <nav aria-label={t("improve.tabs")} className="flex gap-1 border-b border-slate-200">
      {tabs.map((tab) => (
        <Link
          key={tab.href}
          href={tab.href}
          aria-current={tab.active ? "page" : undefined}
          className={cx("-mb-px border-b-2 px-3 py-2 text-sm font-medium", tab.active ? "border-indigo-600 text-indigo-700" : "border-transparent text-slate-600 hover:text-slate-900")}
        >
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
