import { randomUUID } from "node:crypto";
import { type DbTx } from "@kefu/db";
import { auditTargetIds, DomainError, summariseForAudit, type AuditOutcome } from "@kefu/domain";
import { type TRPCError } from "@trpc/server";
import { type RequestClient } from "./context.ts";
import { toTRPCError } from "./errors.ts";
import { rootLogger, type Logger } from "./logger.ts";

/**
 * Writing the audit log (docs/security.md "Audit log"). Every dashboard mutation is recorded by
 * the tRPC middleware of tenantProcedure (`auditedMutation`), so a new procedure is covered without
 * anyone remembering to; sign-ins and what Kefu does on a tenant's behalf call `recordAudit`.
 */
export interface AuditEntry {
  tenantId: string | null;
  /**
   * The member who acted (their e-mail is looked up when not given); null when Kefu itself did (a
   * background job). A failed sign-in has the e-mail that was tried and no id.
   */
  actor: { id: string | null; email?: string | null } | null;
  action: string;
  targetIds?: readonly string[];
  outcome: AuditOutcome;
  errorCode?: string | null;
  client?: RequestClient;
  /** The request's input or the event's facts, summarised here (secrets redacted, content as its size). */
  details?: unknown;
}

/**
 * Appends one event. A failure to write is logged (`audit.write_failed`, with the event minus its
 * details) and does not fail what was done: the change it records has already happened.
 */
export async function recordAudit(db: DbTx, entry: AuditEntry, log: Logger = rootLogger()): Promise<void> {
  try {
    const actorId = entry.actor?.id ?? null;
    // The actor's e-mail, when not given, is read by the INSERT itself: one statement per entry.
    const lookUpEmail = actorId !== null && entry.actor?.email === undefined;
    const details = JSON.stringify(summariseForAudit(entry.details ?? {}) ?? {});
    await db.$executeRaw`
      INSERT INTO "AuditEvent" ("id", "tenantId", "actorId", "actorEmail", "action", "targetIds", "outcome", "errorCode", "ip", "userAgent", "details")
      VALUES (${randomUUID()}, ${entry.tenantId}::text, ${actorId}::text,
        CASE WHEN ${lookUpEmail}::boolean THEN (SELECT "email" FROM "User" WHERE "id" = ${actorId}::text) ELSE ${entry.actor?.email ?? null}::text END,
        ${entry.action}, ${[...(entry.targetIds ?? [])]}::text[], ${entry.outcome}, ${entry.errorCode ?? null}::text,
        ${entry.client?.ip ?? null}::text, ${entry.client?.userAgent ?? null}::text, ${details}::jsonb)`;
  } catch (error) {
    const { details: _omitted, ...event } = entry;
    log.error({ err: error, audit: event }, "audit.write_failed");
  }
}

/** Mutations not worth an entry: they change nothing anyone audits (a typing indicator, a dry run). */
export const UNAUDITED_MUTATIONS: ReadonlySet<string> = new Set(["inbox.typing", "rule.test"]);

/** The tRPC code of a failed call, as the client sees it (a domain error is typed by the outer middleware). */
export function failureCode(error: TRPCError): string {
  return error.cause instanceof DomainError ? toTRPCError(error.cause).code : error.code;
}

/** The entry of a dashboard mutation, from its path, raw input and result. */
export function mutationEntry(input: {
  tenantId: string;
  userId: string;
  path: string;
  rawInput: unknown;
  client: RequestClient;
  /** Ties the entry to the request's log lines (`requestId`). */
  requestId: string;
  result: { ok: true; data: unknown } | { ok: false; error: TRPCError };
}): AuditEntry {
  const { result } = input;
  return {
    tenantId: input.tenantId,
    actor: { id: input.userId },
    action: input.path,
    targetIds: auditTargetIds(input.rawInput, result.ok ? result.data : undefined),
    outcome: result.ok ? "success" : "failure",
    errorCode: result.ok ? null : failureCode(result.error),
    client: input.client,
    details: { ...(input.rawInput === undefined ? {} : { input: input.rawInput }), requestId: input.requestId },
  };
}
