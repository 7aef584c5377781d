/**
 * Typed `resource.action` permissions checked by procedures before handlers run
 * (STYLE.md §1). Roles map to permission sets here, in one place.
 */
export const ROLES = ["OWNER", "ADMIN", "AGENT"] as const;
export type MemberRole = (typeof ROLES)[number];

export const PERMISSIONS = [
  "tenant.read",
  "tenant.update",
  "bot.read",
  "bot.create",
  "bot.update",
  "bot.delete",
  "knowledge.read",
  "knowledge.update",
  "conversation.read",
  "provider.manage",
  "team.manage",
  "member.manage",
  "inbox.read",
  "inbox.reply",
  // Business hours drive "out of hours" routing: an operational setting admins run day to day.
  "hours.manage",
  // Webhook endpoints carry signing secrets and send conversation data out: owners and admins only.
  "webhooks.manage",
  // The bot's visitor identity secret signs who a visitor is: whoever reads it can impersonate any
  // customer to agents and rules. Owners and admins only.
  "identity.manage",
  // Export or delete everything stored about one visitor (data subject requests): owners and admins.
  "visitorData.manage",
  // The audit log shows every member's actions, sign-ins and addresses: owners only.
  "audit.read",
  // Workspace-wide performance figures (resolution, CSAT, agents' response times): owners and admins.
  "analytics.read",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const AGENT: readonly Permission[] = ["tenant.read", "bot.read", "knowledge.read", "conversation.read", "inbox.read", "inbox.reply"];
const ADMIN: readonly Permission[] = [
  ...AGENT,
  "bot.create",
  "bot.update",
  "bot.delete",
  "knowledge.update",
  "provider.manage",
  "team.manage",
  "member.manage",
  "hours.manage",
  "webhooks.manage",
  "identity.manage",
  "visitorData.manage",
  "analytics.read",
];
const OWNER: readonly Permission[] = [...ADMIN, "tenant.update", "audit.read"];

const GRANTS: Record<MemberRole, ReadonlySet<Permission>> = {
  OWNER: new Set(OWNER),
  ADMIN: new Set(ADMIN),
  AGENT: new Set(AGENT),
};

export function roleCan(role: MemberRole, permission: Permission): boolean {
  return GRANTS[role].has(permission);
}

/**
 * Why a member may not remove another, or give them `newRole`, or null when they may. Owners are
 * changed only by owners, and nobody changes themselves: so a workspace always keeps an owner
 * (the one acting) and cannot lock itself out.
 */
export function memberChangeRefusal(
  actor: { userId: string; role: MemberRole },
  target: { userId: string; role: MemberRole },
  newRole?: MemberRole,
): { reason: "member_self" | "owner_only"; message: string } | null {
  if (actor.userId === target.userId) {
    return { reason: "member_self", message: "You cannot remove yourself or change your own role. Ask another owner." };
  }
  if (actor.role !== "OWNER" && (target.role === "OWNER" || newRole === "OWNER")) {
    return { reason: "owner_only", message: "Only an owner can change, remove or appoint an owner." };
  }
  return null;
}
