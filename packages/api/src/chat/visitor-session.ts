import { type Db } from "@kefu/db";
import { frameAncestorsSources, notFound, ZBotPublicId, type StartSessionRequest } from "@kefu/domain";
import { botLooks, type BotLooks } from "./bot-looks.ts";
import { assertOriginAllowed, findBotForVisitor, listVisitorMessages, startVisitorSession, type PublicBot } from "../conversations/index.ts";
import { visitorAnswerFeedback } from "../feedback/index.ts";
import { visitorSessionState } from "../handoff/index.ts";
import { type Logger } from "../platform/logger.ts";
import { prechatForVisitor } from "../prechat/index.ts";

/** What a visitor may know of a bot: its public id, never the internal one. */
const publicBotView = (
  bot: Pick<PublicBot, "publicId" | "name" | "greeting" | "language" | "brandColor" | "privacyNotice" | "privacyNoticeUrl">,
  looks: BotLooks,
) => ({
  id: bot.publicId,
  name: bot.name,
  greeting: bot.greeting,
  language: bot.language,
  brandColor: bot.brandColor,
  // The bot's privacy notice, shown above the composer until the visitor's first message.
  privacyNotice: bot.privacyNotice ? { text: bot.privacyNotice, url: bot.privacyNoticeUrl } : null,
  // How the widget looks: header name and picture, questions offered before the first message, launcher.
  ...looks,
});

/**
 * The widget's configuration, by the bot's public id (the loader reads it before a session
 * exists). The loader's page must be one of the bot's allowed websites (`origin`: the caller's
 * Origin when it is another site, ApiContext.origin).
 */
export async function widgetConfig(db: Db, publicId: string, origin: string | null) {
  const bot = await findBotForVisitor(db, publicId);
  if (!bot) throw notFound("bot");
  assertOriginAllowed(bot, origin);
  // The loader draws the launcher only: the avatar (up to 64 KB) waits for the opened widget.
  const { avatarUrl: _avatar, ...view } = publicBotView(bot, await botLooks(db, bot, { avatar: false }));
  return view;
}

/**
 * The sources of the widget page's `Content-Security-Policy: frame-ancestors` for a bot: its
 * allowed websites, or `*` when it allows any (or there is no such bot: the page then only says
 * the chat is not available).
 */
export async function widgetFrameAncestors(db: Db, publicId: string): Promise<string> {
  const bot = ZBotPublicId.safeParse(publicId).success ? await findBotForVisitor(db, publicId) : null;
  return frameAncestorsSources(bot?.allowedOrigins ?? []);
}

/** What a chat page shows before the chat starts: the bot's name (page title) and language (`<html lang>`); null for no such bot. */
export async function botPageInfo(db: Db, publicId: string): Promise<{ name: string; language: "en" | "zh" } | null> {
  const bot = ZBotPublicId.safeParse(publicId).success ? await findBotForVisitor(db, publicId) : null;
  return bot ? { name: bot.name, language: bot.language } : null;
}

/**
 * Starts a visitor's session or resumes it with its token: the bot, the history, and where the
 * live stream resumes (after lastEventId), so the history and the live events meet without a gap.
 * Both the caller's origin (when another site) and the host page the widget names must be allowed.
 * A signed user id (userId + userHash) resumes that user's history on any device (visitors.ts).
 */
export async function startChat(db: Db, input: StartSessionRequest, origin: string | null, log?: Pick<Logger, "warn">) {
  const session = await startVisitorSession(db, {
    publicId: input.botId,
    token: input.visitorToken,
    attributes: input.attributes,
    userId: input.userId,
    userHash: input.userHash,
    origins: [origin, input.hostOrigin],
    log,
  });
  // The stream's cursor is read before the history, so nothing logged in between falls in a gap.
  const state = await visitorSessionState(db, session.bot, session.visitor);
  const messages = await listVisitorMessages(db, session.visitor);
  return {
    visitorToken: session.visitorToken,
    resumed: session.resumed,
    bot: publicBotView(session.bot, await botLooks(db, session.bot, { avatar: true })),
    ...state,
    messages,
    /** The pre-chat form to fill before the first message, or null (none, already sent, or all signed). */
    prechat: await prechatForVisitor(db, session.bot, session.visitor),
    /** The visitor's votes on these answers. */
    feedback: await visitorAnswerFeedback(db, session.visitor, messages.map((m) => m.id)),
  };
}
