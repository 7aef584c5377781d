import { en, zh, type MessageKey } from "./messages";

export const LOCALES = ["en", "zh"] as const;
export type Locale = (typeof LOCALES)[number];
export const LOCALE_COOKIE = "kefu-locale";
export type { MessageKey };

/** Every string in both languages (the widget's build picks the few it uses: apps/chat/build-widget.ts). */
export const DICTIONARIES: Record<Locale, Record<MessageKey, string>> = { en, zh };

export type Translate = (key: MessageKey) => string;

export function translator(locale: Locale): Translate {
  const dictionary = DICTIONARIES[locale];
  return (key) => dictionary[key];
}

/** Picks a locale from a cookie value, else an Accept-Language header, else English. */
export function pickLocale(cookie: string | undefined, acceptLanguage: string | null | undefined): Locale {
  if (cookie === "en" || cookie === "zh") return cookie;
  return /^\s*zh/i.test(acceptLanguage ?? "") ? "zh" : "en";
}
