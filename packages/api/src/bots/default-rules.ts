import { type DbTx, type Prisma } from "@kefu/db";
import { defaultRulesFor, type BotLanguage } from "@kefu/domain";

/**
 * Writes the default rules (defaultRulesFor the bot's language) after a bot's existing ones,
 * skipping any whose name is already used, in the caller's transaction. A new bot gets them as it
 * is created (createBot); "install defaults" adds the missing ones later (handoff rules).
 */
export async function writeDefaultRules(tx: DbTx, bot: { tenantId: string; id: string; language: BotLanguage }): Promise<void> {
  const { tenantId, id: botId } = bot;
  const existing = await tx.escalationRule.findMany({ where: { tenantId, botId }, select: { name: true, order: true } });
  const names = new Set(existing.map((r) => r.name));
  let order = existing.reduce((max, r) => Math.max(max, r.order + 1), 0);
  for (const draft of defaultRulesFor(bot.language)) {
    if (names.has(draft.name)) continue;
    await tx.escalationRule.create({
      data: {
        tenantId,
        botId,
        name: draft.name,
        enabled: draft.enabled,
        continue: draft.continue,
        conditions: draft.conditions as Prisma.InputJsonValue,
        actions: draft.actions as Prisma.InputJsonValue,
        order: order++,
      },
    });
  }
}
