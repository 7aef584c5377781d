import { type Db } from "@kefu/db";
import { notFound, type StartSessionRequest } from "@kefu/domain";
import { findBotForVisitor, listVisitorMessages, startVisitorSession } from "../conversations/index.ts";
import { visitorSessionState } from "../handoff/index.ts";

/** What a visitor may know of a bot: its public id, never the internal one. */
const publicBotView = (bot: { publicId: string; name: string; greeting: string; language: "en" | "zh"; brandColor: string }) => ({
  id: bot.publicId,
  name: bot.name,
  greeting: bot.greeting,
  language: bot.language,
  brandColor: bot.brandColor,
});

/** The widget's configuration, by the bot's public id (the loader reads it before a session exists). */
export async function widgetConfig(db: Db, publicId: string) {
  const bot = await findBotForVisitor(db, publicId);
  if (!bot) throw notFound("bot");
  return publicBotView(bot);
}

/**
 * Starts a visitor's session or resumes it with its token: the bot, the history, and where the
 * live stream resumes (after lastEventId), so the history and the live events meet without a gap.
 */
export async function startChat(db: Db, input: StartSessionRequest) {
  const session = await startVisitorSession(db, input.botId, input.visitorToken, input.attributes);
  return {
    visitorToken: session.visitorToken,
    resumed: session.resumed,
    bot: publicBotView(session.bot),
    ...(await visitorSessionState(db, session.bot, session.visitor)),
    messages: await listVisitorMessages(db, session.visitor),
  };
}
