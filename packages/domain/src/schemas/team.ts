import { z } from "zod";
import { ROLES } from "./permissions";
import { ZText } from "./text";
import { ZEmail, ZPassword } from "./auth";
import { ZId } from "./bot";

export const ZTeamName = ZText.trim().min(1, "Team name is required.").max(60, "Team name must be at most 60 characters.");

export const ZCreateTeamRequest = z.object({ name: ZTeamName });
export const ZRenameTeamRequest = z.object({ id: ZId, name: ZTeamName });
export const ZTeamIdRequest = z.object({ id: ZId });
export const ZTeamMemberRequest = z.object({ teamId: ZId, membershipId: ZId });

/** Invites add agents or admins; there is one owner, who signed the workspace up. */
export const INVITE_ROLES = ["ADMIN", "AGENT"] as const;
export const ZCreateInviteRequest = z.object({ role: z.enum(INVITE_ROLES).default("AGENT") });

/** The token is 32 random bytes, base64url. */
export const ZInviteToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "This invite link is not valid.");
export const ZInviteTokenRequest = z.object({ token: ZInviteToken });
export const ZAcceptInviteRequest = z.object({
  token: ZInviteToken,
  name: ZText.trim().min(1, "Name is required.").max(100, "Name is too long."),
  email: ZEmail,
  password: ZPassword,
});
export type AcceptInviteRequest = z.infer<typeof ZAcceptInviteRequest>;

export const PRESENCES = ["ONLINE", "AWAY", "OFFLINE"] as const;
export type PresenceState = (typeof PRESENCES)[number];
export const ZSetPresenceRequest = z.object({ presence: z.enum(PRESENCES) });

export const ZUpdateMemberRequest = z.object({
  membershipId: ZId,
  maxConcurrent: z.number().int().min(1, "At least 1 conversation.").max(50, "At most 50 conversations at once."),
});
export const ZMembershipIdRequest = z.object({ membershipId: ZId });
export const ZSetMemberRoleRequest = z.object({ membershipId: ZId, role: z.enum(ROLES) });
