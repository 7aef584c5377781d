/** The admin app's colour theme: the system's (no cookie) or a member's choice, read on the server. */
export const THEME_COOKIE = "kefu-theme";
export type Theme = "system" | "light" | "dark";

export function pickTheme(value: string | undefined): Theme {
  return value === "light" || value === "dark" ? value : "system";
}
