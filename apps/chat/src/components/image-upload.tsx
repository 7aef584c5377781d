"use client";
import { type LoggedMessage } from "@kefu/domain";
import { IMAGE_TYPES, fillTemplate } from "@kefu/domain/visitor";
import { ImageFileInput, type ChatViewMessage } from "@kefu/ui/chat";
import { type Translate } from "@kefu/ui/i18n";
import { useCallback, useEffect, useRef, useState } from "react";
import { newClientMessageId } from "~/lib/client-message-id";
import { listenForImages } from "~/lib/image-input";

/** What the upload route answers: the events chat.send would have streamed for the message. */
export type ImageUploadEvent =
  | { type: "visitor_message" | "bot_message" | "system_message"; message: LoggedMessage }
  | { type: "handoff"; status: "QUEUED" | "ASSIGNED" };

/** A signed, short-lived link to one image (the server's attachments/links.ts): no token in it. */
type ImageLinks = Record<string, { url: string; expiresAt: string }>;

/** The route's answer: the events and the image's link, or a refusal (`error` is its reason; `maxBytes` comes with a too-large one). */
type UploadAnswer = { events?: ImageUploadEvent[]; links?: ImageLinks; error?: string; maxBytes?: string };

const ACCEPT = IMAGE_TYPES.join(",");
const formatMb = (bytes: number) => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
/** A link is asked for again this long before it expires; links are checked this often. */
const RENEW_BEFORE_MS = 15 * 60_000;
const RENEW_CHECK_MS = 5 * 60_000;

/**
 * Links to the images of the visitor's messages, asked of the chat app's links route (the token in
 * a header) for images without one or whose link expires soon, up to 100 at a time. An image
 * without a link yet is shown as a placeholder.
 */
function useImageLinks(botId: string, visitorToken: string | null, messages: readonly ChatViewMessage[]) {
  const [links, setLinks] = useState<ImageLinks>({});
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), RENEW_CHECK_MS);
    return () => clearInterval(timer);
  }, []);
  const wanted = messages
    .flatMap((m) => (m.attachments ?? []).map((a) => a.id))
    .filter((id) => !links[id] || Date.parse(links[id].expiresAt) - now < RENEW_BEFORE_MS)
    .slice(0, 100)
    .join(",");
  useEffect(() => {
    if (!wanted || !visitorToken) return;
    let cancelled = false;
    fetch(`/api/attachments/links?bot=${encodeURIComponent(botId)}`, {
      method: "POST",
      headers: { "x-kefu-visitor-token": visitorToken, "content-type": "application/json" },
      body: JSON.stringify({ ids: wanted.split(",") }),
    })
      .then((r) => (r.ok ? (r.json() as Promise<{ links: ImageLinks }>) : null))
      .then((body) => {
        if (!cancelled && body) setLinks((prev) => ({ ...prev, ...body.links }));
      })
      .catch(() => undefined); // a placeholder until the next check
    return () => {
      cancelled = true;
    };
  }, [botId, visitorToken, wanted]);
  const add = useCallback((more: ImageLinks) => setLinks((prev) => ({ ...prev, ...more })), []);
  return { url: (id: string) => links[id]?.url ?? "", add };
}

/**
 * The widget's images: a button beside the message box, and an image pasted or dropped anywhere on
 * the widget (lib/image-input.ts), posted to the chat app's upload route with progress
 * (XMLHttpRequest reports upload progress, fetch does not); the server sniffs and limits it, and a
 * refusal says why in the visitor's language. `url` gives each image's signed link.
 */
export function useImageUpload({
  t,
  botId,
  visitorToken,
  enabled,
  messages,
  onEvents,
}: {
  t: Translate;
  botId: string;
  visitorToken: string | null;
  enabled: boolean;
  messages: readonly ChatViewMessage[];
  onEvents: (events: ImageUploadEvent[]) => void;
}) {
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const { url, add: addLinks } = useImageLinks(botId, visitorToken, messages);

  const upload = useCallback(
    (file: File) => {
      if (!visitorToken || progress !== null) return;
      setError(null);
      if (file.type && !(IMAGE_TYPES as readonly string[]).includes(file.type)) {
        setError(t("attachments.wrongType"));
        return;
      }
      const clientMessageId = newClientMessageId();
      const xhr = new XMLHttpRequest();
      xhr.open("POST", `/api/attachments?bot=${encodeURIComponent(botId)}&clientMessageId=${clientMessageId}`);
      xhr.setRequestHeader("x-kefu-visitor-token", visitorToken);
      xhr.setRequestHeader("content-type", "application/octet-stream");
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) setProgress(Math.round((e.loaded / e.total) * 100));
      };
      xhr.onload = () => {
        setProgress(null);
        let body: UploadAnswer | null = null;
        try {
          body = JSON.parse(xhr.responseText) as UploadAnswer;
        } catch {
          body = null;
        }
        if (xhr.status === 200 && body?.events) {
          addLinks(body.links ?? {});
          onEvents(body.events);
        }
        else if (xhr.status === 413) setError(fillTemplate(t("attachments.tooLarge"), { max: formatMb(Number(body?.maxBytes ?? 5 * 1024 * 1024)) }));
        else if (xhr.status === 415) setError(t("attachments.wrongType"));
        else if (xhr.status === 429) setError(t("attachments.rateLimited"));
        else setError(t("attachments.failed"));
      };
      xhr.onerror = () => {
        setProgress(null);
        setError(t("attachments.failed"));
      };
      setProgress(0);
      xhr.send(file);
    },
    [botId, visitorToken, progress, t, onEvents, addLinks],
  );

  // An image pasted into the message box, or dropped on the widget, is sent like a chosen one.
  // Listening from the start: a file dropped before uploads are possible must not open in the frame.
  const canUpload = useRef(enabled);
  const uploadNow = useRef(upload);
  canUpload.current = enabled;
  uploadNow.current = upload;
  useEffect(() => listenForImages(document, { canUpload: () => canUpload.current, upload: (file) => uploadNow.current(file) }), []);

  // Always rendered (disabled until the chat has started): the message box beside it keeps its place in the tree.
  const button = (
    <>
      <ImageFileInput ref={fileInput} accept={ACCEPT} label={t("attachments.attach")} testId="image-input" onFile={upload} />
      <button
        type="button"
        onClick={() => fileInput.current?.click()}
        disabled={!enabled || progress !== null}
        aria-label={t("attachments.attach")}
        title={t("attachments.attach")}
        className="shrink-0 self-center rounded-md p-2 text-slate-600 hover:bg-slate-100 disabled:opacity-50"
        data-testid="attach-image"
      >
        <svg width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
          <path d="M21.44 11.05l-9.19 9.19a6 6 0 0 1-8.49-8.49l9.19-9.19a4 4 0 0 1 5.66 5.66l-9.2 9.19a2 2 0 0 1-2.83-2.83l8.49-8.48" />
        </svg>
      </button>
    </>
  );

  const notice =
    progress !== null ? (
      <p role="status" className="border-t border-slate-200 bg-white px-4 py-2 text-xs text-slate-600" data-testid="image-progress">
        {fillTemplate(t("attachments.uploading"), { percent: progress })}
      </p>
    ) : error ? (
      <p role="alert" className="flex items-center gap-2 border-t border-red-200 bg-red-50 px-4 py-2 text-xs text-red-700" data-testid="image-error">
        <span className="flex-1">{error}</span>
        <button type="button" className="underline" onClick={() => setError(null)}>
          {t("attachments.dismiss")}
        </button>
      </p>
    ) : null;

  return { button, notice, url };
}
