import { describe, expect, it } from "vitest";
import { csvUploadKind, uploadRoute } from "./upload-route";

describe("the knowledge upload's routing", () => {
  it("sends each file type to its import", () => {
    expect(uploadRoute("Guide.MD")).toBe("document");
    expect(uploadRoute("page.htm")).toBe("document");
    expect(uploadRoute("manual.pdf")).toBe("pdf");
    expect(uploadRoute("faq.xlsx")).toBe("xlsx");
    expect(uploadRoute("faq.csv")).toBe("csv");
    expect(uploadRoute("nlu.yml")).toBe("intents");
    expect(uploadRoute("domain.yaml")).toBe("intents");
    expect(uploadRoute("contract.docx")).toBeNull();
    expect(uploadRoute("README")).toBeNull();
  });

  it("tells an FAQ table from an intent set by the CSV's header, in English and Chinese", () => {
    expect(csvUploadKind("question,answer,alternatives\nq,a,\n")).toBe("faq");
    expect(csvUploadKind("\uFEFF问题,答案\n怎么退款？,请在订单页申请。\n")).toBe("faq");
    // "question" also names an intent's utterance column: with an answer column it is an FAQ table.
    expect(csvUploadKind("Question,Answer,Category\n")).toBe("faq");
    expect(csvUploadKind("utterance,label\nhello,greet\n")).toBe("intents");
    expect(csvUploadKind("text,intent\nhello,greet\n")).toBe("intents");
    expect(csvUploadKind("问法,意图\n我想退款,退款\n")).toBe("intents");
  });

  it("asks when the header names neither (a headerless intent set, or a mistaken table)", () => {
    expect(csvUploadKind("我想退款,退款\n怎么退钱,退款\n")).toBe("unknown");
    expect(csvUploadKind("title,body\nx,y\n")).toBe("unknown");
    expect(csvUploadKind("")).toBe("unknown");
  });
});
