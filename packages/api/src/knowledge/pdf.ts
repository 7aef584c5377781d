import { DomainError } from "@kefu/domain";
import { extractText, getDocumentProxy } from "unpdf";

export const MAX_PDF_BYTES = 10 * 1024 * 1024;

/**
 * The text of a PDF, page by page, extracted in-process (pdf.js through unpdf):
 * no service, no network. Scanned pages without a text layer yield nothing.
 */
export async function extractPdfText(bytes: Uint8Array): Promise<{ title: string; text: string; pages: number }> {
  if (bytes.length > MAX_PDF_BYTES) {
    throw new DomainError("BAD_REQUEST", "pdf_too_large", "The PDF is larger than 10 MB; split it into several.");
  }
  let document: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    document = await getDocumentProxy(bytes);
  } catch {
    throw new DomainError("BAD_REQUEST", "pdf_unreadable", "This file is not a readable PDF.");
  }
  try {
    const [{ totalPages, text }, metadata] = await Promise.all([
      extractText(document, { mergePages: false }),
      document.getMetadata().catch(() => null),
    ]);
    const pages = (text as string[]).map((page) => page.replace(/[ \t]+\n/g, "\n").trim()).filter(Boolean);
    if (pages.length === 0) {
      throw new DomainError("BAD_REQUEST", "pdf_no_text", "The PDF has no text layer (scanned pages need OCR before import).");
    }
    const info = (metadata?.info ?? {}) as { Title?: unknown };
    return { title: typeof info.Title === "string" ? info.Title.trim() : "", text: pages.join("\n\n"), pages: totalPages };
  } finally {
    await document.destroy();
  }
}
