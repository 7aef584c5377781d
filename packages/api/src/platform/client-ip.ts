import http from "node:http";

/**
 * The header that carries the TCP peer's address of a request into the app: Next.js route handlers
 * see a web `Request`, without the socket. `stampPeerAddresses` (called from both apps'
 * instrumentation) writes it on every incoming request, replacing whatever a client sent.
 */
export const PEER_ADDRESS_HEADER = "x-kefu-peer-address";

/**
 * Makes every HTTP server of this process stamp its requests with the peer's address
 * (PEER_ADDRESS_HEADER). Next.js fills X-Forwarded-For with the peer only when a client sent none,
 * so that header alone cannot tell a client's own claim from the address it really comes from.
 */
export function stampPeerAddresses(): void {
  const holder = globalThis as unknown as { __kefuPeerStamp?: true };
  if (holder.__kefuPeerStamp) return;
  holder.__kefuPeerStamp = true;
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") stampPeerAddress(args[0] as http.IncomingMessage);
    return Reflect.apply(emit, this, [event, ...args]) as boolean;
  } as typeof emit;
}

/** Writes the peer's address on one incoming request (tests' own HTTP servers call it too). */
export function stampPeerAddress(req: http.IncomingMessage): void {
  req.headers[PEER_ADDRESS_HEADER] = normalise(req.socket.remoteAddress ?? "") || "unknown";
}

/**
 * The client's address for per-IP rate limits. With `trustedProxies` = 0 (KEFU_TRUST_PROXY unset),
 * the TCP peer's, and X-Forwarded-For is ignored: a client could write anything there. With N
 * proxies in front that each append the address they received from, the N-th entry from the end of
 * X-Forwarded-For (what the outermost trusted proxy saw); entries before it are the client's claims.
 */
export function clientIp(headers: Headers, trustedProxies: number): string {
  if (trustedProxies > 0) {
    const hops = (headers.get("x-forwarded-for") ?? "")
      .split(",")
      .map((hop) => hop.trim())
      .filter(Boolean);
    const seen = hops[hops.length - trustedProxies] ?? hops[0];
    if (seen) return normalise(seen);
  }
  return normalise(headers.get(PEER_ADDRESS_HEADER) ?? "") || "unknown";
}

/** IPv4 in IPv6 (`::ffff:1.2.3.4`) as IPv4; an IPv6 address by its /64, which one client usually holds whole. */
function normalise(address: string): string {
  const ip = address.trim().toLowerCase().replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, "$1");
  if (!ip.includes(":")) return ip;
  const [head = "", tail = ""] = ip.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = ip.includes("::") ? [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, "")).join(":")}::/64`;
}
