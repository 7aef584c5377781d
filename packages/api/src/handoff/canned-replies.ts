import type { DbTx } from "@kefu/db";
import { notFound } from "@kefu/domain";

// Canned replies: the tenant's saved answers agents insert into the composer.

const CANNED_REPLY_FIELDS = { id: true, title: true, content: true } as const;

export function listCannedReplies(db: DbTx, tenantId: string) {
  return db.cannedReply.findMany({ where: { tenantId }, orderBy: { title: "asc" }, select: CANNED_REPLY_FIELDS });
}

export function createCannedReply(db: DbTx, tenantId: string, input: { title: string; content: string }) {
  return db.cannedReply.create({ data: { tenantId, ...input }, select: CANNED_REPLY_FIELDS });
}

/** Deletes one of the tenant's replies; another tenant's id is "not found", like a missing one. */
export async function deleteCannedReply(db: DbTx, tenantId: string, id: string) {
  const deleted = await db.cannedReply.deleteMany({ where: { id, tenantId } });
  if (deleted.count === 0) throw notFound("canned_reply");
  return { id };
}
