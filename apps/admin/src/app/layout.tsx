import { type Metadata } from "next";
import { type ReactNode } from "react";
import { ApiProvider } from "~/lib/trpc";
import { I18nProvider } from "~/lib/i18n";
import { requestLocale, requestTheme } from "~/lib/locale";
import "./globals.css";
import "./dark-theme.css";

export const metadata: Metadata = { title: "Kefu — AI customer service", description: "Kefu admin dashboard" };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const [locale, theme] = await Promise.all([requestLocale(), requestTheme()]);
  return (
    // The theme class is set here, on the server, so the first paint is in the chosen theme.
    <html lang={locale === "zh" ? "zh-CN" : "en"} className={theme === "system" ? undefined : theme}>
      <body className="min-h-screen bg-slate-100 text-slate-900 antialiased">
        <I18nProvider locale={locale}>
          <ApiProvider>{children}</ApiProvider>
        </I18nProvider>
      </body>
    </html>
  );
}
