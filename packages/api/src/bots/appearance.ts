import { type Db, type DbTx } from "@kefu/db";
import { BOT_AVATAR_TYPES, notFound, storedAppearance, type UpdateBotAppearanceRequest, type WidgetAppearance } from "@kefu/domain";
import { avatarDataUrl } from "../platform/avatar-image.ts";

export interface BotAppearance {
  brandColor: string;
  greeting: string;
  /** The bot's own name: the header shows it when no display name is set. */
  name: string;
  appearance: WidgetAppearance;
  avatarUrl: string | null;
  updatedAt: Date;
}

const FIELDS = { name: true, brandColor: true, greeting: true, appearance: true, avatarUrl: true, updatedAt: true } as const;

/** How the bot's widget looks: what the Widget tab edits and previews. */
export async function getBotAppearance(db: DbTx, tenantId: string, id: string): Promise<BotAppearance> {
  const bot = await db.bot.findFirst({ where: { id, tenantId }, select: FIELDS });
  if (!bot) throw notFound("bot");
  return { ...bot, appearance: storedAppearance(bot.appearance) };
}

/**
 * Saves it. A new avatar is checked (size, type from its bytes: PNG, JPEG or WebP) before anything
 * is written; `avatar: null` removes it, leaving it out keeps it. Writing the row moves
 * Bot.updatedAt, so the loader's configuration (cached a minute) and new chats pick it up.
 */
export async function updateBotAppearance(db: Db, tenantId: string, id: string, input: Omit<UpdateBotAppearanceRequest, "id">): Promise<BotAppearance> {
  const avatar = input.avatar === undefined ? {} : { avatarUrl: input.avatar ? avatarDataUrl(input.avatar.dataBase64, BOT_AVATAR_TYPES) : null };
  const { count } = await db.bot.updateMany({
    where: { id, tenantId },
    data: { brandColor: input.brandColor, greeting: input.greeting, appearance: input.appearance, ...avatar },
  });
  if (count === 0) throw notFound("bot");
  return getBotAppearance(db, tenantId, id);
}
