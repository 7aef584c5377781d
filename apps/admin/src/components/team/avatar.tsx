import { cx } from "@kefu/ui";

/** A member's picture (an uploaded data: URL), or their initial on a tinted circle. */
export function Avatar({ name, url, size = "sm" }: { name: string; url: string | null; size?: "sm" | "lg" }) {
  const box = size === "lg" ? "h-14 w-14 text-xl" : "h-7 w-7 text-xs";
  // Only our own uploads are shown (the CSP allows images from this origin and data: only).
  if (url?.startsWith("data:image/")) {
    return <img src={url} alt="" className={cx("shrink-0 rounded-full object-cover", box)} />;
  }
  return (
    <span aria-hidden className={cx("inline-flex shrink-0 items-center justify-center rounded-full bg-indigo-100 font-semibold text-indigo-700", box)}>
      {name.trim().charAt(0).toUpperCase() || "?"}
    </span>
  );
}
