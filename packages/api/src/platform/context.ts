import { type Db } from "@kefu/db";
import { rootLogger, type Logger } from "./logger.ts";

/** Who is calling. Admin apps fill `userId` from the next-auth session. */
export interface ApiContext {
  db: Db;
  userId: string | null;
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
}

export function createApiContext(input: { db: Db; userId?: string | null; requestId?: string; logger?: Logger }): ApiContext {
  const requestId = input.requestId ?? crypto.randomUUID();
  return {
    db: input.db,
    userId: input.userId ?? null,
    requestId,
    log: (input.logger ?? rootLogger()).child({ requestId }),
  };
}

/** A request id a client may choose (`x-request-id`): at most 64 characters of `[A-Za-z0-9._-]`. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The request's id: the client's `x-request-id` when it is a sane token, else a new one. */
export function requestIdFrom(headers: Headers): string {
  const given = headers.get("x-request-id");
  return given !== null && SANE_REQUEST_ID.test(given) ? given : crypto.randomUUID();
}
