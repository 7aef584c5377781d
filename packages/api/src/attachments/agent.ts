import { type Db } from "@kefu/db";
import { notFound } from "@kefu/domain";
import { replyAsAgent, type AgentInConversation } from "../handoff/index.ts";
import { discardImage, storeImage } from "./attachments.ts";
import { attachmentStorage, type AttachmentStorage } from "../platform/attachment-store.ts";

/**
 * An agent's image to the visitor: checked and stored as a visitor's is (attachments.ts), then sent
 * as their reply, with the same rule (only the owner of an assigned conversation writes to the
 * visitor) and the same idempotence (a resend stores nothing new, and its bytes are not kept).
 */
export async function replyWithImage(
  db: Db,
  author: AgentInConversation,
  input: { dataBase64: string; clientMessageId: string },
  storage: AttachmentStorage = attachmentStorage(),
) {
  const bytes = new Uint8Array(Buffer.from(input.dataBase64, "base64"));
  // Written where the conversation is this tenant's only: replyAsAgent refuses another's before storing the message.
  const conversation = await db.conversation.findFirst({ where: { id: author.conversationId, tenantId: author.tenantId }, select: { id: true } });
  if (!conversation) throw notFound("conversation");
  const image = await storeImage(storage, author, bytes);
  try {
    const message = await replyAsAgent(db, author, { text: "", clientMessageId: input.clientMessageId, attachments: [image] });
    if (!message) await discardImage(storage, image);
    return message;
  } catch (error) {
    await discardImage(storage, image);
    throw error;
  }
}
