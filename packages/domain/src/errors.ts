/**
 * Typed errors the rules of the product can raise. The API maps each code to a
 * tRPC/HTTP status in one place (packages/api/src/platform/errors.ts); messages here are
 * safe to show to the caller.
 */
export const DOMAIN_ERROR_CODES = [
  "BAD_REQUEST",
  "UNAUTHORIZED",
  "FORBIDDEN",
  "NOT_FOUND",
  "CONFLICT",
  "TOO_MANY_REQUESTS",
  /** Busy right now: retry after a moment (the API sends Retry-After). */
  "SERVICE_UNAVAILABLE",
] as const;

export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

export class DomainError extends Error {
  readonly code: DomainErrorCode;
  /** A stable machine-readable reason, e.g. "email_taken", for clients and i18n. */
  readonly reason: string;
  /** Values a client needs to word the error in its own language (e.g. what an upload looked like). */
  readonly details: Readonly<Record<string, string>> | null;

  constructor(code: DomainErrorCode, reason: string, message: string, details?: Record<string, string>) {
    super(message);
    this.name = "DomainError";
    this.code = code;
    this.reason = reason;
    this.details = details ?? null;
  }
}

/**
 * Too many requests of one kind from one source (an IP, a visitor, an account, a bot, a tenant):
 * HTTP 429, and the client may try again after `retryAfterSeconds` (the API sends it as
 * Retry-After and in the error's data).
 */
export class RateLimitedError extends DomainError {
  readonly retryAfterSeconds: number;

  constructor(reason: string, message: string, retryAfterSeconds: number) {
    super("TOO_MANY_REQUESTS", reason, message);
    this.name = "RateLimitedError";
    this.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterSeconds));
  }
}

export const notFound = (what: string) => new DomainError("NOT_FOUND", `${what}_not_found`, `${capitalise(what)} not found.`);

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1).replace(/_/g, " ");
}
