import { createHash, randomBytes } from "node:crypto";
import type { Db, DbTx } from "@kefu/db";
import { DomainError, memberChangeRefusal, notFound, type AcceptInviteRequest, type INVITE_ROLES, type MemberRole, type PresenceState } from "@kefu/domain";
import { hashPassword } from "./password.ts";
import { requeueAgentConversations } from "../handoff/index.ts";
import { isUniqueViolation } from "../platform/prisma-errors.ts";
import { readApiEnv } from "../platform/env.ts";
import { sendMail } from "../notifications/index.ts";

type InviteRole = (typeof INVITE_ROLES)[number];

const INVITE_TTL_MS = 7 * 24 * 3600 * 1000;
const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export async function listMembers(db: DbTx, tenantId: string) {
  const rows = await db.membership.findMany({
    where: { tenantId },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      role: true,
      presence: true,
      maxConcurrent: true,
      user: { select: { id: true, name: true, email: true, avatarUrl: true } },
      teams: { select: { team: { select: { id: true, name: true } } } },
    },
  });
  return rows.map((m) => ({
    membershipId: m.id,
    userId: m.user.id,
    name: m.user.name,
    email: m.user.email,
    avatarUrl: m.user.avatarUrl,
    role: m.role,
    presence: m.presence,
    maxConcurrent: m.maxConcurrent,
    teams: m.teams.map((t) => t.team),
  }));
}

/**
 * Creates a single-use invite; the link carries the token, the database only its hash. With an
 * address it is e-mailed there when SMTP is configured (`emailed`); the link is always returned,
 * to copy when it was not sent.
 */
export async function createInvite(
  db: Db,
  { tenantId, createdBy }: { tenantId: string; createdBy: string },
  input: { role: InviteRole; email?: string },
  options: { mailer?: InviteMailer; baseUrl?: string; now?: Date } = {},
) {
  const now = options.now ?? new Date();
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + INVITE_TTL_MS);
  const invite = await db.invite.create({
    data: { tenantId, tokenHash: hashToken(token), role: input.role, email: input.email ?? null, createdBy, expiresAt },
    select: { tenant: { select: { name: true } } },
  });
  const link = `${(options.baseUrl ?? readApiEnv().NEXTAUTH_URL ?? "http://localhost:3000").replace(/\/+$/, "")}/invite/${token}`;
  let emailed = false;
  if (input.email) {
    const mailer = options.mailer ?? ((mail) => sendMail(readApiEnv(), mail));
    const result = await mailer({
      to: input.email,
      subject: `Join ${invite.tenant.name} on Kefu / 加入 Kefu 工作区「${invite.tenant.name}」`,
      text: `You are invited to the Kefu workspace "${invite.tenant.name}". Open this link within 7 days to join:\n\n${link}\n\n你被邀请加入 Kefu 工作区「${invite.tenant.name}」。请在 7 天内打开上面的链接加入。`,
    });
    emailed = result.ok;
  }
  return { token, role: input.role, expiresAt, link, emailed };
}

export type InviteMailer = (mail: { to: string; subject: string; text: string }) => Promise<{ ok: boolean }>;

export async function openInvite(db: DbTx, token: string, now: Date) {
  const invite = await db.invite.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, tenantId: true, role: true, email: true, expiresAt: true, usedAt: true, tenant: { select: { name: true } } },
  });
  if (!invite || invite.usedAt || invite.expiresAt <= now) {
    throw new DomainError("NOT_FOUND", "invite_invalid", "This invite link has expired or was already used. Ask for a new one.");
  }
  return invite;
}

/** What the invite page shows before sign-up: the workspace and the role. */
export async function describeInvite(db: Db, token: string, now = new Date()) {
  const invite = await openInvite(db, token, now);
  return { workspace: invite.tenant.name, role: invite.role, email: invite.email };
}

