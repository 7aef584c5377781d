import { type Db } from "@kefu/db";
import { DomainError, transition } from "@kefu/domain";
import { appendLoggedMessage, type NewMessage } from "../conversations/index.ts";
import { eventsCommitted } from "../platform/events/event-log.ts";
import { lockedConversation, machineStateOf, TRANSITION_MESSAGES, type ConversationRef } from "./handoff.ts";

// What agents write into a conversation: replies to the visitor and internal notes. Both are
// idempotent by client message id (a resend after a dropped connection stores nothing new).

/** Who writes, where. */
export type AgentInConversation = ConversationRef & { agentId: string };

/** An agent's reply (text, or images already stored: attachments/): only the owner of an assigned conversation may write to the visitor. */
export async function replyAsAgent(
  db: Db,
  author: AgentInConversation,
  input: { text: string; clientMessageId: string; attachments?: NewMessage["attachments"] },
  now = new Date(),
) {
  const { tenantId, conversationId, agentId } = author;
  const message = await db.$transaction(async (tx) => {
    const row = await lockedConversation(tx, tenantId, conversationId);
    const previous = await tx.message.findFirst({
      where: { tenantId, conversationId, clientMessageId: input.clientMessageId },
      select: { id: true },
    });
    if (previous) return null; // a resend of a message already stored
    const result = transition(machineStateOf(row), { type: "agent_reply", agentId });
    if (!result.ok) throw new DomainError("CONFLICT", result.error, TRANSITION_MESSAGES[result.error]);
    await tx.conversation.updateMany({ where: { id: conversationId, tenantId }, data: { lastAgentActivityAt: now } });
    return appendLoggedMessage(tx, tenantId, conversationId, {
      role: "AGENT",
      content: input.text,
      authorId: agentId,
      clientMessageId: input.clientMessageId,
      attachments: input.attachments,
    });
  });
  eventsCommitted();
  return message;
}

/** An internal note: logged for agents only, never shown to the visitor. */
export async function addNote(db: Db, author: AgentInConversation, input: { text: string; clientMessageId: string }) {
  const { tenantId, conversationId, agentId } = author;
  const message = await db.$transaction(async (tx) => {
    await lockedConversation(tx, tenantId, conversationId);
    const previous = await tx.message.findFirst({
      where: { tenantId, conversationId, clientMessageId: input.clientMessageId },
      select: { id: true },
    });
    if (previous) return null;
    return appendLoggedMessage(tx, tenantId, conversationId, { role: "NOTE", content: input.text, authorId: agentId, clientMessageId: input.clientMessageId });
  });
  eventsCommitted();
  return message;
}
