import { LOCALE_COOKIE, pickLocale, type Locale } from "@kefu/ui/i18n";
import { cookies, headers } from "next/headers";

export async function requestLocale(): Promise<Locale> {
  const [cookieStore, headerList] = await Promise.all([cookies(), headers()]);
  return pickLocale(cookieStore.get(LOCALE_COOKIE)?.value, headerList.get("accept-language"));
}
