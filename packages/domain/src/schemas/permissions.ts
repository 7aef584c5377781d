/**
 * Typed `resource.action` permissions checked by procedures before handlers run
 * (STYLE.md §1). Roles map to permission sets here, in one place.
 */
/** From most to least: each role's permissions include the next one's (the access table relies on it). */
export const ROLES = ["OWNER", "ADMIN", "AGENT", "VIEWER"] as const;
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

// Viewers read what agents read (bots, knowledge, the playground, conversations, the inbox) and change
// nothing: no reply, no claim, no presence (so routing never hands them a visitor). Workspace
// analytics stay with owners and admins, like for agents.
const VIEWER: readonly Permission[] = ["tenant.read", "bot.read", "knowledge.read", "conversation.read", "inbox.read"];
const AGENT: readonly Permission[] = [...VIEWER, "inbox.reply"];
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
  VIEWER: new Set(VIEWER),
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

/**
 * Why a member may not leave the workspace themselves, or null when they may: its last owner
 * stays (appoint another owner first), so a workspace is never left without one.
 */
export function leaveRefusal(role: MemberRole, owners: number): { reason: "last_owner"; message: string } | null {
  if (role === "OWNER" && owners <= 1) {
    return { reason: "last_owner", message: "You are this workspace's only owner. Make another member an owner before you leave." };
  }
  return null;
}

/** What each permission lets a member do, in words (never the raw permission name). */
const ACTIONS: Record<Permission, { en: string; zh: string }> = {
  "tenant.read": { en: "see this workspace", zh: "查看此工作区" },
  "tenant.update": { en: "change the workspace's settings", zh: "修改工作区设置" },
  "bot.read": { en: "see the bots", zh: "查看机器人" },
  "bot.create": { en: "create bots", zh: "创建机器人" },
  "bot.update": { en: "change a bot's settings", zh: "修改机器人设置" },
  "bot.delete": { en: "delete bots", zh: "删除机器人" },
  "knowledge.read": { en: "see the knowledge", zh: "查看知识库" },
  "knowledge.update": { en: "change the knowledge and knowledge bases", zh: "修改知识和知识库" },
  "conversation.read": { en: "read conversations", zh: "查看会话" },
  "provider.manage": { en: "manage AI model services", zh: "管理 AI 模型服务" },
  "team.manage": { en: "manage teams", zh: "管理小组" },
  "member.manage": { en: "invite and manage members", zh: "邀请和管理成员" },
  "inbox.read": { en: "use the inbox", zh: "使用收件箱" },
  "inbox.reply": { en: "reply to visitors", zh: "回复访客" },
  "hours.manage": { en: "change business hours", zh: "修改工作时间" },
  "webhooks.manage": { en: "manage webhooks", zh: "管理 Webhook" },
  "identity.manage": { en: "manage visitor identity verification", zh: "管理访客身份验证" },
  "visitorData.manage": { en: "export or delete visitor data", zh: "导出或删除访客数据" },
  "audit.read": { en: "read the audit log", zh: "查看审计日志" },
  "analytics.read": { en: "see analytics", zh: "查看数据分析" },
};

const ROLE_WORDS: Record<MemberRole, { en: string; zh: string }> = {
  OWNER: { en: "owners", zh: "所有者" },
  ADMIN: { en: "admins", zh: "管理员" },
  AGENT: { en: "agents", zh: "客服" },
  VIEWER: { en: "viewers", zh: "只读成员" },
};

/**
 * Why a member's role may not do something, in words: "Only owners and admins can create bots."
 * Shown by the server when it refuses and by the dashboard next to what it disables or hides.
 */
export function permissionRefusal(permission: Permission, language: "en" | "zh" = "en"): string {
  const roles = ROLES.filter((role) => roleCan(role, permission)).map((role) => ROLE_WORDS[role][language]);
  const action = ACTIONS[permission][language];
  if (language === "zh") return `只有${roles.length > 1 ? `${roles.slice(0, -1).join("、")}和${roles.at(-1)}` : roles[0]}可以${action}。`;
  const who = roles.length > 1 ? `${roles.slice(0, -1).join(", ")} and ${roles.at(-1)}` : roles[0];
  return `Only ${who} can ${action}.`;
}
