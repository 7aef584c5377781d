// Pure helpers of the live conversation view (no React), unit-tested in messages.test.ts.
import { type Citation } from "@kefu/domain";

export interface InboxMessage {
  id: string;
  role: "VISITOR" | "BOT" | "AGENT" | "SYSTEM" | "NOTE";
  content: string;
  citations: Citation[];
  confidence: number | null;
  notice: string | null;
  clientMessageId: string | null;
  authorId?: string | null;
  /** The author's display name (AGENT messages and NOTEs), as the server resolved it. */
  authorName?: string | null;
  createdAt: Date;
}

const ROLES = new Set<string>(["VISITOR", "BOT", "AGENT", "SYSTEM", "NOTE"]);

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
  const m = payload as Partial<InboxMessage> & { createdAt?: string | Date };
  if (!m || typeof m.id !== "string" || !ROLES.has(m.role as string) || typeof m.content !== "string") return null;
  return {
    id: m.id,
    role: m.role as InboxMessage["role"],
    content: m.content,
    citations: Array.isArray(m.citations) ? m.citations : [],
    confidence: typeof m.confidence === "number" ? m.confidence : null,
    notice: m.notice ?? null,
    clientMessageId: m.clientMessageId ?? null,
    authorId: m.authorId ?? null,
    authorName: typeof m.authorName === "string" ? m.authorName : null,
    createdAt: m.createdAt ? new Date(m.createdAt) : new Date(),
  };
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
 * else the author's name, else null (the caller falls back to the role, e.g. "Agent").
 */
export function authorLabel(message: Pick<InboxMessage, "role" | "authorId" | "authorName">, me: { userId: string | undefined; you: string }): string | null {
  if (message.role !== "AGENT" && message.role !== "NOTE") return null;
  if (message.authorId && me.userId && message.authorId === me.userId) return me.you;
  return message.authorName?.trim() || null;
}
