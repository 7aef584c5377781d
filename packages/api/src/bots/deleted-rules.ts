import { Prisma, type DbTx } from "@kefu/db";

/**
 * Keeps the names of escalation rules about to be deleted (one rule, or all of a bot's), in the
 * deleting transaction: analytics still counts the escalations they made and names them from here.
 */
export async function keepDeletedRuleNames(tx: DbTx, { tenantId, botId, ruleId }: { tenantId: string; botId: string; ruleId?: string }) {
  await tx.$executeRaw`
    INSERT INTO "DeletedEscalationRule" ("id", "tenantId", "botId", "name")
    SELECT "id", "tenantId", "botId", "name" FROM "EscalationRule"
    WHERE "tenantId" = ${tenantId} AND "botId" = ${botId} ${ruleId ? Prisma.sql`AND "id" = ${ruleId}` : Prisma.empty}
    ON CONFLICT ("id") DO UPDATE SET "name" = EXCLUDED."name", "deletedAt" = now()`;
}
