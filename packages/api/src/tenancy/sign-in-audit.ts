import { type Db } from "@kefu/db";
import { AUDIT_EVENTS } from "@kefu/domain";
import { recordAudit, type AuditEntry } from "../platform/audit-trail.ts";
import { type RequestClient } from "../platform/context.ts";
import { rootLogger, type Logger } from "../platform/logger.ts";

/**
 * Audit entries of what happens to an account outside a member's procedures (those are recorded
 * by tenantProcedure): signing in, creating a workspace, resetting a password. They go into the
 * audit log of each workspace the account belongs to.
 */

/**
 * A sign-in attempt (next-auth's credentials `authorize`). A success, and a failure for an e-mail
 * that has an account (recorded with the e-mail tried and no actor id, the account as its target),
 * go into each workspace of the account. A failure for an e-mail with no account belongs to no
 * workspace: it is a warning line in the server log (`auth.login_failed`) only.
 */
export async function auditSignIn(
  db: Db,
  attempt: { email: string; userId: string | null; client: RequestClient },
  log: Logger = rootLogger(),
): Promise<void> {
  const ok = attempt.userId !== null;
  const found = await auditAccountEvent(
    db,
    { email: attempt.email, userId: attempt.userId, action: ok ? AUDIT_EVENTS.login : AUDIT_EVENTS.loginFailed, ok, client: attempt.client },
    log,
  );
  if (!found) log.warn({ email: normaliseEmail(attempt.email), ip: attempt.client.ip, userAgent: attempt.client.userAgent }, AUDIT_EVENTS.loginFailed);
}

const normaliseEmail = (email: string) => email.trim().toLowerCase().slice(0, 320);

/**
 * Records `action` for the account of `email` in each of its workspaces; false when no account has
 * the address. A success names the account as actor; a failure only the e-mail that was used.
 */
export async function auditAccountEvent(
  db: Db,
  event: { email: string; userId?: string | null; action: string; ok: boolean; client: RequestClient },
  log: Logger = rootLogger(),
): Promise<boolean> {
  const email = normaliseEmail(event.email);
  const user = event.userId ? { id: event.userId } : await db.user.findUnique({ where: { email }, select: { id: true } }).catch(() => null);
  if (!user) return false;
  const memberships = await db.membership.findMany({ where: { userId: user.id }, select: { tenantId: true } }).catch(() => []);
  for (const { tenantId } of memberships) {
    await recordAudit(
      db,
      {
        tenantId,
        actor: { id: event.ok ? user.id : null, email },
        action: event.action,
        targetIds: [user.id],
        outcome: event.ok ? "success" : "failure",
        errorCode: event.ok ? null : "UNAUTHORIZED",
        client: event.client,
        details: { email },
      },
      log,
    );
  }
  return true;
}

/** The entry of someone joining a workspace by invite (a public procedure, recorded by hand). */
export function joinedEntry(
  action: string,
  account: { userId: string; tenantId: string; email: string },
  client: RequestClient,
  input: unknown,
): AuditEntry {
  return { tenantId: account.tenantId, actor: { id: account.userId, email: account.email }, action, targetIds: [account.userId], outcome: "success", client, details: { input } };
}
