import { type RefObject, useEffect } from "react";

/**
 * Scrolls `end` into view whenever `panel` grows (a rating prompt appears, then its comment box):
 * nothing new arrives in the conversation then, so following new messages alone left them cut off.
 */
export function useScrollWhenGrows(panel: RefObject<HTMLElement | null>, end: RefObject<HTMLElement | null>, enabled: boolean) {
  useEffect(() => {
    const element = panel.current;
    if (!enabled || !element || typeof ResizeObserver === "undefined") return;
    let height = element.offsetHeight;
    const observer = new ResizeObserver(() => {
      if (element.offsetHeight > height) end.current?.scrollIntoView({ block: "end" });
      height = element.offsetHeight;
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [panel, end, enabled]);
}
