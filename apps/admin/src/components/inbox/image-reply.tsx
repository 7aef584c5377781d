"use client";
import { ImageFileInput } from "@kefu/ui/chat";
import { useMutation } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { newClientMessageId, type InboxMessage } from "~/components/inbox/shared";
import { imageReplyErrorMessage } from "~/components/inbox/image-reply-error";
import { fileToBase64 } from "~/lib/base64";
import { useI18n } from "~/lib/i18n";
import { useTRPC } from "~/lib/trpc";

const ACCEPT = "image/png,image/jpeg,image/gif,image/webp";

/**
 * The reply box's image button: the chosen image is sent to the visitor as the agent's reply
 * (attachment.reply; the server sniffs and limits it). Only when the agent may reply.
 */
export function ImageReplyButton({ conversationId, disabled, onStored }: { conversationId: string; disabled: boolean; onStored: (message: InboxMessage) => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const send = useMutation(trpc.attachment.reply.mutationOptions());
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);

  async function upload(file: File) {
    setError(null);
    if (!ACCEPT.split(",").includes(file.type)) {
      setError(t("attachments.wrongType"));
      return;
    }
    const dataBase64 = await fileToBase64(file);
    try {
      const stored = await send.mutateAsync({ id: conversationId, dataBase64, clientMessageId: newClientMessageId() });
      if (stored) onStored(stored);
    } catch (e) {
      setError(imageReplyErrorMessage(e, t));
    }
  }

  return (
    <span className="flex items-center gap-2">
      <ImageFileInput ref={input} accept={ACCEPT} label={t("attachments.attach")} testId="inbox-image-input" onFile={(file) => void upload(file)} />
      <button
        type="button"
        disabled={disabled || send.isPending}
        onClick={() => input.current?.click()}
        className="rounded-md px-2 py-1 text-xs font-medium text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50 disabled:opacity-50 dark:text-slate-200"
        data-testid="inbox-send-image"
      >
        {send.isPending ? t("attachments.sending") : t("attachments.sendImage")}
      </button>
      {error && (
        <span role="alert" className="text-xs text-red-700" data-testid="inbox-image-error">
          {error}
        </span>
      )}
    </span>
  );
}
