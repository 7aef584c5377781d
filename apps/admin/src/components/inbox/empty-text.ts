import { type InboxView } from "@kefu/domain";
import { type MessageKey } from "@kefu/ui/i18n";

/**
 * What an empty inbox view says. "Go online" only to an agent who is not online; and an empty
 * Unassigned view points to Mine when conversations were routed straight to the agent, which is
 * where a handoff goes while they are online (the page opens on Unassigned).
 */
export function inboxEmptyText(view: InboxView, { online, mine }: { online: boolean; mine: number }): MessageKey[] {
  if (view === "resolved") return ["inbox.empty.resolved"];
  const keys: MessageKey[] = ["inbox.empty"];
  if (view === "unassigned" && mine > 0) keys.push("inbox.empty.seeMine");
  if (!online) keys.push("empty.inbox.body");
  return keys;
}
