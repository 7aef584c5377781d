import { DomainError } from "@kefu/domain";
import { readSheet } from "read-excel-file/node";

/**
 * Reads the first sheet of an .xlsx workbook as a table of strings. The
 * workbook is a zip of XML parts; before unzipping, the zip's own directory
 * is checked so a small upload cannot expand into gigabytes (a "zip bomb").
 */
export const MAX_XLSX_UNZIPPED_BYTES = 100 * 1024 * 1024;

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
  let rows: unknown[][];
  try {
    // A Buffer, never a string: a string would be read as a path on the server.
    rows = await readSheet(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch {
    throw invalid(NOT_XLSX);
  }
  return rows.map((row) => row.map(cellText));
}
