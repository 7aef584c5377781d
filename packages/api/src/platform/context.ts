import { type Db } from "@kefu/db";
import { clientIp } from "./client-ip.ts";
import { readApiEnv } from "./env.ts";
import { rootLogger, type Logger } from "./logger.ts";

/** Who is calling. Admin apps fill `userId` from the next-auth session. */
export interface ApiContext {
  db: Db;
  userId: string | null;
  /**
   * The workspace the signed-in person chose (the session carries it; see the tenant switcher).
   * Only a wish: tenantProcedure resolves it through the caller's own memberships, and falls back
   * to their first workspace when they are no longer a member of it.
   */
  activeTenantId?: string | null;
  /** Correlates a client-visible error with the server log line (and the `x-request-id` response header). */
  requestId: string;
  /**
   * The request's logger: a pino child bound to `requestId`, so every line written through it (or
   * through `eventLog(ctx.log)`, the `(event, details)` shape services take) carries the id.
   */
  log: Logger;
  /**
   * The place this request holds in the admission gate (platform/admission.ts), for the one
   * procedure it was admitted for: given back when that procedure's work is done.
   */
  admitted?: { path: string; release: () => void };
  /**
   * The caller's `Origin` when a browser sent the request from another site than this app's own
   * (`foreignOrigin`); null for the app's own pages and for clients that send none. Public
   * procedures check it against the bot's allowed websites.
   */
  origin: string | null;
  /** Where the request came from, for the audit log (`clientOf`): never used to authorise anything. */
  client: RequestClient;
}

export interface RequestClient {
  ip: string | null;
  userAgent: string | null;
}

export function createApiContext(input: {
  db: Db;
  userId?: string | null;
  activeTenantId?: string | null;
  requestId?: string;
  logger?: Logger;
  origin?: string | null;
  client?: RequestClient;
}): ApiContext {
  const requestId = input.requestId ?? crypto.randomUUID();
  return {
    db: input.db,
    userId: input.userId ?? null,
    activeTenantId: input.activeTenantId ?? null,
    requestId,
    log: (input.logger ?? rootLogger()).child({ requestId }),
    origin: input.origin ?? null,
    client: input.client ?? { ip: null, userAgent: null },
  };
}

/**
 * The caller's address and user agent as the audit log records them. The address is the one the
 * rate limits count (`clientIp`): the TCP peer's, stamped on the request by the app's
 * instrumentation, or with KEFU_TRUST_PROXY proxies in front the X-Forwarded-For entry the
 * outermost of them appended; never an address the client wrote itself. (IPv6 by its /64.)
 */
export function clientOf(headers: Headers | Record<string, string | string[] | undefined>): RequestClient {
  const web = headers instanceof Headers ? headers : new Headers();
  if (!(headers instanceof Headers)) for (const [name, value] of Object.entries(headers)) if (value !== undefined) web.set(name, String(value));
  const ip = clientIp(web, readApiEnv().KEFU_TRUST_PROXY);
  return { ip: ip === "unknown" ? null : ip.slice(0, 64), userAgent: web.get("user-agent")?.slice(0, 300) ?? null };
}

/**
 * The request's `Origin` header unless it names this server itself (its host and port are the
 * request's `Host`, or the `X-Forwarded-Host` a proxy in front set): browsers send Origin with
 * every cross-site request and with same-origin POSTs, so the chat app's own pages (the widget
 * iframe, the hosted page) pass as null. A browser cannot forge Host, nor add X-Forwarded-Host to
 * a cross-site request without a CORS preflight, which these endpoints do not grant.
 */
export function foreignOrigin(headers: Headers): string | null {
  const origin = headers.get("origin");
  if (origin === null) return null;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return origin; // `null` (sandboxed frames, files) and anything malformed: another site
  }
  const own = [headers.get("host"), headers.get("x-forwarded-host")?.split(",")[0]?.trim()].filter(Boolean).map((h) => h!.toLowerCase());
  return own.some((h) => h === host || stripDefaultPort(h) === host) ? null : origin;
}

const stripDefaultPort = (host: string) => host.replace(/:(80|443)$/, "");

/** A request id a client may choose (`x-request-id`): at most 64 characters of `[A-Za-z0-9._-]`. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The request's id: the client's `x-request-id` when it is a sane token, else a new one. */
export function requestIdFrom(headers: Headers): string {
  const given = headers.get("x-request-id");
  return given !== null && SANE_REQUEST_ID.test(given) ? given : crypto.randomUUID();
}
