import { DomainError } from "../errors";
import { AVATAR_MAX_BYTES, sniffAvatarImage } from "./team";

export type AvatarImageType = "image/png" | "image/jpeg" | "image/gif" | "image/webp";
const AVATAR_TYPES: readonly AvatarImageType[] = ["image/png", "image/jpeg", "image/gif", "image/webp"];
const TYPE_NAMES: Record<AvatarImageType, string> = { "image/png": "PNG", "image/jpeg": "JPEG", "image/gif": "GIF", "image/webp": "WebP" };

/**
 * An uploaded picture's bytes checked for a member's or a bot's avatar: at most AVATAR_MAX_BYTES
 * and, by its content (sniffAvatarImage), one of `accepted`. Its type, or a typed refusal
 * (avatar_too_large, avatar_type).
 */
export function checkAvatarImage(bytes: Uint8Array, accepted: readonly AvatarImageType[] = AVATAR_TYPES): AvatarImageType {
  if (bytes.length === 0 || bytes.length > AVATAR_MAX_BYTES) throw new DomainError("BAD_REQUEST", "avatar_too_large", "The image must be at most 64 KB.");
  const type = sniffAvatarImage(bytes);
  if (!type || !accepted.includes(type)) {
    const names = accepted.map((t) => TYPE_NAMES[t]);
    throw new DomainError("BAD_REQUEST", "avatar_type", `Upload a ${names.slice(0, -1).join(", ")} or ${names.at(-1)} image.`);
  }
  return type;
}
