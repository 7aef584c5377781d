import { readFileSync } from "node:fs";
import path from "node:path";
import { translator } from "@kefu/ui/i18n";
import { botPageInfo } from "./bot-page";

/** The widget's built script and styles (build-widget.ts writes the manifest before `next build`/`next dev`). */
export function widgetAssets(): { script: string; styles: string } {
  return JSON.parse(readFileSync(path.join(process.cwd(), "public", "widget-assets", "manifest.json"), "utf8")) as { script: string; styles: string };
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The HTML of a bot's chat page: the widget (`/widget/<bot>`, framed by the loader) or the hosted
 * page (`/c/<bot>`). No React and no Next.js runtime: a document that loads the widget's script and
 * styles (with the proxy's CSP nonce), in the bot's language and with its name in the title from
 * the first byte. The script does the rest (src/widget/main.tsx).
 */
export async function chatPage(req: Request, botId: string, mode: "widget" | "hosted"): Promise<Response> {
  const nonce = escapeHtml(req.headers.get("x-nonce") ?? "");
  const bot = await botPageInfo(botId);
  const t = translator(bot?.language ?? "en");
  const title = bot ? `${bot.name} · ${t("chat.pageTitle")}` : t("chat.pageTitle");
  const { script, styles } = widgetAssets();
  const root = `id="kefu-chat" data-bot="${escapeHtml(botId)}" data-mode="${mode}"`;
  const body =
    mode === "widget"
      ? `<div ${root} class="h-screen"></div>`
      : `<main class="flex h-screen items-center justify-center sm:p-6"><div ${root} class="h-full w-full max-w-2xl overflow-hidden shadow-xl sm:rounded-2xl"></div></main>`;
  const html = `<!DOCTYPE html><html lang="${bot?.language === "zh" ? "zh-CN" : "en"}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><link rel="icon" href="/icon.svg" type="image/svg+xml"><link rel="stylesheet" href="${styles}" nonce="${nonce}"><script type="module" src="${script}" nonce="${nonce}"></script></head><body class="h-full bg-slate-100 text-slate-900 antialiased">${body}</body></html>`;
  return new Response(html, { headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } });
}
