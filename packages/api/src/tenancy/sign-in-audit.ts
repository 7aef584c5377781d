import { type Db } from "@kefu/db";
import { AUDIT_EVENTS } from "@kefu/domain";
import { recordAudit, type AuditEntry } from "../platform/audit-trail.ts";
import { type RequestClient } from "../platform/context.ts";
import { rootLogger, type Logger } from "../platform/logger.ts";

/**
 * Records a sign-in attempt (next-auth's credentials `authorize`). A success, and a failure for an
 * e-mail that has an account, go into the audit log of each workspace the account belongs to (a
 * failure with the e-mail tried and no actor id, the account as its target). A failure for an e-mail with no account
 * belongs to no workspace: it is a warning line in the server log (`auth.login_failed`) only.
 */
export async function auditSignIn(
  db: Db,
  attempt: { email: string; userId: string | null; client: RequestClient },
  log: Logger = rootLogger(),
): Promise<void> {
  const email = attempt.email.trim().toLowerCase().slice(0, 320);
  const user = attempt.userId
    ? { id: attempt.userId }
    : await db.user.findUnique({ where: { email }, select: { id: true } }).catch(() => null);
  const ok = attempt.userId !== null;
  if (!user) {
    log.warn({ email, ip: attempt.client.ip, userAgent: attempt.client.userAgent }, AUDIT_EVENTS.loginFailed);
    return;
  }
  const memberships = await db.membership.findMany({ where: { userId: user.id }, select: { tenantId: true } }).catch(() => []);
  for (const { tenantId } of memberships) {
    await recordAudit(
      db,
      {
        tenantId,
        actor: { id: ok ? user.id : null, email },
        action: ok ? AUDIT_EVENTS.login : AUDIT_EVENTS.loginFailed,
        targetIds: [user.id],
        outcome: ok ? "success" : "failure",
        errorCode: ok ? null : "UNAUTHORIZED",
        client: attempt.client,
        details: { email },
      },
      log,
    );
  }
}

/** The entry of someone joining a workspace (sign-up creates it; an invite adds them to it): public procedures, recorded by hand. */
export function joinedEntry(
  action: string,
  account: { userId: string; tenantId: string; email: string },
  client: RequestClient,
  input: unknown,
): AuditEntry {
  return { tenantId: account.tenantId, actor: { id: account.userId, email: account.email }, action, targetIds: [account.userId], outcome: "success", client, details: { input } };
}
