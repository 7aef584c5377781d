import { fillTemplate } from "@kefu/domain";
import { type MessageKey, type Translate } from "@kefu/ui/i18n";
import { TRPCClientError } from "@trpc/client";
import { errorMessage } from "~/lib/trpc";

const IMAGES = new Set(["png", "jpg", "gif", "webp", "bmp", "tif", "heic", "avif"]);

/** A file kind named by the API (knowledge/file-types.ts), in the dashboard's language. */
function kindLabel(t: Translate, kind: string, as: "expected" | "detected"): string {
  if (kind === "text") return t(as === "expected" ? "fileKind.text" : "fileKind.textLooks");
  if (IMAGES.has(kind)) return t("fileKind.image");
  if (["pdf", "xlsx", "zip", "exe", "docx", "binary"].includes(kind)) return t(`fileKind.${kind}` as MessageKey);
  return fillTemplate(t("fileKind.other"), { ext: kind });
}

/**
 * The message of a refused upload in the dashboard's language: a file whose content is not what
 * its name says ("This file is not a PDF (it looks like a ZIP archive)"), text that is not UTF-8;
 * any other error as the API worded it.
 */
export function uploadErrorMessage(error: unknown, t: Translate): string | null {
  if (!(error instanceof TRPCClientError)) return errorMessage(error);
  const data = error.data as { reason?: string | null; details?: Record<string, string> | null } | undefined;
  if (data?.reason === "file_type_mismatch" && data.details?.expected && data.details.detected) {
    return fillTemplate(t("sources.upload.mismatch"), {
      expected: kindLabel(t, data.details.expected, "expected"),
      detected: kindLabel(t, data.details.detected, "detected"),
    });
  }
  if (data?.reason === "file_not_utf8") return t("sources.upload.notUtf8");
  if (data?.reason === "file_not_text") return t("sources.upload.notText");
  return errorMessage(error);
}
