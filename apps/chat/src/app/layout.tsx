import { type Metadata } from "next";
import { headers } from "next/headers";
import { connection } from "next/server";
import { type ReactNode } from "react";
import { BOT_PAGE_HEADER, botPageInfo } from "~/lib/bot-page";
import "./globals.css";

export const metadata: Metadata = { title: "Kefu" };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Rendered per request, so that Next.js puts the proxy's CSP nonce on its scripts.
  await connection();
  // A bot's page is in the bot's language from the first byte (screen readers, fonts, hyphenation).
  const botId = (await headers()).get(BOT_PAGE_HEADER);
  const bot = botId ? await botPageInfo(botId) : null;
  return (
    <html lang={bot?.language === "zh" ? "zh-CN" : "en"}>
      <body className="h-full bg-slate-100 text-slate-900 antialiased">{children}</body>
    </html>
  );
}
