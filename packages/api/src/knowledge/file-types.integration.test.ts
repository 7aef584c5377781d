import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { sniffFileType } from "./file-types.ts";
import { describeError } from "../platform/errors.ts";
import { expectCode, ownerOfNewTenant, useTestDb } from "../testing/index.ts";
import { makeTextPdf } from "../testing/pdf.ts";
import { buildXlsx } from "../testing/xlsx.ts";

// Uploads are judged by their bytes: real files of each format, renamed, are refused with a typed
// BAD_REQUEST naming what they look like, and nothing is stored.
const t = useTestDb();
const b64 = (bytes: Uint8Array | string) => Buffer.from(bytes).toString("base64");

// Real bytes of each kind, built the way their programs write them.
const pdf = makeTextPdf(["Returns are accepted within 30 days."], "Returns");
const xlsx = buildXlsx([["question", "answer"], ["Do you ship abroad?", "Yes, to 40 countries."]]);
const zip = zipSync({ "notes.txt": strToU8("hello"), "data/list.csv": strToU8("a,b\n1,2\n") });
const docx = zipSync({
  "[Content_Types].xml": strToU8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'),
  "word/document.xml": strToU8('<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>'),
});
// A minimal Windows executable: DOS header ("MZ", e_lfanew at 0x3c → 0x40), then the PE signature.
const exe = (() => {
  const bytes = new Uint8Array(512);
  bytes.set([0x4d, 0x5a, 0x90, 0x00, 0x03], 0);
  bytes[0x3c] = 0x40;
  bytes.set([0x50, 0x45, 0x00, 0x00, 0x4c, 0x01], 0x40);
  return bytes;
})();
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89]);
const csv = strToU8("question,answer\n怎么退货？,30 天内可以退货。\n");
// "问题,答案" in GBK: text, but not UTF-8.
const gbkCsv = new Uint8Array([0xce, 0xca, 0xcc, 0xe2, 0x2c, 0xb4, 0xf0, 0xb0, 0xb8, 0x0a]);

async function newBot(name: string) {
  const owner = await ownerOfNewTenant(t.db, name);
  const bot = await owner.caller.bot.create({ name: "Shop", greeting: "Hi", instructions: "", language: "en", brandColor: "#112233" });
  return { ...owner, bot };
}

/** The typed error of a refused upload, as a client gets it. */
async function refusal(promise: Promise<unknown>) {
  const error = await expectCode(promise, "BAD_REQUEST");
  return describeError(error, "r1");
}

describe("sniffFileType", () => {
  it("tells the formats apart by their bytes", async () => {
    expect(await sniffFileType(pdf)).toBe("pdf");
    expect(await sniffFileType(xlsx)).toBe("xlsx");
    expect(await sniffFileType(zip)).toBe("zip");
    expect(await sniffFileType(docx)).toBe("docx");
    expect(await sniffFileType(exe)).toBe("exe");
    expect(await sniffFileType(png)).toBe("png");
    expect(await sniffFileType(csv)).toBe("text");
    expect(await sniffFileType(strToU8('<?xml version="1.0"?><html><body>Hi</body></html>'))).toBe("text");
    expect(await sniffFileType(gbkCsv)).toBe("binary");
    expect(await sniffFileType(strToU8("a\u0000b"))).toBe("binary");
  });
});

