import { cx } from "../components";

/** The first letter of a name (a Chinese name's first character), for a person with no picture. */
export function initialOf(name: string): string {
  const first = [...name.trim()][0];
  return first ? first.toUpperCase() : "?";
}

/**
 * An agent's picture beside their name in the visitor's chat, or their initial on a grey circle.
 * Decorative (alt=""): the name is always written next to it. A picture that fails to load (replaced
 * since) shows as nothing rather than a broken image.
 */
export function AgentAvatar({ name, pictureUrl, size = "sm" }: { name: string; pictureUrl: string | null | undefined; size?: "sm" | "md" }) {
  const box = size === "md" ? "h-7 w-7 text-xs" : "h-5 w-5 text-[10px]";
  if (pictureUrl) {
    return (
      <img
        src={pictureUrl}
        alt=""
        className={cx("shrink-0 rounded-full object-cover", box)}
        data-testid="agent-picture"
        onError={(e) => (e.currentTarget.style.visibility = "hidden")}
      />
    );
  }
  return (
    // The letter is drawn by CSS, not a text node: the name beside it stays the element's whole text.
    <span
      aria-hidden="true"
      className={cx("inline-flex shrink-0 items-center justify-center rounded-full bg-slate-300 font-semibold text-slate-800 before:content-[attr(data-initial)]", box)}
      data-initial={initialOf(name)}
      data-testid="agent-initial"
    />
  );
}
