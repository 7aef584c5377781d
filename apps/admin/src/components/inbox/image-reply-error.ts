import { fillTemplate } from "@kefu/domain";
import { type Translate } from "@kefu/ui/i18n";
import { TRPCClientError } from "@trpc/client";

/** A size as the API words its limits (attachments.ts): MB from 1 MB up, else KB. */
const formatSize = (bytes: number) => (bytes >= 1024 * 1024 ? `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB` : `${Math.round(bytes / 1024)} KB`);

/** The refusal of an image sent as a reply (attachment.reply), in the dashboard's language: never the API's English. */
export function imageReplyErrorMessage(error: unknown, t: Translate): string {
  const data = error instanceof TRPCClientError ? (error.data as { reason?: string | null; details?: Record<string, string> | null } | undefined) : undefined;
  if (data?.reason === "attachment_type") return t("attachments.wrongType");
  if (data?.reason === "attachment_too_large") {
    // The API always says its limit (details.maxBytes); the widget's default otherwise.
    return fillTemplate(t("attachments.tooLarge"), { max: formatSize(Number(data.details?.maxBytes ?? 5 * 1024 * 1024)) });
  }
  return t("attachments.failed");
}
