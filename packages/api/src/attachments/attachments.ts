import { randomUUID } from "node:crypto";
import { type Db, type DbTx } from "@kefu/db";
import { DomainError, roleCan, sniffImage, type MemberRole, type SniffedImage, type MessageAttachment } from "@kefu/domain";
import { type AttachmentStorage } from "../platform/attachment-store.ts";
import { readApiEnv } from "../platform/env.ts";

/** An image checked and stored, ready to go with a message (conversations/append-message.ts). */
export interface NewAttachment extends MessageAttachment {
  /** Where its bytes are in the attachment store. */
  key: string;
}

/** The largest image accepted (KEFU_ATTACHMENT_MAX_BYTES, 5 MB by default). */
export const attachmentMaxBytes = () => readApiEnv().KEFU_ATTACHMENT_MAX_BYTES;

export const tooLarge = (maxBytes: number) =>
  new DomainError("BAD_REQUEST", "attachment_too_large", `Images can be at most ${formatSize(maxBytes)}.`, { maxBytes: String(maxBytes) });

const formatSize = (bytes: number) => (bytes >= 1024 * 1024 ? `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB` : `${Math.round(bytes / 1024)} KB`);

/** What an upload is, by its bytes: at most `maxBytes` (else attachment_too_large) and a PNG, JPEG, GIF or WebP (else attachment_type). */
export function checkImage(bytes: Uint8Array, maxBytes = attachmentMaxBytes()): SniffedImage {
  if (bytes.byteLength > maxBytes) throw tooLarge(maxBytes);
  const image = bytes.byteLength > 0 ? sniffImage(bytes) : null;
  if (!image) throw new DomainError("BAD_REQUEST", "attachment_type", "Send a PNG, JPEG, GIF or WebP image.");
  return image;
}

/**
 * Checks an upload and stores its bytes: at most `maxBytes`, and by its content a PNG, JPEG, GIF
 * or WebP (the domain's sniffImage; never the client's word, never SVG or HTML). The key is
 * Kefu's own: `<tenantId>/<conversationId>/<id>`.
 */
export async function storeImage(
  storage: AttachmentStorage,
  ref: { tenantId: string; conversationId: string },
  bytes: Uint8Array,
  maxBytes = attachmentMaxBytes(),
): Promise<NewAttachment> {
  const image = checkImage(bytes, maxBytes);
  const id = randomUUID();
  const key = `${ref.tenantId}/${ref.conversationId}/${id}`;
  await storage.put(key, bytes, image.contentType);
  return { id, key, size: bytes.byteLength, ...image };
}

/** Removes stored bytes that no message took (a resend, a failed write): best effort, the caller's error stays the one reported. */
export async function discardImage(storage: AttachmentStorage, attachment: NewAttachment): Promise<void> {
  await storage.delete(attachment.key).catch(() => undefined);
}

const SERVED_FIELDS = { id: true, key: true, contentType: true, size: true } as const;

/** An attachment of the visitor's own conversations with this bot, or null (another visitor's, another bot's, another tenant's). */
export function findVisitorAttachment(db: DbTx, visitor: { id: string; tenantId: string; botId: string }, attachmentId: string) {
  return db.attachment.findFirst({
    where: { id: attachmentId, tenantId: visitor.tenantId, conversation: { visitorId: visitor.id, botId: visitor.botId, tenantId: visitor.tenantId } },
    select: SERVED_FIELDS,
  });
}

/** Which of `attachmentIds` are in the visitor's own conversations with this bot. */
export async function findVisitorAttachmentIds(db: DbTx, visitor: { id: string; tenantId: string; botId: string }, attachmentIds: string[]): Promise<string[]> {
  if (attachmentIds.length === 0) return [];
  const rows = await db.attachment.findMany({
    where: { id: { in: attachmentIds }, tenantId: visitor.tenantId, conversation: { visitorId: visitor.id, botId: visitor.botId, tenantId: visitor.tenantId } },
    select: { id: true },
  });
  return rows.map((r) => r.id);
}

/**
 * An attachment of a workspace the user is a member of with a role that reads conversations, or
 * null. The membership is part of the query, so another tenant's attachment is never loaded.
 */
export async function findStaffAttachment(db: DbTx, userId: string, attachmentId: string) {
  const row = await db.attachment.findFirst({
    where: { id: attachmentId, tenant: { memberships: { some: { userId } } } },
    select: { ...SERVED_FIELDS, tenant: { select: { memberships: { where: { userId }, select: { role: true }, take: 1 } } } },
  });
  const role = row?.tenant.memberships[0]?.role as MemberRole | undefined;
  if (!row || !role || !roleCan(role, "conversation.read")) return null;
  const { tenant: _tenant, ...attachment } = row;
  return attachment;
}

export type { Db };
