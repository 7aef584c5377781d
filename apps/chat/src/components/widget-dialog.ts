import { useEffect, useRef } from "react";

/** What the loader (public/widget.js) tells the frame about how it is shown. */
interface LayoutMessage {
  type: "kefu:layout";
  /** Open: Tab stays inside the widget until it is closed. */
  modal: boolean;
  /** Opened from the launcher: the message box takes the focus. */
  focus: boolean;
}

const FOCUSABLE = 'a[href], button:not([disabled]), textarea:not([disabled]), input:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex="-1"])';

function focusables(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.getClientRects().length > 0);
}

function isLayoutMessage(data: unknown): data is LayoutMessage {
  return typeof data === "object" && data !== null && (data as { type?: unknown }).type === "kefu:layout";
}

/**
 * The open widget as a dialog for the keyboard (WAI-ARIA dialog pattern): Escape closes it (the
 * loader then puts the focus back on the launcher), and opening from the launcher moves the focus
 * to the message box.
 *
 * While it is open Tab and Shift+Tab go round inside it, on a phone (where it covers the page) and
 * on a desktop alike: a keyboard user leaves with Escape or the ×, and the loader puts the focus
 * back on the launcher. The host page stays usable by pointer beside the desktop panel.
 */
export function useWidgetDialog({ hostOrigin, ready, onEscape }: { hostOrigin: string | null; ready: boolean; onEscape: () => void }) {
  const modal = useRef(false);
  const wantsFocus = useRef(false);
  const escape = useRef(onEscape);
  escape.current = onEscape;

  const focusComposer = () => {
    const input = document.getElementById("kefu-chat-input");
    if (!input) return;
    wantsFocus.current = false;
    if (document.activeElement !== input) input.focus(); // the visitor may have got there first
  };

  useEffect(() => {
    if (!hostOrigin) return;
    const onMessage = (event: MessageEvent<unknown>) => {
      if (event.source !== window.parent || event.origin !== hostOrigin || !isLayoutMessage(event.data)) return;
      modal.current = event.data.modal === true;
      if (event.data.focus === true) {
        wantsFocus.current = true;
        focusComposer();
      }
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === "Escape" && !event.defaultPrevented && !event.isComposing) {
        event.preventDefault();
        escape.current();
        return;
      }
      if (event.key !== "Tab" || !modal.current) return;
      const items = focusables();
      if (items.length === 0) return;
      const first = items[0]!;
      const last = items[items.length - 1]!;
      const at = document.activeElement;
      const inside = at instanceof HTMLElement && items.includes(at);
      if (event.shiftKey && (at === first || !inside)) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && (at === last || !inside)) {
        event.preventDefault();
        first.focus();
      }
    };
    window.addEventListener("message", onMessage);
    document.addEventListener("keydown", onKeyDown);
    // Asks the loader how the widget is shown (it answers kefu:ready with a kefu:layout).
    window.parent.postMessage({ type: "kefu:ready" }, hostOrigin);
    return () => {
      window.removeEventListener("message", onMessage);
      document.removeEventListener("keydown", onKeyDown);
    };
  }, [hostOrigin]);

  // Asked to take the focus before the conversation (and its message box) had loaded.
  useEffect(() => {
    if (ready && wantsFocus.current) focusComposer();
  }, [ready]);
}
