import { DomainError, PrechatRequiredError, RateLimitedError, type DomainErrorCode, type PrechatView } from "@kefu/domain";
import { TRPCError } from "@trpc/server";
import { ZodError } from "zod";

/** The one mapping from domain error codes to tRPC codes (and so HTTP statuses). */
const TRPC_CODE: Record<DomainErrorCode, TRPCError["code"]> = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  TOO_MANY_REQUESTS: "TOO_MANY_REQUESTS",
  SERVICE_UNAVAILABLE: "SERVICE_UNAVAILABLE",
};

export function toTRPCError(error: DomainError): TRPCError {
  return new TRPCError({ code: TRPC_CODE[error.code], message: error.message, cause: error });
}

/** The database is away (restarting, unreachable): retryable, HTTP 503. */
export function databaseUnavailableError(cause: unknown): TRPCError {
  return new TRPCError({ code: "SERVICE_UNAVAILABLE", message: UNAVAILABLE_MESSAGE, cause });
}

const UNAVAILABLE_MESSAGE = "The service is briefly unavailable. Please try again in a moment.";

export interface ErrorShapeData {
  reason: string | null;
  requestId: string | null;
  fieldErrors: Record<string, string[]> | null;
  /** A domain error's details (DomainError.details), for messages the client words itself. */
  details?: Readonly<Record<string, string>> | null;
  /** Rate limited (TOO_MANY_REQUESTS): seconds until the client may try again, as in Retry-After. */
  retryAfter?: number;
  /** `prechat_required`: the visitor's own pre-chat form, so the widget shows it without starting again. */
  prechat?: PrechatView;
}

/**
 * Clients see domain messages and field errors; anything unexpected becomes a
 * generic message with a request id, and the details go to the server log.
 */
export function describeError(error: TRPCError, requestId: string | undefined): { message: string; data: ErrorShapeData } {
  const cause = error.cause;
  if (cause instanceof ZodError) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of cause.issues) {
      const key = issue.path.join(".") || "_";
      (fieldErrors[key] ??= []).push(issue.message);
    }
    const first = cause.issues[0]?.message ?? "Invalid input.";
    return { message: first, data: { reason: "invalid_input", requestId: requestId ?? null, fieldErrors } };
  }
  if (cause instanceof RateLimitedError) {
    return { message: cause.message, data: { reason: cause.reason, requestId: requestId ?? null, fieldErrors: null, retryAfter: cause.retryAfterSeconds } };
  }
  if (cause instanceof DomainError) {
    const data: ErrorShapeData = { reason: cause.reason, requestId: requestId ?? null, fieldErrors: null };
    if (cause.details) data.details = cause.details;
    if (cause instanceof PrechatRequiredError) data.prechat = cause.prechat;
    return { message: cause.message, data };
  }
  if (error.code === "SERVICE_UNAVAILABLE") {
    return { message: UNAVAILABLE_MESSAGE, data: { reason: "unavailable", requestId: requestId ?? null, fieldErrors: null } };
  }
  if (error.code === "INTERNAL_SERVER_ERROR") {
    return {
      message: `Something went wrong on our side. Please try again (request ${requestId ?? "unknown"}).`,
      data: { reason: "internal", requestId: requestId ?? null, fieldErrors: null },
    };
  }
  return { message: error.message, data: { reason: null, requestId: requestId ?? null, fieldErrors: null } };
}
