// Pure helpers of the live conversation view (no React), unit-tested in messages.test.ts.
import { ZChatMessage, type ChatMessage } from "@kefu/domain";

/** A message of the transcript: the domain's message, as the inbox query returns it. */
export type InboxMessage = ChatMessage;

/**
 * A fresh id per message the agent writes: a retry of the same text reuses it, so the server
 * stores the message once. randomUUID needs a secure context; fall back to getRandomValues.
 */
export function newClientMessageId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Messages from the stream carry createdAt as an ISO string; the query returns a Date. */
export function toInboxMessage(payload: unknown): InboxMessage | null {
  const parsed = ZChatMessage.safeParse(payload);
  return parsed.success ? parsed.data : null;
}

/** Appends messages not seen yet (by id): replays after a reconnect never duplicate. */
export function mergeMessages(base: readonly InboxMessage[], extra: readonly InboxMessage[]): InboxMessage[] {
  const seen = new Set(base.map((m) => m.id));
  const merged = [...base];
  for (const m of extra) {
    if (seen.has(m.id)) continue;
    seen.add(m.id);
    merged.push(m);
  }
  return merged;
}

/**
 * Who wrote an AGENT message or NOTE, as the transcript labels it: "You" for the signed-in agent,
 * else the author's name, else how the workspace's member list names them (`colleagues`: their
 * name or e-mail address, which staff may see but a message's name, written for visitors, never
 * holds), else null (the caller falls back to the role, e.g. "Agent").
 */
export function authorLabel(
  message: Pick<InboxMessage, "role" | "authorId" | "authorName">,
  me: { userId: string | undefined; you: string },
  colleagues?: ReadonlyMap<string, string>,
): string | null {
  if (message.role !== "AGENT" && message.role !== "NOTE") return null;
  if (message.authorId && me.userId && message.authorId === me.userId) return me.you;
  return message.authorName?.trim() || (message.authorId ? colleagues?.get(message.authorId) : undefined) || null;
}

/** Members as staff name them in the transcript: their name, else their e-mail address. */
export function colleagueNames(members: readonly { userId: string; name: string | null; email: string }[] | undefined): Map<string, string> {
  return new Map((members ?? []).map((m) => [m.userId, m.name?.trim() || m.email]));
}
