import { textOnBrand } from "./chat/brand-contrast";

/**
 * The widget launcher's built-in icons (24×24, filled). The loader (apps/chat/public/widget.js)
 * draws the one a bot chose from the path its configuration carries (/api/widget/<bot>), and the
 * dashboard's preview draws the same paths, so the two cannot drift apart.
 */
export const LAUNCHER_ICON_PATHS = {
  chat: "M4 5h16v11H8l-4 4V5z",
  headset: "M12 3a8 8 0 0 0-8 8v6a2 2 0 0 0 2 2h2v-7H6v-1a6 6 0 1 1 12 0v1h-2v7h2a2 2 0 0 0 2-2v-6a8 8 0 0 0-8-8z",
  question: "M11 18h2v2h-2zM12 4a5 5 0 0 0-5 5h2a3 3 0 1 1 3 3h-1v4h2v-2.1A5 5 0 0 0 12 4z",
  sparkle: "M11 3l2.2 6.8L20 12l-6.8 2.2L11 21l-2.2-6.8L2 12l6.8-2.2zM19 2l.9 2.1L22 5l-2.1.9L19 8l-.9-2.1L16 5l2.1-.9z",
} as const;
export type LauncherIconName = keyof typeof LAUNCHER_ICON_PATHS;

/** The launcher's icon and label colour on its background: white, or near-black on a pale colour. */
export const launcherInk = (color: string) => (textOnBrand(color) === "light" ? "#ffffff" : "#0f172a");

export function LauncherIcon({ icon, color, size = 28 }: { icon: LauncherIconName; color: string; size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true">
      <path d={LAUNCHER_ICON_PATHS[icon]} fill={color} />
    </svg>
  );
}

/**
 * A picture of the launcher as the loader draws it (same size, shape, shadow, icon and label), for
 * the dashboard's preview: not a button, since nothing there opens.
 */
export function LauncherMock({ icon, color, label, className }: { icon: LauncherIconName; color: string; label: string; className?: string }) {
  const ink = launcherInk(color);
  return (
    <div
      aria-hidden="true"
      className={`flex h-14 items-center justify-center gap-2 rounded-full shadow-[0_6px_20px_rgba(0,0,0,.25)] ${label ? "px-5" : "w-14"} ${className ?? ""}`}
      style={{ background: color, color: ink }}
      data-testid="preview-launcher"
    >
      <LauncherIcon icon={icon} color={ink} />
      {label && <span className="whitespace-nowrap text-[15px] font-semibold">{label}</span>}
    </div>
  );
}
