import type { AgentPictures, ChatViewMessage } from "@kefu/ui/chat";
import { useEffect, useState } from "react";
import type { ChatOutput, createChatClient } from "~/lib/chat-client";

type VisitorAgent = ChatOutput<"agents">["agents"][number];

/**
 * Pictures by display name, for messages logged before they carried their author's key and for the
 * status bar (which knows the assigned agent by name): a name two agents share gives the picture of
 * the one who has the conversation now, or none (their initial) rather than perhaps the other's.
 * Agents with no name to show go by `unnamed` ("Support agent"), as the widget shows them.
 */
export function picturesByName(agents: readonly VisitorAgent[], unnamed: string): Record<string, string | null> {
  const byName: Record<string, string | null> = {};
  const nameOf = (a: VisitorAgent) => a.name ?? unnamed;
  for (const name of new Set(agents.map(nameOf))) {
    const named = agents.filter((a) => nameOf(a) === name);
    const assigned = named.filter((a) => a.assigned);
    byName[name] = named.length === 1 ? named[0]!.pictureUrl : assigned.length === 1 ? assigned[0]!.pictureUrl : null;
  }
  return byName;
}

/**
 * `k:<key>` for a message that names its author by key (with or without a display name), `n:<name>`
 * for one that does not (or the status bar).
 */
function wanted(messages: readonly ChatViewMessage[], assignedName: string | null): string[] {
  const authors = messages.flatMap((m) => (m.role !== "AGENT" ? [] : m.authorKey ? [`k:${m.authorKey}`] : m.authorName ? [`n:${m.authorName}`] : []));
  return [...new Set([...authors, ...(assignedName ? [`n:${assignedName}`] : [])])];
}

/**
 * The pictures of the agents the visitor sees, by agent key (the key on their messages, so two
 * agents of the same name each get their own) and by name, asked of the server when a key or name
 * it has not asked about appears: the author of an agent message, or the assigned agent. One the
 * server does not know (a former member) stays without one: their initial is shown.
 */
export function useAgentPictures({
  client,
  botId,
  visitorToken,
  messages,
  assignedName,
  unnamed,
}: {
  client: ReturnType<typeof createChatClient>;
  botId: string;
  visitorToken: string | null;
  messages: readonly ChatViewMessage[];
  assignedName: string | null;
  /** The name shown for an agent who has none to show ("Support agent"). */
  unnamed: string;
}): AgentPictures {
  const [pictures, setPictures] = useState<AgentPictures>({ byKey: {}, byName: {} });
  const unknown = wanted(messages, assignedName)
    .filter((w) => !(w.slice(2) in (w.startsWith("k:") ? pictures.byKey : pictures.byName)))
    .sort()
    .join("\n");
  useEffect(() => {
    if (!unknown || !visitorToken) return;
    let cancelled = false;
    client
      .call("agents", { botId, visitorToken })
      .then(({ agents }) => {
        if (cancelled) return;
        // What was asked about and not found is remembered as having no picture, so it is not asked again.
        const asked = unknown.split("\n");
        const none = (prefix: string) => Object.fromEntries(asked.filter((w) => w.startsWith(prefix)).map((w) => [w.slice(2), null]));
        setPictures((prev) => ({
          byKey: { ...prev.byKey, ...none("k:"), ...Object.fromEntries(agents.map((a) => [a.key, a.pictureUrl])) },
          byName: { ...prev.byName, ...none("n:"), ...picturesByName(agents, unnamed) },
        }));
      })
      .catch(() => undefined); // no picture: initials
    return () => {
      cancelled = true;
    };
  }, [client, botId, visitorToken, unknown, unnamed]);
  return pictures;
}
