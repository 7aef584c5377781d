import { createApiContext, foreignOrigin } from "@kefu/api";
import { widgetConfigResponse } from "@kefu/api/public";
import { getDb } from "@kefu/db";
import { translator } from "@kefu/ui/i18n";
import { LAUNCHER_ICON_PATHS, launcherInk } from "@kefu/ui/launcher";

/** The loader's words, from the same UI strings as the widget (not hard-coded in widget.js). */
function loaderLabels(language: "en" | "zh") {
  const t = translator(language);
  return { open: t("chat.open"), close: t("chat.close"), frame: t("chat.pageTitle"), unread: t("chat.unread") };
}

/** The launcher's icon and ink, drawn by the loader as the dashboard's preview draws them (@kefu/ui/launcher). */
const launcherLook = ({ icon, color }: { icon: keyof typeof LAUNCHER_ICON_PATHS; color: string }) => ({ iconPath: LAUNCHER_ICON_PATHS[icon], ink: launcherInk(color) });

// Read by the framework-free loader on the host site (another origin): CORS for the bot's allowed websites only.
export async function GET(req: Request, { params }: { params: Promise<{ botId: string }> }) {
  const { botId } = await params;
  const { log } = createApiContext({ db: getDb() });
  return widgetConfigResponse(getDb(), { publicId: botId, origin: req.headers.get("origin"), foreign: foreignOrigin(req.headers), log, labels: loaderLabels, launcherLook });
}
