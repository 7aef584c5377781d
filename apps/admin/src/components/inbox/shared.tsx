"use client";
import { type AdminRouter } from "@kefu/api";
import { type Priority } from "@kefu/domain";
import { cx } from "@kefu/ui";
import { type MessageKey } from "@kefu/ui/i18n";
import { type inferRouterOutputs } from "@trpc/server";
import { useI18n } from "~/lib/i18n";

type Outputs = inferRouterOutputs<AdminRouter>;
export type InboxConversation = Outputs["inbox"]["get"];
export type InboxRow = Outputs["inbox"]["list"][number];
export { authorLabel, colleagueNames, mergeMessages, newClientMessageId, toInboxMessage, type InboxMessage } from "~/components/inbox/messages";

const PRIORITY_TONE: Record<Priority, string> = {
  urgent: "bg-red-100 text-red-800 ring-red-200",
  high: "bg-amber-100 text-amber-800 ring-amber-200",
  normal: "bg-slate-100 text-slate-700 ring-slate-200",
  low: "bg-slate-50 text-slate-500 ring-slate-200",
};

export function PriorityBadge({ priority }: { priority: Priority }) {
  const { t } = useI18n();
  return (
    <span className={cx("inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset", PRIORITY_TONE[priority])}>
      {t(`inbox.priority.${priority}` as MessageKey)}
    </span>
  );
}

export function Tag({ children }: { children: string }) {
  return <span className="inline-flex rounded bg-indigo-50 px-1.5 py-0.5 text-xs text-indigo-700">#{children}</span>;
}

/** The translated escalation reason; an unknown code shows as it is rather than as a missing key. */
export function reasonLabel(t: (key: MessageKey) => string, reason: string | null): string | null {
  if (!reason) return null;
  return t(`inbox.reason.${reason}` as MessageKey) ?? reason;
}

