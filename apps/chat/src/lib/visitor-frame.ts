// What the widget's page learns from where it runs: the fragment the loader wrote (#t=token,
// #o=host origin, #a=attributes, #u/#h=identity) and its own storage (the hosted page's token).

const tokenKey = (botId: string) => `kefu:visitor:${botId}`;

/**
 * The widget loader passes the token it keeps on the host page in the fragment
 * (#t=…); the hosted page keeps it in its own storage.
 */
export function readToken(botId: string): string | undefined {
  const fromLoader = new URLSearchParams(window.location.hash.slice(1)).get("t");
  if (fromLoader && /^[A-Za-z0-9_-]{43}$/.test(fromLoader)) return fromLoader;
  try {
    return localStorage.getItem(tokenKey(botId)) ?? undefined;
  } catch {
    return undefined; // storage blocked: the conversation lasts for this page view
  }
}

/** Visitor attributes the loader passed from the host page (#a=<json>), if any. */
export function readAttributes(): Record<string, string | number | boolean> | undefined {
  const raw = new URLSearchParams(window.location.hash.slice(1)).get("a");
  if (!raw) return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, string | number | boolean>) : undefined;
  } catch {
    return undefined; // malformed: chat without them
  }
}

/** The signed-in user the loader passed from the host page (#u=<id>&h=<hash>), if any. */
export function readIdentity(): { userId?: string; userHash?: string } {
  const fragment = new URLSearchParams(window.location.hash.slice(1));
  const userId = fragment.get("u") || undefined;
  const userHash = fragment.get("h") || undefined;
  return userId ? { userId, ...(userHash ? { userHash } : {}) } : {};
}

/**
 * The host page's origin, which the loader passes in the fragment (#o=https://shop.example.com):
 * the only origin the widget posts to (the visitor token above all), and checked by the server
 * against the bot's allowed websites. Where the browser tells the parent's origin
 * (`location.ancestorOrigins`), a fragment naming another one is ignored, and so is one that is
 * not an http(s) origin; the widget then posts nothing.
 */
export function readHostOrigin(): string | undefined {
  const given = new URLSearchParams(window.location.hash.slice(1)).get("o");
  if (!given) return undefined;
  let origin: string;
  try {
    const url = new URL(given);
    if (url.protocol !== "https:" && url.protocol !== "http:") return undefined;
    origin = url.origin;
  } catch {
    return undefined;
  }
  const parent = window.location.ancestorOrigins?.[0];
  return parent === undefined || parent === origin ? origin : undefined;
}

export function writeToken(botId: string, token: string) {
  try {
    localStorage.setItem(tokenKey(botId), token);
  } catch {
    /* storage blocked */
  }
}
