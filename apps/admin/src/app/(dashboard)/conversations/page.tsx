"use client";
import { fillTemplate } from "@kefu/domain";
import { Button } from "@kefu/ui";
import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { EmptyState } from "~/components/empty-state";
import { useI18n } from "~/lib/i18n";
import { useTRPC } from "~/lib/trpc";

export default function ConversationsPage() {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const list = useInfiniteQuery(
    trpc.conversation.list.infiniteQueryOptions({ limit: 30 }, { getNextPageParam: (page) => page.nextCursor ?? undefined }),
  );
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  const time = new Intl.DateTimeFormat(locale === "zh" ? "zh-CN" : "en", { dateStyle: "medium", timeStyle: "short" });

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{t("conversations.title")}</h1>
      {list.isPending && <p className="text-slate-500">{t("common.loading")}</p>}
      {!list.isPending && items.length === 0 && (
        <EmptyState action={{ href: "/bots", label: t("nav.bots") }}>
          {t("conversations.empty")} {t("empty.conversations.body")}
        </EmptyState>
      )}
      <ul className="divide-y divide-slate-200 overflow-hidden rounded-xl bg-white shadow-sm ring-1 ring-slate-200" aria-label={t("conversations.title")}>
        {items.map((c) => (
          <li key={c.id}>
            <Link href={`/conversations/${c.id}`} className="flex items-center gap-4 px-5 py-3 hover:bg-slate-50">
              <div className="min-w-0 flex-1">
                <p className="text-sm font-medium">
                  {c.bot.name} · {t("conversations.visitor")} {c.visitor.id.slice(-6)}
                </p>
                <p className="truncate text-sm text-slate-600">{c.lastMessage?.content}</p>
              </div>
              <div className="text-right text-xs text-slate-500">
                <p>{time.format(c.lastMessageAt)}</p>
                {c.rating !== null && (
                  <p className="text-amber-700" data-testid="conversation-rating">
                    <span aria-hidden>★ {c.rating}/5</span>
                    <span className="sr-only">{fillTemplate(t("conversations.rated"), { n: c.rating })}</span>
                  </p>
                )}
                <p>{c.messageCount === 1 ? t("conversations.messageOne") : fillTemplate(t("conversations.messages"), { n: c.messageCount })}</p>
              </div>
            </Link>
          </li>
        ))}
      </ul>
      {list.hasNextPage && (
        <Button variant="secondary" onClick={() => list.fetchNextPage()} disabled={list.isFetchingNextPage}>
          {t("conversations.loadMore")}
        </Button>
      )}
    </div>
  );
}
