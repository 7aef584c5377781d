import { type DbTx } from "@kefu/db";
import { storedAppearance } from "@kefu/domain";
import { type PublicBot } from "../conversations/index.ts";

/**
 * What a visitor's widget shows of the bot's appearance (Bot.appearance, Bot.avatarUrl), read when
 * a chat starts or the loader asks for its configuration: not with the bot row every visitor call
 * reads (findBotForVisitor), which would carry the avatar's bytes on each message.
 */
export async function botLooks(db: DbTx, bot: Pick<PublicBot, "id" | "tenantId" | "name" | "brandColor">, { avatar }: { avatar: boolean }) {
  const row = await db.bot.findFirst({ where: { id: bot.id, tenantId: bot.tenantId }, select: { appearance: true, avatarUrl: avatar } });
  const looks = storedAppearance(row?.appearance);
  return {
    /** The header's name: the display name, or the bot's name. */
    displayName: looks.displayName || bot.name,
    avatarUrl: avatar ? (row?.avatarUrl ?? null) : null,
    suggestedQuestions: looks.suggestedQuestions,
    launcher: {
      position: looks.position,
      sideOffset: looks.sideOffset,
      bottomOffset: looks.bottomOffset,
      color: looks.launcherColor ?? bot.brandColor,
      icon: looks.launcherIcon,
      label: looks.launcherLabel,
    },
  };
}

export type BotLooks = Awaited<ReturnType<typeof botLooks>>;
