import { LOCALE_COOKIE, pickLocale, type Locale } from "@kefu/ui/i18n";
import { cookies, headers } from "next/headers";
import { pickTheme, THEME_COOKIE, type Theme } from "~/lib/theme";

export async function requestLocale(): Promise<Locale> {
  const [cookieStore, headerList] = await Promise.all([cookies(), headers()]);
  return pickLocale(cookieStore.get(LOCALE_COOKIE)?.value, headerList.get("accept-language"));
}

/** The member's colour theme choice (dark-theme.css), "system" when they made none. */
export async function requestTheme(): Promise<Theme> {
  return pickTheme((await cookies()).get(THEME_COOKIE)?.value);
}
