import { z } from "zod";
import { ROLES } from "./permissions";
import { ZText } from "./text";
import { ZEmail, ZPassword } from "./auth";
import { ZId } from "./bot";
import { sniffImage, type ImageType } from "./images";

export const ZTeamName = ZText.trim().min(1, "Team name is required.").max(60, "Team name must be at most 60 characters.");

export const ZCreateTeamRequest = z.object({ name: ZTeamName });
export const ZRenameTeamRequest = z.object({ id: ZId, name: ZTeamName });
export const ZTeamIdRequest = z.object({ id: ZId });
export const ZTeamMemberRequest = z.object({ teamId: ZId, membershipId: ZId });

/** Invites add admins, agents or viewers; owners are appointed among members (setRole). */
export const INVITE_ROLES = ["ADMIN", "AGENT", "VIEWER"] as const;
export const ZCreateInviteRequest = z.object({
  role: z.enum(INVITE_ROLES).default("AGENT"),
  /** E-mailed to this address when SMTP is configured; single sign-on admits it by this address. */
  email: ZEmail.optional(),
});
/** A signed-in person joins with the account they have. */
export const ZJoinWithInviteRequest = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, "This invite link is not valid.") });
/** Names the workspace meant, so that a page left open on another one never acts on this one. */
export const ZWorkspaceRequest = z.object({ tenantId: ZId });

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

/**
 * Avatars are uploaded (see `sniffAvatarImage`), never linked: the dashboard and the widget load
 * images from their own origin only, and a picture on another host would tell it every visitor's
 * address.
 */
export const AVATAR_MAX_BYTES = 64 * 1024;
export const ZUpdateProfileRequest = z.object({
  name: ZText.trim().min(1, "Name is required.").max(100, "Name is too long."),
  /** true: back to the initials. */
  removeAvatar: z.boolean().default(false),
});
export const ZUploadAvatarRequest = z.object({
  // base64 of at most AVATAR_MAX_BYTES bytes (4/3 of them, padded).
  dataBase64: z.string().min(1).max(Math.ceil(AVATAR_MAX_BYTES / 3) * 4, "The image must be at most 64 KB."),
});

/**
 * The image type of an upload from its first bytes, never from its name or declared type: PNG,
 * JPEG, GIF or WebP; null for anything else (SVG included: it can carry script). The chat's images
 * are judged the same way (images.ts).
 */
export function sniffAvatarImage(bytes: Uint8Array): ImageType | null {
  return sniffImage(bytes)?.contentType ?? null;
}
