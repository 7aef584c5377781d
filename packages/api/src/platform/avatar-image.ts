import { checkAvatarImage, type AvatarImageType } from "@kefu/domain";

/**
 * An uploaded avatar (a member's or a bot's) as the data: URL stored in its row: the bytes checked
 * by checkAvatarImage (size, type sniffed from the content among `accepted`), so no file store or
 * image route is needed for a thumbnail, and nothing the dashboard or widget shows loads from
 * another host.
 */
export function avatarDataUrl(dataBase64: string, accepted?: readonly AvatarImageType[]): string {
  const bytes = Buffer.from(dataBase64, "base64");
  const type = checkAvatarImage(bytes, accepted);
  return `data:${type};base64,${bytes.toString("base64")}`;
}
