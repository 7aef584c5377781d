import { type Db } from "@kefu/db";
import { DomainError, notFound as botNotFound, ZBotPublicId, type LauncherIcon } from "@kefu/domain";
import { type Logger } from "../platform/logger.ts";
import { widgetConfig } from "./visitor-session.ts";

/**
 * `GET /api/widget/<publicId>`: the configuration the loader (`/widget.js`) reads on the host page,
 * another origin, hence CORS. Only the bot's allowed websites may read it
 * (`Access-Control-Allow-Origin: <their origin>`, `Vary: Origin`); any other gets a 403 without
 * CORS headers, so the browser keeps even the refusal from the page, and the loader does not start.
 * An unknown bot id answers 404 to any page, so the loader can say the snippet is wrong.
 */
export async function widgetConfigResponse(
  db: Db,
  {
    publicId,
    origin,
    foreign,
    log,
    labels,
    launcherLook,
  }: {
    publicId: string;
    origin: string | null;
    foreign: string | null;
    log: Logger;
    /** The loader's own words (launcher, frame title) in the bot's language, from the app's UI strings. */
    labels?: (language: "en" | "zh") => Record<string, string>;
    /** What the loader draws the launcher with: its icon's SVG path and the ink on its colour (the app's UI kit). */
    launcherLook?: (launcher: { icon: LauncherIcon; color: string }) => { iconPath: string; ink: string };
  },
): Promise<Response> {
  const vary = { vary: "Origin" };
  try {
    if (!ZBotPublicId.safeParse(publicId).success) throw botNotFound("bot");
    const found = await widgetConfig(db, publicId, foreign);
    const config = launcherLook ? { ...found, launcher: { ...found.launcher, ...launcherLook(found.launcher) } } : found;
    return Response.json(labels ? { ...config, labels: labels(config.language) } : config, {
      headers: { ...vary, "cache-control": "public, max-age=60", ...(origin !== null ? { "access-control-allow-origin": origin } : {}) },
    });
  } catch (error) {
    if (error instanceof DomainError && error.reason === "origin_not_allowed") {
      log.info({ publicId, origin: foreign?.slice(0, 200) }, "widget.origin_refused");
      return Response.json({ error: "origin_not_allowed", message: error.message }, { status: 403, headers: { ...vary, "cache-control": "no-store" } });
    }
    const notFound = error instanceof DomainError && error.code === "NOT_FOUND";
    if (!notFound) log.error({ err: error, publicId }, "widget.config_failed");
    return Response.json(
      {
        error: notFound ? "bot_not_found" : "unavailable",
        message: notFound ? `No bot with id "${publicId}". Check data-bot-id in your embed snippet.` : "Chat is temporarily unavailable.",
      },
      { status: notFound ? 404 : 503, headers: { ...vary, "access-control-allow-origin": "*", "cache-control": "no-store" } },
    );
  }
}
