import { DomainError } from "@kefu/domain";
import { zipSync, type Zippable } from "fflate";
import { describe, expect, it } from "vitest";
import { buildXlsx } from "../testing/xlsx.ts";
import { inflatedSizeLimitExceeded, MAX_XLSX_UNZIPPED_BYTES, readXlsxTable } from "./xlsx.ts";

/** Rewrites every uncompressed size the zip declares (local headers and central directory) to `size`. */
function lieAboutSizes(zip: Uint8Array, size: number): Uint8Array {
  const bytes = zip.slice();
  const view = new DataView(bytes.buffer);
  for (let at = 0; at + 4 <= bytes.length; at++) {
    const signature = view.getUint32(at, true);
    if (signature === 0x04034b50) view.setUint32(at + 22, size, true);
    else if (signature === 0x02014b50) view.setUint32(at + 24, size, true);
  }
  return bytes;
}

/** A workbook whose sheet is `mebibytes` of zeros, compressed about 1000:1, its directory claiming 2 KB per part. */
function zipBomb(mebibytes: number, extra: Zippable = {}): Uint8Array {
  const zeros = new Uint8Array(mebibytes * 1024 * 1024);
  const bomb = zipSync({ "xl/worksheets/sheet1.xml": [zeros, { level: 9 }], ...extra });
  return lieAboutSizes(bomb, 2048);
}

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe("readXlsxTable and zip bombs", () => {
  it("reads a real workbook, which stays well within the limits", async () => {
    const workbook = buildXlsx([["Question", "Answer"], ["Hours?", "9 to 5"]]);
    expect(inflatedSizeLimitExceeded(workbook)).toBeNull();
    expect(await readXlsxTable(workbook)).toEqual([["Question", "Answer"], ["Hours?", "9 to 5"]]);
  });

  it("refuses a small zip whose directory lies about its sizes, on the bytes it inflates to, without holding them", async () => {
    const bomb = zipBomb(32);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    global.gc?.();
    const before = process.memoryUsage().rss;
    const error = await refusal(readXlsxTable(bomb));
    const grown = process.memoryUsage().rss - before;
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.reason).toBe("xlsx_too_large_unpacked");
    expect(error.message).toMatch(/^This spreadsheet expands to more than \d+ MB when unpacked/);
    // 32 MB came out of the inflater had it run to the end; it stopped at the ratio limit and kept nothing.
    expect(grown).toBeLessThan(64 * 1024 * 1024);
  });

  it("caps the total at MAX_XLSX_UNZIPPED_BYTES even when the file is large enough for the ratio", () => {
    // 1 MB of incompressible bytes: the ratio alone would allow 100 MB.
    const noise = new Uint8Array(1024 * 1024).map((_, i) => (i * 2654435761) >>> 24);
    const bomb = zipBomb(56, { "xl/media/noise.bin": [noise, { level: 0 }] });
    expect(inflatedSizeLimitExceeded(bomb)).toBe(MAX_XLSX_UNZIPPED_BYTES);
  });

  it("refuses a zip it cannot inflate as not a workbook", async () => {
    const workbook = buildXlsx([["Question", "Answer"]]).slice();
    // Corrupt the first entry's deflate data (right after its 30-byte header and its name).
    const nameLength = new DataView(workbook.buffer).getUint16(26, true);
    workbook.fill(0xff, 30 + nameLength, 30 + nameLength + 16);
    const error = await refusal(readXlsxTable(workbook));
    expect(error.reason).toBe("xlsx_invalid");
  });
});
