import { createHmac, timingSafeEqual } from "node:crypto";
import { secretKeyring, type Keyring } from "../platform/secrets.ts";

// A visitor's image is read by URL (an <img>, a link opened in a new tab), and a URL ends up in
// browser history, shared links and proxy logs: it carries no visitor token, only a short-lived
// signature over the image, the visitor and the expiry, keyed by the app's secret key
// (KEFU_SECRET_KEY, or the key derived from NEXTAUTH_SECRET: platform/secrets.ts).

/** A link lasts until the end of the next whole hour (between 60 and 120 minutes): links made within one hour are the same URL, so the browser's cache keeps working. */
const WINDOW_SECONDS = 3600;

export interface ImageLink {
  url: string;
  /** When the link stops working (ISO time): the widget asks for a new one before. */
  expiresAt: string;
}

export interface SignedImageRef {
  attachmentId: string;
  visitorId: string;
  /** Unix seconds. */
  expires: number;
}

/** The signing key of image links: derived from the app's key, so a signature never reveals it nor serves elsewhere. */
const linkKey = (key: Buffer) => createHmac("sha256", key).update("kefu/attachment-links/v1").digest();

function signatureOf(key: Buffer, ref: SignedImageRef): Buffer {
  return createHmac("sha256", linkKey(key)).update(`${ref.attachmentId}\n${ref.visitorId}\n${ref.expires}`).digest();
}

/** `/api/attachments/<id>?bot=…&v=<visitor id>&exp=<unix s>&sig=<HMAC>`: the chat app's image route reads the visitor's image by it until `exp`. */
export function signedImageLink(
  botPublicId: string,
  ref: { attachmentId: string; visitorId: string },
  options: { now?: Date; keys?: Keyring } = {},
): ImageLink {
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const expires = (Math.floor(now / WINDOW_SECONDS) + 2) * WINDOW_SECONDS;
  const sig = signatureOf((options.keys ?? secretKeyring()).current.key, { ...ref, expires }).toString("base64url");
  const query = new URLSearchParams({ bot: botPublicId, v: ref.visitorId, exp: String(expires), sig });
  return { url: `/api/attachments/${encodeURIComponent(ref.attachmentId)}?${query}`, expiresAt: new Date(expires * 1000).toISOString() };
}

/**
 * The image and visitor a link names when its signature is right and it has not expired, else null.
 * Checked without the database; a signature of a key rotated out within the link's life still counts.
 */
export function verifiedImageLink(attachmentId: string, url: URL, options: { now?: Date; keys?: Keyring } = {}): SignedImageRef | null {
  const visitorId = url.searchParams.get("v") ?? "";
  const expires = Number(url.searchParams.get("exp"));
  const given = Buffer.from(url.searchParams.get("sig") ?? "", "base64url");
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (!visitorId || !Number.isInteger(expires) || expires <= now || expires > now + 2 * WINDOW_SECONDS || given.length !== 32) return null;
  const ref = { attachmentId, visitorId, expires };
  const ring = options.keys ?? secretKeyring();
  return [ring.current, ...ring.previous].some(({ key }) => timingSafeEqual(given, signatureOf(key, ref))) ? ref : null;
}
