import { useEffect, useState } from "react";
import { type createChatClient } from "~/lib/chat-client";

/**
 * The pictures of the agents the visitor sees (by display name), asked of the server when a name
 * it has not asked about appears: the assigned agent, or the author of an agent message. A name
 * the server does not know (a former member) stays without one: their initial is shown.
 */
export function useAgentPictures({
  client,
  botId,
  visitorToken,
  names,
}: {
  client: ReturnType<typeof createChatClient>;
  botId: string;
  visitorToken: string | null;
  names: readonly string[];
}): Readonly<Record<string, string | null>> {
  const [pictures, setPictures] = useState<Record<string, string | null>>({});
  const unknown = [...new Set(names)].filter((name) => !(name in pictures)).sort().join("\n");
  useEffect(() => {
    if (!unknown || !visitorToken) return;
    let cancelled = false;
    client
      .call("agents", { botId, visitorToken })
      .then(({ agents }) => {
        if (cancelled) return;
        const found = Object.fromEntries(agents.map((a) => [a.name, a.pictureUrl]));
        setPictures((prev) => ({ ...prev, ...Object.fromEntries(unknown.split("\n").map((name) => [name, found[name] ?? null])), ...found }));
      })
      .catch(() => undefined); // no picture: initials
    return () => {
      cancelled = true;
    };
  }, [client, botId, visitorToken, unknown]);
  return pictures;
}