/** Creates the invited person's account and membership, and uses up the invite, atomically. */
export async function acceptInvite(db: Db, input: AcceptInviteRequest, now = new Date()) {
  const invite = await openInvite(db, input.token, now);
  if (invite.email && invite.email !== input.email) throw inviteForAnother(invite.email);
  const existing = await db.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (existing) throw new DomainError("CONFLICT", "email_taken", "An account with this email already exists. Sign in to join with it.");
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.$transaction(async (tx) => {
      // Marking the invite used first makes a second, concurrent accept fail here.
      const used = await tx.invite.updateMany({ where: { id: invite.id, usedAt: null }, data: { usedAt: now } });
      if (used.count !== 1) throw new DomainError("NOT_FOUND", "invite_invalid", "This invite link was already used. Ask for a new one.");
      const user = await tx.user.create({ data: { email: input.email, name: input.name, passwordHash } });
      await tx.membership.create({ data: { tenantId: invite.tenantId, userId: user.id, role: invite.role } });
      return { userId: user.id, tenantId: invite.tenantId, email: user.email };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("CONFLICT", "email_taken", "An account with this email already exists.");
    throw error;
  }
}

/** An invite addressed to someone: only their account may use it (a forwarded link does not). */
export const inviteForAnother = (email: string) =>
  new DomainError("FORBIDDEN", "invite_other_email", `This invite was sent to ${email}. Sign in or sign up with that address to use it.`);

export async function setPresence(db: Db, { tenantId, userId }: { tenantId: string; userId: string }, presence: PresenceState, now = new Date()) {
  await db.membership.updateMany({ where: { tenantId, userId }, data: { presence, presenceAt: now } });
  return { presence };
}

export async function updateMember(db: Db, tenantId: string, membershipId: string, maxConcurrent: number) {
  const found = await db.membership.updateMany({ where: { id: membershipId, tenantId }, data: { maxConcurrent } });
  if (found.count === 0) throw notFound("member");
  return { membershipId, maxConcurrent };
}

type Actor = { tenantId: string; userId: string; role: MemberRole };

/** The member `membershipId` of the actor's workspace, if the actor may change them (`memberChangeRefusal`). */
async function changeableMember(db: Db, actor: Actor, membershipId: string, newRole?: MemberRole) {
  const member = await db.membership.findFirst({ where: { id: membershipId, tenantId: actor.tenantId }, select: { id: true, userId: true, role: true } });
  if (!member) throw notFound("member");
  const refusal = memberChangeRefusal(actor, { userId: member.userId, role: member.role as MemberRole }, newRole);
  if (refusal) throw new DomainError(refusal.reason === "owner_only" ? "FORBIDDEN" : "BAD_REQUEST", refusal.reason, refusal.message);
  return member;
}

/** Gives a member another role; it applies from their next request (roles are read per request). */
export async function setMemberRole(db: Db, actor: Actor, membershipId: string, role: MemberRole, now = new Date()) {
  const member = await changeableMember(db, actor, membershipId, role);
  await db.$transaction(async (tx) => {
    if (member.role === "OWNER" && role !== "OWNER") await keepAnOwner(tx, actor.tenantId);
    // A viewer replies to no one: offline, so routing never hands them a visitor.
    const offline = role === "VIEWER" ? { presence: "OFFLINE" as const, presenceAt: now } : {};
    await tx.membership.updateMany({ where: { id: membershipId, tenantId: actor.tenantId }, data: { role, ...offline } });
  });
  if (role === "VIEWER") await requeueAgentConversations(db, actor.tenantId, member.userId);
  return { membershipId, role };
}

/**
 * Locks the workspace's owners until the transaction ends and refuses when fewer than two are left,
 * so that two owners demoting or removing each other at once cannot leave it without one.
 */
export async function keepAnOwner(tx: DbTx, tenantId: string) {
  if ((await lockOwners(tx, tenantId)) < 2) throw new DomainError("BAD_REQUEST", "last_owner", "A workspace keeps at least one owner. Make another member an owner first.");
}

/**
 * Removes a member from the workspace (someone who left): from their next request they are
 * refused, their open inbox stream ends, the conversations they held go back to the queue, and
 * the invite links they made and nobody used stop working. Their account and what they wrote
 * stay (transcripts, the audit log).
 */
export async function removeMember(db: Db, actor: Actor, membershipId: string) {
  const member = await changeableMember(db, actor, membershipId);
  await db.$transaction(async (tx) => {
    if (member.role === "OWNER") await keepAnOwner(tx, actor.tenantId);
    await tx.membership.deleteMany({ where: { id: member.id, tenantId: actor.tenantId } });
    await tx.invite.deleteMany({ where: { tenantId: actor.tenantId, createdBy: member.userId, usedAt: null } });
  });
  const requeued = await requeueAgentConversations(db, actor.tenantId, member.userId);
  return { membershipId, requeued };
}

/** How many owners the workspace has, their rows locked until the transaction ends. */
export async function lockOwners(tx: DbTx, tenantId: string): Promise<number> {
  const owners = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Membership" WHERE "tenantId" = ${tenantId} AND role = 'OWNER' FOR UPDATE`;
  return owners.length;
}
