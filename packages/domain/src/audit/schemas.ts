import { z } from "zod";

/**
 * Audit events that are not a dashboard procedure (those are named by their path, "bot.update"):
 * sign-ins, and what Kefu itself does on a tenant's behalf.
 */
export const AUDIT_EVENTS = {
  login: "auth.login",
  loginFailed: "auth.login_failed",
  signUp: "account.signUp",
  passwordReset: "account.resetPassword",
  inviteAccepted: "member.acceptInvite",
  joinedWithInvite: "member.joinWithInvite",
  webhookAutoDisabled: "webhook.auto_disabled",
  retentionPurged: "privacy.retention_purged",
  auditExported: "audit.export",
} as const;

export const AUDIT_OUTCOMES = ["success", "failure"] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

const ZFilterText = z.string().trim().max(200).optional().transform((value) => value || undefined);

/** Filters of the audit log; every one optional, all of them must hold. */
export const ZAuditFilter = z
  .object({
    // A user id, or part of an e-mail address.
    actor: ZFilterText,
    // An action ("bot.update") or its prefix ending with a dot ("bot.").
    action: ZFilterText,
    // An id among the event's targets.
    target: ZFilterText,
    outcome: z.enum(AUDIT_OUTCOMES).optional(),
    from: z.date().optional(),
    to: z.date().optional(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: "The start of the range must be before its end.", path: ["from"] });
export type AuditFilter = z.infer<typeof ZAuditFilter>;

export const ZListAuditEventsRequest = z.object({
  filter: ZAuditFilter.prefault({}),
  // The id of the last event of the previous page (newest first).
  cursor: z.string().max(64).optional(),
  limit: z.number().int().min(1).max(200).default(50),
});

export const ZExportAuditEventsRequest = z.object({ filter: ZAuditFilter.prefault({}) });

/** Columns of the CSV export, in order (the dashboard's table shows the same fields). */
export const AUDIT_CSV_COLUMNS = ["time", "actor_id", "actor_email", "action", "targets", "outcome", "error", "ip", "user_agent", "details"] as const;
