// Images people send in a chat (visitors and agents) and profile pictures: what they are is judged
// from their bytes, never from a name or a declared type. No zod here: the widget bundles this.

/** The image types Kefu stores and serves; never SVG (it can carry script) nor anything else. */
export const IMAGE_TYPES = ["image/png", "image/jpeg", "image/gif", "image/webp"] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];

/** The largest chat image by default (KEFU_ATTACHMENT_MAX_BYTES changes it). */
export const ATTACHMENT_DEFAULT_MAX_BYTES = 5 * 1024 * 1024;

/** What an image's bytes say it is: its type and, when its header tells them cheaply, its size in pixels. */
export interface SniffedImage {
  contentType: ImageType;
  width: number | null;
  height: number | null;
}

const EXTENSIONS: Record<ImageType, string> = { "image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp" };

/** A safe file name for an attachment (letters, digits and dashes only), e.g. `image-ck3x.png`. */
export function attachmentFileName(id: string, contentType: ImageType): string {
  return `image-${id.replace(/[^A-Za-z0-9-]/g, "").slice(0, 40)}.${EXTENSIONS[contentType]}`;
}

/**
 * The largest width or height Kefu records. A header may claim up to 2^32 - 1 (PNG), which no
 * integer column holds; a real chat image is far smaller, and the size is only a layout hint.
 */
export const IMAGE_MAX_DIMENSION = 65_535;

/**
 * The image type of `bytes` from their first bytes: PNG, JPEG, GIF or WebP, with the width and
 * height its header gives (null when it does not say within the first bytes, or says 0 or more
 * than IMAGE_MAX_DIMENSION: the type is what is checked, a size past belief is just not known);
 * null for anything else, SVG and HTML included.
 */
export function sniffImage(bytes: Uint8Array): SniffedImage | null {
  const image = sniffed(bytes);
  if (!image || image.width === null || image.height === null) return image;
  const believable = (n: number) => Number.isInteger(n) && n >= 1 && n <= IMAGE_MAX_DIMENSION;
  return believable(image.width) && believable(image.height) ? image : { contentType: image.contentType, ...unknownSize };
}

function sniffed(bytes: Uint8Array): SniffedImage | null {
  const starts = (sig: number[], at = 0) => sig.every((b, i) => bytes[at + i] === b);
  const u16be = (at: number) => ((bytes[at]! << 8) | bytes[at + 1]!) >>> 0;
  const u16le = (at: number) => (bytes[at]! | (bytes[at + 1]! << 8)) >>> 0;
  const u32be = (at: number) => ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
  const u24le = (at: number) => (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16)) >>> 0;
  const has = (n: number) => bytes.length >= n;
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
    // The IHDR chunk comes first: width and height at 16 and 20.
    return { contentType: "image/png", ...(has(24) && starts([0x49, 0x48, 0x44, 0x52], 12) ? { width: u32be(16), height: u32be(20) } : unknownSize) };
  }
  if (starts([0xff, 0xd8, 0xff])) return { contentType: "image/jpeg", ...jpegSize(bytes, u16be) };
  if (starts([0x47, 0x49, 0x46, 0x38])) return { contentType: "image/gif", ...(has(10) ? { width: u16le(6), height: u16le(8) } : unknownSize) };
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) {
    let size: { width: number | null; height: number | null } = unknownSize;
    if (starts([0x56, 0x50, 0x38, 0x20], 12) && has(30)) size = { width: u16le(26) & 0x3fff, height: u16le(28) & 0x3fff };
    else if (starts([0x56, 0x50, 0x38, 0x4c], 12) && has(25)) {
      const bits = u32be(21);
      const le = ((bits & 0xff) << 24) | ((bits & 0xff00) << 8) | ((bits >>> 8) & 0xff00) | (bits >>> 24);
      size = { width: (le & 0x3fff) + 1, height: ((le >>> 14) & 0x3fff) + 1 };
    } else if (starts([0x56, 0x50, 0x38, 0x58], 12) && has(30)) size = { width: u24le(24) + 1, height: u24le(27) + 1 };
    return { contentType: "image/webp", ...size };
  }
  return null;
}

const unknownSize = { width: null, height: null } as const;

/** A JPEG's size from its first start-of-frame marker (SOF0–SOF15 but DHT, JPG and DAC). */
function jpegSize(bytes: Uint8Array, u16be: (at: number) => number): { width: number | null; height: number | null } {
  let at = 2;
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) return unknownSize;
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: u16be(at + 5), width: u16be(at + 7) };
    }
    at += 2 + u16be(at + 2);
  }
  return unknownSize;
}

/**
 * The bot's reply to a visitor message that is only an image: bots read text only, so the visitor
 * is told what to do instead of meeting silence.
 */
export const IMAGE_ONLY_REPLY: Record<"en" | "zh", string> = {
  en: "I can only read text, not images. Describe what the picture shows in words, or ask to talk to a person.",
  zh: "我只能读懂文字，看不懂图片。请用文字描述图片里的内容，或者选择转人工。",
};
