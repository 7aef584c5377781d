"use client";
import { fillTemplate } from "@kefu/domain";
import { cx } from "@kefu/ui";
import { type MessageKey } from "@kefu/ui/i18n";
import Link from "next/link";
import { useEffect, useState } from "react";
import { EmptyState } from "~/components/empty-state";
import { PriorityBadge, reasonLabel, Tag, type InboxRow } from "~/components/inbox/shared";
import { useI18n } from "~/lib/i18n";

/** "5 minutes ago", re-rendered by the caller's clock. */
function ago(from: Date, now: number, locale: "en" | "zh"): string {
  const rtf = new Intl.RelativeTimeFormat(locale === "zh" ? "zh-CN" : "en", { numeric: "auto" });
  const minutes = Math.round((from.getTime() - now) / 60_000);
  if (Math.abs(minutes) < 60) return rtf.format(minutes, "minute");
  const hours = Math.round(minutes / 60);
  return Math.abs(hours) < 48 ? rtf.format(hours, "hour") : rtf.format(Math.round(hours / 24), "day");
}

export function InboxList({ rows, empty }: { rows: InboxRow[]; empty: MessageKey[] }) {
  const { t, locale } = useI18n();
  // Waiting times move on without a refetch.
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const handle = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(handle);
  }, []);

  if (rows.length === 0) {
    return (
      <EmptyState>
        <span data-testid="inbox-empty">{empty.map((key) => t(key)).join(" ")}</span>
      </EmptyState>
    );
  }
  return (
    <ul className="divide-y divide-slate-200 overflow-hidden rounded-xl bg-white shadow-sm ring-1 ring-slate-200" aria-label={t("inbox.list")}>
      {rows.map((row) => (
        <li key={row.id} data-testid="inbox-row">
          <Link href={`/inbox/${row.id}`} className="block px-5 py-4 hover:bg-indigo-50/50">
            <div className="flex flex-wrap items-center gap-2 text-xs text-slate-500">
              <PriorityBadge priority={row.priority} />
              <span className="font-medium text-slate-700">{row.bot.name}</span>
              {row.escalationReason && <span>· {reasonLabel(t, row.escalationReason)}</span>}
              {row.tags.map((tag) => (
                <Tag key={tag}>{tag}</Tag>
              ))}
              {row.queuedAt && <span className="ml-auto">{fillTemplate(t("inbox.queued"), { time: ago(new Date(row.queuedAt), now, locale) })}</span>}
            </div>
            <p className={cx("mt-1.5 line-clamp-2 text-sm", row.lastMessage?.role === "VISITOR" ? "text-slate-800" : "italic text-slate-500")}>
              {row.lastMessage && row.lastMessage.role !== "VISITOR" && row.lastMessage.role !== "SYSTEM" && (
                <span className="not-italic font-medium">{t(`inbox.role.${row.lastMessage.role}` as MessageKey)}: </span>
              )}
              {row.lastMessage?.content ?? t("inbox.noMessage")}
            </p>
          </Link>
        </li>
      ))}
    </ul>
  );
}
