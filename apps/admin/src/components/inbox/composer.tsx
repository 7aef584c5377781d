"use client";
import { Alert, Button, cx } from "@kefu/ui";
import { useMutation, useQuery } from "@tanstack/react-query";
import { type FormEvent, type ReactNode, useId, useRef, useState } from "react";
import { ImageReplyButton } from "~/components/inbox/image-reply";
import { newClientMessageId, type InboxMessage } from "~/components/inbox/shared";
import { useI18n } from "~/lib/i18n";
import { errorMessage, fieldError, useTRPC } from "~/lib/trpc";

const TYPING_SENT_EVERY_MS = 2500;

interface MessageBoxProps {
  label: string;
  placeholder: string;
  submitLabel: string;
  disabled?: boolean;
  /** Why the box is disabled, shown under it. */
  hint?: string | null;
  note?: boolean;
  send: (text: string, clientMessageId: string) => Promise<unknown>;
  onTyping?: () => void;
  tools?: (insert: (text: string) => void) => ReactNode;
}

/**
 * A textarea that sends on Enter (Shift+Enter for a new line). The text stays until the server
 * has it; a retry of the same text reuses its client message id, so it is stored once.
 */
function MessageBox({ label, placeholder, submitLabel, disabled, hint, note, send, onTyping, tools }: MessageBoxProps) {
  const { t } = useI18n();
  const id = useId();
  const [draft, setDraft] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const pending = useRef<{ text: string; id: string } | null>(null);

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    const text = draft.trim();
    if (!text || busy || disabled) return;
    const clientMessageId = pending.current?.text === text ? pending.current.id : newClientMessageId();
    pending.current = { text, id: clientMessageId };
    setBusy(true);
    setError(null);
    try {
      await send(text, clientMessageId);
      pending.current = null;
      setDraft((current) => (current.trim() === text ? "" : current));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const insert = (text: string) => setDraft((current) => (current.trim() ? `${current.trimEnd()}\n${text}` : text));
  return (
    <form onSubmit={submit} className={cx("space-y-2 rounded-xl p-4 shadow-sm ring-1", note ? "bg-amber-50/60 ring-amber-200" : "bg-white ring-slate-200")}>
      <div className="flex items-center justify-between gap-3">
        <label htmlFor={id} className="text-sm font-medium text-slate-800">
          {label}
        </label>
        {tools?.(insert)}
      </div>
      {error != null && <Alert>{fieldError(error, "text") ?? errorMessage(error)}</Alert>}
      <textarea
        id={id}
        rows={3}
        value={draft}
        maxLength={4000}
        disabled={disabled}
        placeholder={placeholder}
        aria-describedby={`${id}-hint`}
        onChange={(e) => {
          setDraft(e.target.value);
          onTyping?.();
        }}
        onKeyDown={(e) => {
          if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            void submit();
          }
        }}
        className="block w-full resize-y rounded-md border-0 px-3 py-2 text-sm shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-indigo-600 disabled:bg-slate-50"
      />
      <div className="flex items-center justify-between gap-3">
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint ?? t("inbox.replyHint")}
        </p>
        <Button type="submit" className="shrink-0 whitespace-nowrap" variant={note ? "secondary" : "primary"} disabled={disabled || busy || !draft.trim()}>
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}

function CannedMenu({ onPick }: { onPick: (text: string) => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const canned = useQuery(trpc.inbox.cannedReplies.list.queryOptions());
  if (!canned.data?.length) return <span className="text-xs text-slate-500">{t("inbox.canned.none")}</span>;
  return (
    <select
      aria-label={t("inbox.canned.insert")}
      value=""
      onChange={(e) => {
        const picked = canned.data.find((c) => c.id === e.target.value);
        if (picked) onPick(picked.content);
      }}
      className="rounded-md border-0 py-1 pl-2 pr-8 text-xs ring-1 ring-inset ring-slate-300"
    >
      <option value="">{t("inbox.canned")}</option>
      {canned.data.map((c) => (
        <option key={c.id} value={c.id}>
          {c.title}
        </option>
      ))}
    </select>
  );
}

export function Composer({
  conversationId,
  canReply,
  replyHint,
  onStored,
}: {
  conversationId: string;
  canReply: boolean;
  replyHint: string | null;
  onStored: (message: InboxMessage) => void;
}) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const reply = useMutation(trpc.inbox.reply.mutationOptions());
  const note = useMutation(trpc.inbox.note.mutationOptions());
  const typing = useMutation(trpc.inbox.typing.mutationOptions());
  const lastTyping = useRef(0);

  return (
    <div className="space-y-4">
      <MessageBox
        label={t("inbox.reply")}
        placeholder={t("inbox.replyPlaceholder")}
        submitLabel={t("inbox.send")}
        disabled={!canReply}
        hint={replyHint}
        send={async (text, clientMessageId) => {
          const stored = await reply.mutateAsync({ id: conversationId, text, clientMessageId });
          if (stored) onStored(stored);
        }}
        onTyping={() => {
          // The visitor sees "typing…"; tell the server at most every 2.5 s.
          if (!canReply || Date.now() - lastTyping.current < TYPING_SENT_EVERY_MS) return;
          lastTyping.current = Date.now();
          typing.mutate({ id: conversationId }, { onError: () => undefined });
        }}
        tools={(insert) => (
          <span className="flex items-center gap-3">
            <ImageReplyButton conversationId={conversationId} disabled={!canReply} onStored={onStored} />
            <CannedMenu onPick={insert} />
          </span>
        )}
      />
      <MessageBox
        note
        label={t("inbox.note")}
        placeholder={t("inbox.notePlaceholder")}
        submitLabel={t("inbox.addNote")}
        send={async (text, clientMessageId) => {
          const stored = await note.mutateAsync({ id: conversationId, text, clientMessageId });
          if (stored) onStored(stored);
        }}
      />
    </div>
  );
}
