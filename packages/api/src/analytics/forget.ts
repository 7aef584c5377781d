import { Prisma, type DbTx } from "@kefu/db";
import { parseCounterKey } from "@kefu/domain";

/**
 * Before conversations are deleted (retention purge, a visitor's erasure request), the rollup lets
 * go of them. The top questions count each distinct visitor text per day (metric `question`): the
 * visitors' own words, so their counts are subtracted and rows left at zero deleted (the text is
 * the row's key). Every other counter is a number and stays, so past days keep their counts. The
 * conversations' stored shares (AnalyticsConversation) go: a deleted conversation never changes
 * again, so nothing will need its share, and no row names it any more.
 *
 * Runs in the deleting transaction and takes the tenant's fold cursor row first, as a fold does
 * before applying: a fold either applied before (its counts are found and removed here) or waits
 * and then finds the conversations gone (rollup.ts skips them), so a text is never written back.
 */
export async function forgetConversations(tx: DbTx, tenantId: string, conversationIds: readonly string[]): Promise<void> {
  if (conversationIds.length === 0) return;
  await tx.$queryRaw`SELECT 1 FROM "AnalyticsCursor" WHERE "tenantId" = ${tenantId} FOR UPDATE`;
  const shares = await tx.analyticsConversation.findMany({
    where: { tenantId, conversationId: { in: [...conversationIds] } },
    select: { conversationId: true, botId: true, counters: true },
  });
  const minus = new Map<string, { botId: string; day: string; text: string; value: number }>();
  for (const share of shares) {
    for (const [key, value] of Object.entries((share.counters ?? {}) as Record<string, number>)) {
      const { day, metric, dimension } = parseCounterKey(key);
      if (metric !== "question") continue;
      const id = `${share.botId}#${day}#${dimension}`;
      const entry = minus.get(id) ?? { botId: share.botId, day, text: dimension, value: 0 };
      entry.value += value;
      minus.set(id, entry);
    }
  }
  const rows = [...minus.values()].map((m) => Prisma.sql`(${m.botId}::text, ${m.day}::date, ${m.text}::text, ${m.value}::int)`);
  for (let i = 0; i < rows.length; i += 2000) {
    const chunk = Prisma.join(rows.slice(i, i + 2000));
    await tx.$executeRaw`
      UPDATE "AnalyticsDaily" d SET "value" = d."value" - m."value"
      FROM (VALUES ${chunk}) AS m("botId", "day", "dimension", "value")
      WHERE d."tenantId" = ${tenantId} AND d."metric" = 'question'
        AND d."botId" = m."botId" AND d."day" = m."day" AND d."dimension" = m."dimension"`;
    await tx.$executeRaw`
      DELETE FROM "AnalyticsDaily" d USING (VALUES ${chunk}) AS m("botId", "day", "dimension", "value")
      WHERE d."tenantId" = ${tenantId} AND d."metric" = 'question' AND d."value" <= 0
        AND d."botId" = m."botId" AND d."day" = m."day" AND d."dimension" = m."dimension"`;
  }
  await tx.analyticsConversation.deleteMany({ where: { tenantId, conversationId: { in: [...conversationIds] } } });
}

/**
 * Before demo bots are deleted, the rollup lets go of everything they added: their counters
 * (every `AnalyticsDaily` row is keyed by its bot, and no row of the tenant sums several bots, so
 * deleting their rows subtracts exactly their part of every figure, "all bots" included) and their
 * conversations' shares, and the kept names of their deleted escalation rules. A real bot's counts
 * stay when it is deleted (bots/deleted-rules.ts keeps its rules' names); a demo bot's are made up.
 *
 * Runs in the deleting transaction, after taking the tenant's fold cursor row as `forgetConversations`
 * does: a fold applied before has its rows deleted here, one waiting finds the conversations gone.
 */
export async function forgetBots(tx: DbTx, tenantId: string, botIds: readonly string[]): Promise<void> {
  if (botIds.length === 0) return;
  await tx.$queryRaw`SELECT 1 FROM "AnalyticsCursor" WHERE "tenantId" = ${tenantId} FOR UPDATE`;
  await tx.analyticsDaily.deleteMany({ where: { tenantId, botId: { in: [...botIds] } } });
  await tx.analyticsConversation.deleteMany({ where: { tenantId, botId: { in: [...botIds] } } });
  // The kept names of their deleted rules named counts that are gone now.
  await tx.deletedEscalationRule.deleteMany({ where: { tenantId, botId: { in: [...botIds] } } });
}
