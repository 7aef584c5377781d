"use client";
import { Button } from "@kefu/ui";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useCan } from "~/components/permission-gate";
import { useI18n } from "~/lib/i18n";
import { useRefreshQueries } from "~/lib/refresh-queries";
import { useTRPC } from "~/lib/trpc";

/**
 * Everyone starts Offline (routing only gives conversations to members who said they are online),
 * so a new owner's first handoff would tell the visitor "nobody is online" while they are looking
 * at the dashboard. When nobody in the workspace is online, every page says so and offers to go online.
 */
export function PresenceBanner() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const refresh = useRefreshQueries();
  const members = useQuery(trpc.member.list.queryOptions());
  const set = useMutation(trpc.member.setPresence.mutationOptions({ onSuccess: () => refresh(trpc.member.list.queryKey()) }));
  // Viewers cannot go online (they reply to no one): nothing to offer them.
  const canReply = useCan()("inbox.reply");
  if (!members.data || canReply !== true || members.data.some((m) => m.presence === "ONLINE")) return null;
  return (
    <div className="border-t border-amber-200 bg-amber-50" role="status" data-testid="presence-banner">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-2 text-sm text-amber-900">
        <p className="min-w-0 flex-1">{t("presence.nobodyOnline")}</p>
        <Button type="button" disabled={set.isPending} onClick={() => set.mutate({ presence: "ONLINE" })}>
          {t("presence.goOnline")}
        </Button>
      </div>
    </div>
  );
}
