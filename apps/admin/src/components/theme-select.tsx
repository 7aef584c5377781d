"use client";
import { useState } from "react";
import { useI18n } from "~/lib/i18n";
import { pickTheme, THEME_COOKIE, type Theme } from "~/lib/theme";

/**
 * System, Light or Dark: applied at once (a class on <html>, dark-theme.css) and kept in a cookie so
 * the server renders the next page in it from the first paint.
 */
export function ThemeSelect({ initial }: { initial: Theme }) {
  const { t } = useI18n();
  const [theme, setTheme] = useState<Theme>(initial);
  function choose(value: string) {
    const next = pickTheme(value);
    setTheme(next);
    const html = document.documentElement.classList;
    html.toggle("light", next === "light");
    html.toggle("dark", next === "dark");
    document.cookie = next === "system" ? `${THEME_COOKIE}=; path=/; max-age=0; samesite=lax` : `${THEME_COOKIE}=${next}; path=/; max-age=31536000; samesite=lax`;
  }
  return (
    <select
      aria-label={t("theme.label")}
      title={t("theme.label")}
      value={theme}
      onChange={(e) => choose(e.target.value)}
      className="rounded-md border-0 bg-transparent py-1 pl-2 pr-7 text-sm text-slate-700 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-indigo-600"
    >
      <option value="system">{t("theme.system")}</option>
      <option value="light">{t("theme.light")}</option>
      <option value="dark">{t("theme.dark")}</option>
    </select>
  );
}
