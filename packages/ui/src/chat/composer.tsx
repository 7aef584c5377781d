import { type FormEvent, type ReactNode, type RefObject, useEffect, useState } from "react";
import { cx } from "../components";
import { type Translate } from "../i18n";
import { fill } from "./fill";

/**
 * The message box under the conversation, with its Send button. Never cuts what was typed or
 * pasted: it counts it near the server's limit and says when it is too long to send. Kept in the
 * tree while hidden (the pre-chat form in its place), so what was typed stays.
 */
export function Composer(props: {
  t: Translate;
  inputRef: RefObject<HTMLTextAreaElement | null>;
  busy: boolean;
  brandColor: string;
  maxLength: number;
  hidden: boolean;
  /** Before the box, on its row (the image button). */
  start?: ReactNode;
  /** Above the box (an upload's progress or refusal). */
  notice?: ReactNode;
  /** Text given back (a refused send): put in the box unless something new was typed. */
  restoredDraft: { text: string; key: number } | null;
  onSend: (text: string) => void;
  onTyping?: () => void;
}) {
  const { t, maxLength } = props;
  const [draft, setDraft] = useState("");
  const length = draft.trim().length;
  const tooLong = length > maxLength;
  const counts = { count: length.toLocaleString(), max: maxLength.toLocaleString() };
  const restored = props.restoredDraft;

  useEffect(() => {
    if (restored) setDraft((current) => (current.trim() === "" ? restored.text : current));
  }, [restored]);

  function submit(event: FormEvent) {
    event.preventDefault();
    const text = draft.trim();
    if (!text || props.busy || text.length > maxLength) return;
    props.onSend(text);
    setDraft("");
  }

  return (
    <>
      {tooLong && (
        <p role="alert" className="border-t border-red-200 bg-red-50 px-4 py-2 text-xs text-red-700" data-testid="chat-too-long">
          {fill(t("chat.tooLong"), counts)}
        </p>
      )}
      {!props.hidden && props.notice}
      {!props.hidden && (
        <form onSubmit={submit} className="flex gap-2 border-t border-slate-200 bg-white p-3">
          {props.start}
          <label className="sr-only" htmlFor="kefu-chat-input">
            {t("chat.placeholder")}
          </label>
          <textarea
            id="kefu-chat-input"
            ref={props.inputRef}
            rows={1}
            value={draft}
            aria-invalid={tooLong || undefined}
            aria-describedby={length > maxLength * 0.8 ? "kefu-chat-count" : undefined}
            placeholder={t("chat.placeholder")}
            onChange={(e) => {
              setDraft(e.target.value);
              props.onTyping?.();
            }}
            onKeyDown={(e) => {
              if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) submit(e);
            }}
            className="min-h-10 flex-1 resize-none rounded-md border-0 px-3 py-2 text-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-slate-500"
          />
          <button
            type="submit"
            disabled={props.busy || draft.trim() === "" || tooLong}
            className="rounded-md px-4 text-sm font-semibold text-white disabled:opacity-50"
            style={{ backgroundColor: props.brandColor }}
          >
            {t("chat.send")}
          </button>
        </form>
      )}
      {length > maxLength * 0.8 && (
        <p id="kefu-chat-count" className={cx("bg-white px-4 pb-1 text-right text-[11px]", tooLong ? "text-red-700" : "text-slate-500")} data-testid="chat-char-count">
          {fill(t("chat.charCount"), counts)}
        </p>
      )}
    </>
  );
}
