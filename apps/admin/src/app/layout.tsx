import { type Metadata } from "next";
import { type ReactNode } from "react";
import { ApiProvider } from "~/lib/trpc";
import { I18nProvider } from "~/lib/i18n";
import { requestLocale } from "~/lib/locale";
import "./globals.css";

export const metadata: Metadata = { title: "Kefu — AI customer service", description: "Kefu admin dashboard" };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await requestLocale();
  return (
    <html lang={locale === "zh" ? "zh-CN" : "en"}>
      <body className="min-h-screen bg-slate-100 text-slate-900 antialiased">
        <I18nProvider locale={locale}>
          <ApiProvider>{children}</ApiProvider>
        </I18nProvider>
      </body>
    </html>
  );
}
