import { ZLoggedMessage, type MessageRole } from "@kefu/domain";
import { type ConversationEventInput, type LoggedEvent } from "./event-log.ts";

// Fixtures for the event-log tests, which follow the log's order by numbered messages.

/** A "message" event whose content is `n`. */
export function numberedMessage(conversationId: string, n: number, role: MessageRole = "VISITOR"): ConversationEventInput {
  const payload = ZLoggedMessage.parse({ id: `message-${n}`, role, content: String(n), createdAt: new Date().toISOString() });
  return { conversationId, type: "message", payload };
}

/** The number of a numberedMessage event; undefined for any other event. */
export const numberOf = (event: LoggedEvent) => (event.type === "message" ? Number(event.payload.content) : undefined);
