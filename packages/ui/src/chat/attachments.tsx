"use client";
import { type Ref } from "react";
import { cx } from "../components";
import { type Translate } from "../i18n";
import { fill } from "./fill";

/** An image sent with a message, as the view needs it (the domain's MessageAttachment). */
export interface ChatAttachment {
  id: string;
  contentType: string;
  width: number | null;
  height: number | null;
}

/**
 * The images of one message as thumbnails, each a link that opens it full size in a new tab. The
 * thumbnail keeps the image's proportions (its width and height, when known, reserve the space
 * before it loads, so the list does not jump). `url` gives an image's address; an empty one (the
 * widget has not got the image's signed link yet) shows a placeholder.
 */
export function MessageImages({ t, attachments, url, mine, who }: { t: Translate; attachments: ChatAttachment[]; url: (id: string) => string; mine: boolean; who: string }) {
  return (
    <div className={cx("mt-1 flex flex-wrap gap-2", mine ? "justify-end" : "justify-start")} data-testid="message-images">
      {attachments.map((a) => {
        const src = url(a.id);
        if (!src) return <span key={a.id} role="img" aria-label={fill(t("attachments.imageFrom"), { who })} aria-busy="true" className="block h-24 w-32 rounded-xl bg-slate-100 ring-1 ring-slate-200" data-testid="message-image-pending" />;
        return (
          <a
            key={a.id}
            href={src}
            target="_blank"
            rel="noopener noreferrer"
            title={t("attachments.open")}
            className="block overflow-hidden rounded-xl ring-1 ring-slate-200 focus:outline-none focus-visible:ring-2 focus-visible:ring-slate-500"
          >
            <img
              src={src}
              alt={fill(t("attachments.imageFrom"), { who })}
              loading="lazy"
              width={a.width ?? undefined}
              height={a.height ?? undefined}
              className="block h-auto max-h-48 w-auto max-w-[12rem] bg-slate-100 object-contain"
              data-testid="message-image"
            />
          </a>
        );
      })}
    </div>
  );
}

/**
 * The hidden file input behind an "attach image" button of ours (the browser's own button speaks
 * the browser's language): the button clicks it through `ref`. The chosen file is handed on and the
 * input cleared at once, so choosing the same file again is a change too.
 */
export function ImageFileInput({ ref, accept, label, testId, onFile }: { ref: Ref<HTMLInputElement>; accept: string; label: string; testId: string; onFile: (file: File) => void }) {
  return (
    <input
      ref={ref}
      type="file"
      accept={accept}
      className="sr-only"
      tabIndex={-1}
      aria-hidden="true"
      aria-label={label}
      data-testid={testId}
      onChange={(e) => {
        const file = e.target.files?.[0];
        e.target.value = "";
        if (file) onFile(file);
      }}
    />
  );
}
