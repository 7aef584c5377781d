import { DomainError } from "@kefu/domain";
import { fileTypeFromBuffer } from "file-type";

/**
 * What an upload really is, judged by its bytes, never by its name or declared type: a PDF renamed
 * .csv or a program renamed .pdf is refused before anything is parsed or stored. Binary formats
 * are recognised by file-type (signatures of ~150 formats, and the entries of a ZIP to tell an
 * XLSX from a DOCX or a plain archive); text formats must be UTF-8 without NUL bytes.
 */
export type UploadKind = "pdf" | "xlsx" | "text";

/** What an upload was expected to be and what its bytes look like, for the client's message. */
export interface FileTypeMismatch {
  expected: UploadKind;
  /** file-type's extension ("zip", "exe", "pdf", "docx"…), "text" or "binary" (unrecognised). */
  detected: string;
}

const EXPECTED_LABEL: Record<UploadKind, string> = { pdf: "a PDF", xlsx: "an Excel workbook (.xlsx)", text: "a text file" };

const DETECTED_LABEL: Record<string, string> = {
  zip: "a ZIP archive",
  exe: "a Windows program",
  elf: "a Linux program",
  macho: "a macOS program",
  pdf: "a PDF",
  xlsx: "an Excel workbook",
  xls: "an old Excel workbook (.xls)",
  docx: "a Word document",
  doc: "an old Word document (.doc)",
  pptx: "a PowerPoint presentation",
  cfb: "an old Office document",
  png: "a PNG image",
  jpg: "a JPEG image",
  gif: "a GIF image",
  webp: "a WebP image",
  gz: "a gzip archive",
  "7z": "a 7-Zip archive",
  rar: "a RAR archive",
  text: "text",
  binary: "binary data of an unknown kind",
};

/** A readable name for what was detected, e.g. "a ZIP archive" (English; the dashboard translates). */
export function detectedLabel(detected: string): string {
  return DETECTED_LABEL[detected] ?? `a .${detected} file`;
}

// What passes for each kind. An old .xls (an Office compound file, "cfb") goes on to the workbook
// reader, whose message says to save it as .xlsx.
const ACCEPTED: Record<UploadKind, readonly string[]> = { pdf: ["pdf"], xlsx: ["xlsx", "cfb"], text: ["text"] };

// Formats file-type recognises that are text: they pass as text (an HTML page may start with <?xml).
const TEXT_LIKE = new Set(["xml", "svg", "ics", "vtt", "srt"]);

function isUtf8Text(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The detected kind of `bytes`: file-type's extension, else "text" (UTF-8 without NUL) or "binary". */
export async function sniffFileType(bytes: Uint8Array): Promise<string> {
  const found = await fileTypeFromBuffer(bytes);
  if (found && !TEXT_LIKE.has(found.ext)) return found.ext;
  return isUtf8Text(bytes) ? "text" : "binary";
}

/**
 * Throws a typed BAD_REQUEST (reason `file_type_mismatch`, details `{ expected, detected }`)
 * unless `bytes` are what `expected` says. The message names what the file looks like.
 */
export async function assertFileType(expected: UploadKind, bytes: Uint8Array): Promise<void> {
  const detected = await sniffFileType(bytes);
  if (ACCEPTED[expected].includes(detected)) return;
  // Text in another encoding (GBK, UTF-16) is "binary" here: say how to fix it rather than what it is.
  if (expected === "text" && detected === "binary") {
    const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
    if (bytes.includes(0) && !utf16) {
      throw new DomainError("BAD_REQUEST", "file_not_text", "The file is not a text document.", { expected, detected });
    }
    throw new DomainError(
      "BAD_REQUEST",
      "file_not_utf8",
      "The file is not UTF-8 text. Save it with UTF-8 encoding and upload it again.",
      { expected, detected },
    );
  }
  const mismatch: FileTypeMismatch = { expected, detected };
  throw new DomainError(
    "BAD_REQUEST",
    "file_type_mismatch",
    `This file is not ${EXPECTED_LABEL[expected]} (it looks like ${detectedLabel(detected)}).`,
    { ...mismatch },
  );
}
