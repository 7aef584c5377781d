/**
 * Which URLs and addresses the server may fetch when a tenant imports a web page.
 * Anything not clearly public is refused: private, loopback, link-local (cloud
 * metadata lives there), carrier-grade NAT, multicast, reserved and documentation
 * ranges, in IPv4 and IPv6 (including IPv4-mapped IPv6).
 */

export type UrlCheck = { ok: true; url: URL } | { ok: false; reason: string };

export const WEB_PORTS: readonly string[] = ["80", "443", "8080", "8443"];

export function checkImportUrl(input: string, options: { ports?: readonly string[] } = {}): UrlCheck {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return { ok: false, reason: "This is not a valid URL." };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return { ok: false, reason: "Only http and https pages can be imported." };
  if (url.username || url.password) return { ok: false, reason: "URLs with a user name or password are not allowed." };
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (host === "localhost" || host.endsWith(".localhost") || host.endsWith(".local") || host.endsWith(".internal")) {
    return { ok: false, reason: "Private and local addresses cannot be imported." };
  }
  if (isIpLiteral(host) && !isPublicAddress(host)) return { ok: false, reason: "Private and local addresses cannot be imported." };
  if (url.port && !(options.ports ?? WEB_PORTS).includes(url.port)) {
    return { ok: false, reason: "Only the standard web ports (80, 443, 8080, 8443) are allowed." };
  }
  return { ok: true, url };
}

function isIpLiteral(host: string): boolean {
  return parseIPv4(host) !== null || host.includes(":");
}

function parseIPv4(text: string): number[] | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  const bytes = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : NaN));
  return bytes.every((b) => b >= 0 && b <= 255) ? bytes : null;
}

function inRange(bytes: number[], base: number[], prefix: number): boolean {
  let remaining = prefix;
  for (let i = 0; i < base.length && remaining > 0; i++) {
    const bits = Math.min(8, remaining);
    const mask = (0xff << (8 - bits)) & 0xff;
    if ((bytes[i]! & mask) !== (base[i]! & mask)) return false;
    remaining -= bits;
  }
  return true;
}

const BLOCKED_V4: [number[], number][] = [
  [[0, 0, 0, 0], 8], // "this" network
  [[10, 0, 0, 0], 8],
  [[100, 64, 0, 0], 10], // carrier-grade NAT
  [[127, 0, 0, 0], 8],
  [[169, 254, 0, 0], 16], // link-local, cloud metadata
  [[172, 16, 0, 0], 12],
  [[192, 0, 0, 0], 24], // IETF protocol assignments
  [[192, 0, 2, 0], 24], // documentation
  [[192, 88, 99, 0], 24],
  [[192, 168, 0, 0], 16],
  [[198, 18, 0, 0], 15], // benchmarking
  [[198, 51, 100, 0], 24],
  [[203, 0, 113, 0], 24],
  [[224, 0, 0, 0], 4], // multicast
  [[240, 0, 0, 0], 4], // reserved, broadcast
];

/** Expands an IPv6 literal to 16 bytes, or null when it is not one. */
function parseIPv6(text: string): number[] | null {
  let host = text.split("%")[0]!;
  let tailV4: number[] | null = null;
  const lastColon = host.lastIndexOf(":");
  if (host.includes(".") && lastColon !== -1) {
    tailV4 = parseIPv4(host.slice(lastColon + 1));
    if (!tailV4) return null;
    host = `${host.slice(0, lastColon)}:0:0`;
  }
  const halves = host.split("::");
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 0) return null;
  const groups = [...head, ...Array(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  if (groups.some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return null;
  const bytes = groups.flatMap((g) => {
    const n = parseInt(g, 16);
    return [n >> 8, n & 0xff];
  });
  if (tailV4) bytes.splice(12, 4, ...tailV4);
  return bytes;
}

export function isPublicAddress(address: string): boolean {
  const v4 = parseIPv4(address);
  if (v4) return !BLOCKED_V4.some(([base, prefix]) => inRange(v4, base, prefix));
  const v6 = parseIPv6(address.toLowerCase());
  if (!v6) return false;
  const zeroPrefix = (n: number) => v6.slice(0, n).every((b) => b === 0);
  if (zeroPrefix(15) && (v6[15] === 0 || v6[15] === 1)) return false; // :: and ::1
  // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible: judge the embedded IPv4.
  if (zeroPrefix(10) && v6[10] === 0xff && v6[11] === 0xff) return isPublicAddress(v6.slice(12).join("."));
  if (zeroPrefix(12)) return isPublicAddress(v6.slice(12).join("."));
  if (v6[0] === 0 && v6[1] === 0x64 && v6[2] === 0xff && v6[3] === 0x9b) return isPublicAddress(v6.slice(12).join(".")); // NAT64
  if ((v6[0]! & 0xfe) === 0xfc) return false; // unique local fc00::/7
  if (v6[0] === 0xfe && (v6[1]! & 0xc0) === 0x80) return false; // link-local fe80::/10
  if (v6[0] === 0xff) return false; // multicast
  if (v6[0] === 0x20 && v6[1] === 0x01 && v6[2] === 0x0d && v6[3] === 0xb8) return false; // documentation
  return true;
}
