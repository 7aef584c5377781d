import { type Db, type DbTx } from "@kefu/db";
import { DEFAULT_PRECHAT_FORM, notFound, storedPrechatForm, type PrechatForm } from "@kefu/domain";

/** A bot's pre-chat form as the dashboard edits it: the saved one, or the default (off). */
export async function getPrechatForm(db: DbTx, tenantId: string, id: string): Promise<PrechatForm> {
  const bot = await db.bot.findFirst({ where: { id, tenantId }, select: { prechatForm: true } });
  if (!bot) throw notFound("bot");
  return storedPrechatForm(bot.prechatForm) ?? DEFAULT_PRECHAT_FORM;
}

/**
 * Saves it (checked by ZUpdatePrechatFormRequest). Writing the row moves Bot.updatedAt; visitor
 * calls read the form with the bot row, so every process asks for it from the next start.
 */
export async function updatePrechatForm(db: Db, tenantId: string, id: string, form: PrechatForm): Promise<PrechatForm> {
  const { count } = await db.bot.updateMany({ where: { id, tenantId }, data: { prechatForm: form } });
  if (count === 0) throw notFound("bot");
  return getPrechatForm(db, tenantId, id);
}