describe("uploads checked by their content", () => {
  it("a ZIP or a program renamed .pdf is not a PDF; a real PDF is stored", async () => {
    const { caller, tenantId, bot } = await newBot("SniffPdf");
    const zipAsPdf = await refusal(caller.knowledge.addPdf({ botId: bot.id, filename: "manual.pdf", dataBase64: b64(zip) }));
    expect(zipAsPdf).toEqual({
      message: "This file is not a PDF (it looks like a ZIP archive).",
      data: { reason: "file_type_mismatch", requestId: "r1", fieldErrors: null, details: { expected: "pdf", detected: "zip" } },
    });
    const exeAsPdf = await refusal(caller.knowledge.addPdf({ botId: bot.id, filename: "manual.pdf", dataBase64: b64(exe) }));
    expect(exeAsPdf.message).toBe("This file is not a PDF (it looks like a Windows program).");
    const csvAsPdf = await refusal(caller.knowledge.addPdf({ botId: bot.id, filename: "manual.pdf", dataBase64: b64(csv) }));
    expect(csvAsPdf.message).toBe("This file is not a PDF (it looks like text).");
    expect(await t.db.knowledgeSource.count({ where: { tenantId } })).toBe(0);

    await caller.knowledge.addPdf({ botId: bot.id, filename: "manual.pdf", dataBase64: b64(pdf) });
    expect(await t.db.knowledgeSource.count({ where: { tenantId } })).toBe(1);
  });

  it("a PDF renamed .csv, sent as bytes or as text, is refused; a UTF-8 CSV is imported; GBK is told to re-save as UTF-8", async () => {
    const { caller, tenantId, bot } = await newBot("SniffCsv");
    const asBytes = await refusal(caller.knowledge.importFaqCsv({ botId: bot.id, dataBase64: b64(pdf) }));
    expect(asBytes.message).toBe("This file is not a text file (it looks like a PDF).");
    expect(asBytes.data.details).toEqual({ expected: "text", detected: "pdf" });
    // A browser's file.text() of a PDF still starts with "%PDF-".
    const asText = await refusal(caller.knowledge.importFaqCsv({ botId: bot.id, csv: new TextDecoder().decode(pdf) }));
    expect(asText.data.reason).toBe("file_type_mismatch");
    const zipText = await refusal(caller.knowledge.importFaqCsv({ botId: bot.id, csv: new TextDecoder().decode(zip) }));
    expect(zipText.message).toBe("This file is not a text file (it looks like a ZIP archive).");
    const gbk = await refusal(caller.knowledge.importFaqCsv({ botId: bot.id, dataBase64: b64(gbkCsv) }));
    expect(gbk.data.reason).toBe("file_not_utf8");
    const nul = await refusal(caller.knowledge.importFaqCsv({ botId: bot.id, csv: "question,answer\nA\u0000,B\n" }));
    expect(nul.data.reason).toBe("file_not_text");
    expect(await t.db.knowledgeSource.count({ where: { tenantId } })).toBe(0);

    expect(await caller.knowledge.importFaqCsv({ botId: bot.id, dataBase64: b64(csv) })).toEqual({ imported: 1 });
    expect(await caller.knowledge.importFaqCsv({ botId: bot.id, csv: "question,answer\nShip abroad?,Yes.\n" })).toEqual({ imported: 1 });
    await expectCode(caller.knowledge.importFaqCsv({ botId: bot.id }), "BAD_REQUEST");
  });

  it("a Word document or a ZIP renamed .xlsx is not a workbook; a real one is imported", async () => {
    const { caller, tenantId, bot } = await newBot("SniffXlsx");
    const word = await refusal(caller.knowledge.importFaqXlsx({ botId: bot.id, filename: "faq.xlsx", dataBase64: b64(docx) }));
    expect(word.message).toBe("This file is not an Excel workbook (.xlsx) (it looks like a Word document).");
    const plainZip = await refusal(caller.knowledge.importFaqXlsx({ botId: bot.id, filename: "faq.xlsx", dataBase64: b64(zip) }));
    expect(plainZip.data.details).toEqual({ expected: "xlsx", detected: "zip" });
    expect(await t.db.knowledgeSource.count({ where: { tenantId } })).toBe(0);
    expect(await caller.knowledge.importFaqXlsx({ botId: bot.id, filename: "faq.xlsx", dataBase64: b64(xlsx) })).toEqual({ imported: 1 });
  });

  it("documents (.md, .txt, .html) must be UTF-8 text: a PDF or an image renamed .md is refused", async () => {
    const { caller, tenantId, bot } = await newBot("SniffDoc");
    const pdfAsMd = await refusal(caller.knowledge.uploadFile({ botId: bot.id, filename: "guide.md", dataBase64: b64(pdf) }));
    expect(pdfAsMd.message).toBe("This file is not a text file (it looks like a PDF).");
    const pngAsTxt = await refusal(caller.knowledge.uploadFile({ botId: bot.id, filename: "notes.txt", dataBase64: b64(png) }));
    expect(pngAsTxt.data.details).toEqual({ expected: "text", detected: "png" });
    const exeAsHtml = await refusal(caller.knowledge.uploadFile({ botId: bot.id, filename: "page.html", dataBase64: b64(exe) }));
    expect(exeAsHtml.data.details).toEqual({ expected: "text", detected: "exe" });
    expect(await t.db.knowledgeSource.count({ where: { tenantId } })).toBe(0);

    await caller.knowledge.uploadFile({ botId: bot.id, filename: "guide.md", dataBase64: b64("# Returns\n\n30 天内可以退货。\n") });
    await caller.knowledge.uploadFile({ botId: bot.id, filename: "page.html", dataBase64: b64('<?xml version="1.0"?><html><title>Hi</title><body><p>Open daily.</p></body></html>') });
    expect(await t.db.knowledgeSource.count({ where: { tenantId } })).toBe(2);
  });
});
