import { DomainError } from "@kefu/domain";
import { Unzip, UnzipInflate } from "fflate";
import { readSheet } from "read-excel-file/node";

/**
 * Reads the first sheet of an .xlsx workbook as a table of strings. The
 * workbook is a zip of XML parts, and a small upload can expand into
 * gigabytes (a "zip bomb") whatever sizes the zip's directory declares. So
 * before the parser unzips it, the entries are inflated once as a stream, in
 * the order the parser reads them (local headers), counting the bytes that
 * actually come out and keeping none: past MAX_XLSX_UNZIPPED_BYTES in all, or
 * past MAX_XLSX_RATIO times the file's size (beyond a small floor), the file
 * is refused and nothing else unzips it.
 */
export const MAX_XLSX_UNZIPPED_BYTES = 50 * 1024 * 1024;
/** Real workbooks compress XML about 5–20:1; a zip bomb reaches 1000:1. */
export const MAX_XLSX_RATIO = 100;
/** Below this, any ratio is fine (a tiny workbook of repeated cells compresses very well). */
const RATIO_FLOOR_BYTES = 1024 * 1024;
/** Compressed bytes fed to the inflater at once: at most about 1,000 times this comes out per step. */
const INFLATE_STEP_BYTES = 4 * 1024;

const invalid = (message: string) => new DomainError("BAD_REQUEST", "xlsx_invalid", message);
const NOT_XLSX = "This file is not a readable Excel workbook (.xlsx). Open it in Excel or WPS and save it as .xlsx.";

/** Sum of the uncompressed sizes the zip's central directory declares, or null when there is none. */
export function declaredUnzippedSize(bytes: Uint8Array): number | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // End of central directory: signature 0x06054b50, within the last 64 KiB + 22 bytes.
  for (let eocd = bytes.length - 22; eocd >= Math.max(0, bytes.length - 65_557); eocd--) {
    if (view.getUint32(eocd, true) !== 0x06054b50) continue;
    const entries = view.getUint16(eocd + 10, true);
    let at = view.getUint32(eocd + 16, true);
    let total = 0;
    for (let i = 0; i < entries; i++) {
      if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) return null;
      total += view.getUint32(at + 24, true);
      at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    }
    return total;
  }
  return null;
}

const mebibytes = (n: number) => `${Math.round(n / (1024 * 1024))} MB`;

/**
 * Inflates every entry of the zip as a stream, counting the bytes that come out and keeping none.
 * Returns the limit it went past, or null when the whole archive stays within both limits.
 * Throws when the archive cannot be read.
 */
export function inflatedSizeLimitExceeded(bytes: Uint8Array): number | null {
  const limit = Math.min(MAX_XLSX_UNZIPPED_BYTES, Math.max(RATIO_FLOOR_BYTES, MAX_XLSX_RATIO * bytes.length));
  let total = 0;
  let exceeded = false;
  let failure: unknown = null;
  const unzip = new Unzip((file) => {
    file.ondata = (error, chunk) => {
      if (error) failure ??= error;
      if (exceeded || failure) return;
      total += chunk.length;
      if (total > limit) {
        exceeded = true;
        file.terminate();
      }
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  for (let at = 0; at < bytes.length && !exceeded; at += INFLATE_STEP_BYTES) {
    const end = Math.min(at + INFLATE_STEP_BYTES, bytes.length);
    unzip.push(bytes.subarray(at, end), end === bytes.length);
    if (failure) throw failure;
  }
  return exceeded ? limit : null;
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value);
}

export async function readXlsxTable(bytes: Uint8Array): Promise<string[][]> {
  if (bytes.length === 0) throw invalid("The file is empty.");
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    throw invalid("This is an old Excel file (.xls). Open it in Excel or WPS and save it as .xlsx.");
  }
  if (bytes[0] !== 0x50 || bytes[1] !== 0x4b) throw invalid(NOT_XLSX); // "PK": a zip archive
  const unzipped = declaredUnzippedSize(bytes);
  if (unzipped === null) throw invalid(NOT_XLSX);
  if (unzipped > MAX_XLSX_UNZIPPED_BYTES) {
    throw invalid("The spreadsheet holds too much data for one import; split it into several files.");
  }
  let exceeded: number | null;
  try {
    exceeded = inflatedSizeLimitExceeded(bytes);
  } catch {
    throw invalid(NOT_XLSX);
  }
  if (exceeded !== null) {
    throw new DomainError("BAD_REQUEST", "xlsx_too_large_unpacked", `This spreadsheet expands to more than ${mebibytes(exceeded)} when unpacked; split it into several files.`);
  }
  let rows: unknown[][];
  try {
    // A Buffer, never a string: a string would be read as a path on the server.
    rows = await readSheet(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch {
    throw invalid(NOT_XLSX);
  }
  return rows.map((row) => row.map(cellText));
}
