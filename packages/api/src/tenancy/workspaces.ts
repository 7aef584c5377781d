import { type Db } from "@kefu/db";
import { DomainError, leaveRefusal, type MemberRole } from "@kefu/domain";
import { avatarDataUrl } from "../platform/avatar-image.ts";
import { requeueAgentConversations } from "../handoff/index.ts";
import { isUniqueViolation } from "../platform/prisma-errors.ts";
import { inviteForAnother, lockOwners, openInvite } from "./members.ts";

/**
 * One person, several workspaces: the list the tenant switcher shows, joining one more with an
 * invite, leaving one. Which workspace a request acts on is the session's choice, resolved by
 * tenantProcedure through the caller's own memberships only.
 */
export async function listWorkspaces(db: Db, userId: string) {
  const rows = await db.membership.findMany({
    where: { userId },
    orderBy: { createdAt: "asc" },
    select: { role: true, tenant: { select: { id: true, name: true } } },
  });
  return rows.map((m) => ({ tenantId: m.tenant.id, name: m.tenant.name, role: m.role as MemberRole }));
}

/** Whether `userId` is a member of `tenantId`: the session switches only to such a workspace. */
export async function isMemberOf(db: Db, userId: string, tenantId: string): Promise<boolean> {
  return (await db.membership.count({ where: { userId, tenantId } })) === 1;
}

/** A signed-in person accepts an invite with the account they have: one more membership. */
export async function joinWithInvite(db: Db, userId: string, token: string, now = new Date()) {
  const invite = await openInvite(db, token, now);
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } });
  if (invite.email && invite.email !== user.email) throw inviteForAnother(invite.email);
  if (await isMemberOf(db, userId, invite.tenantId)) {
    throw new DomainError("CONFLICT", "already_member", "You are already a member of this workspace.");
  }
  try {
    await db.$transaction(async (tx) => {
      const used = await tx.invite.updateMany({ where: { id: invite.id, usedAt: null }, data: { usedAt: now } });
      if (used.count !== 1) throw new DomainError("NOT_FOUND", "invite_invalid", "This invite link was already used. Ask for a new one.");
      await tx.membership.create({ data: { tenantId: invite.tenantId, userId, role: invite.role } });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("CONFLICT", "already_member", "You are already a member of this workspace.");
    throw error;
  }
  return { tenantId: invite.tenantId, workspace: invite.tenant.name, role: invite.role as MemberRole, email: user.email };
}

/**
 * The caller leaves the workspace: like being removed (what they held goes back to the queue),
 * except that its last owner cannot (leaveRefusal), checked with the owners locked.
 */
export async function leaveWorkspace(db: Db, actor: { tenantId: string; userId: string; role: MemberRole }, tenantId: string) {
  // The page asking may show another workspace than the session's current one: act on neither.
  if (tenantId !== actor.tenantId) throw new DomainError("FORBIDDEN", "not_current_workspace", "Switch to that workspace before you leave it.");
  await db.$transaction(async (tx) => {
    if (actor.role === "OWNER") {
      const refusal = leaveRefusal(actor.role, await lockOwners(tx, actor.tenantId));
      if (refusal) throw new DomainError("BAD_REQUEST", refusal.reason, refusal.message);
    }
    await tx.membership.deleteMany({ where: { tenantId: actor.tenantId, userId: actor.userId } });
    await tx.invite.deleteMany({ where: { tenantId: actor.tenantId, createdBy: actor.userId, usedAt: null } });
  });
  await requeueAgentConversations(db, actor.tenantId, actor.userId);
  return { left: actor.tenantId };
}

/** The caller's own profile: the name and picture visitors and colleagues see. */
export async function getProfile(db: Db, userId: string) {
  return db.user.findUniqueOrThrow({ where: { id: userId }, select: { name: true, email: true, avatarUrl: true } });
}

export async function updateProfile(db: Db, userId: string, input: { name: string; removeAvatar: boolean }) {
  return db.user.update({
    where: { id: userId },
    data: { name: input.name, ...(input.removeAvatar ? { avatarUrl: null } : {}) },
    select: { name: true, email: true, avatarUrl: true },
  });
}

/**
 * An uploaded picture: at most 64 KB, a PNG, JPEG, GIF or WebP by its bytes (never SVG), kept as a
 * data: URL in the user's row, so that no file store or image route is needed for a thumbnail.
 */
export async function uploadAvatar(db: Db, userId: string, dataBase64: string) {
  const avatarUrl = avatarDataUrl(dataBase64);
  return db.user.update({ where: { id: userId }, data: { avatarUrl }, select: { name: true, email: true, avatarUrl: true } });
}
