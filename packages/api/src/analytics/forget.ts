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
