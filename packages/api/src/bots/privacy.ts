import { type Db, type DbTx } from "@kefu/db";
import { notFound, storedPiiPatterns, type PiiPattern, type UpdateBotPrivacyRequest } from "@kefu/domain";

export interface BotPrivacy {
  redactPii: boolean;
  maskStoredPii: boolean;
  piiPatterns: PiiPattern[];
  privacyNotice: string | null;
  privacyNoticeUrl: string | null;
}

/**
 * A bot's privacy settings: redaction before remote models, masking of stored transcripts, its own
 * patterns, and the notice shown to visitors before their first message.
 */
export async function getBotPrivacy(db: DbTx, tenantId: string, id: string): Promise<BotPrivacy> {
  const bot = await db.bot.findFirst({
    where: { id, tenantId },
    select: { redactPii: true, maskStoredPii: true, piiPatterns: true, privacyNotice: true, privacyNoticeUrl: true },
  });
  if (!bot) throw notFound("bot");
  return { ...bot, piiPatterns: storedPiiPatterns(bot.piiPatterns) };
}

/**
 * Saves them (patterns already checked by ZUpdateBotPrivacyRequest: RE2 compiles them, none
 * matches empty text). Writing the row moves Bot.updatedAt, so every process's answer
 * configuration (chat/answer-config.ts) picks them up on its next message.
 */
export async function updateBotPrivacy(db: Db, tenantId: string, id: string, input: Omit<UpdateBotPrivacyRequest, "id">): Promise<BotPrivacy> {
  const { count } = await db.bot.updateMany({ where: { id, tenantId }, data: input });
  if (count === 0) throw notFound("bot");
  return getBotPrivacy(db, tenantId, id);
}
