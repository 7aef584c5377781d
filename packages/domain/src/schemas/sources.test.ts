import { describe, expect, it } from "vitest";
import { ZCreateKnowledgeBaseRequest, ZImportFaqXlsxRequest, ZKnowledgeSearchRequest, ZSetSyncScheduleRequest, ZUploadFileRequest } from "./sources";

describe("source request schemas", () => {
  it("accepts only the offered re-sync intervals, or null to stop", () => {
    for (const intervalHours of [1, 6, 24, 168, null]) expect(ZSetSyncScheduleRequest.safeParse({ id: "s1", intervalHours }).success).toBe(true);
    const wrong = ZSetSyncScheduleRequest.safeParse({ id: "s1", intervalHours: 5 });
    expect(wrong.success).toBe(false);
    expect(wrong.error?.issues[0]?.message).toMatch(/every hour/);
  });

  it("bounds uploads by their decoded size and refuses damaged base64", () => {
    const fiveMb = Math.ceil((5 * 1024 * 1024) / 3) * 4;
    expect(ZImportFaqXlsxRequest.safeParse({ botId: "b", dataBase64: "A".repeat(fiveMb) }).success).toBe(true);
    expect(ZImportFaqXlsxRequest.safeParse({ botId: "b", dataBase64: "A".repeat(fiveMb + 8) }).error?.issues[0]?.message).toMatch(/larger than 5 MB/);
    expect(ZUploadFileRequest.safeParse({ botId: "b", filename: "a.md", dataBase64: "not base64!" }).error?.issues[0]?.message).toMatch(/damaged/);
    expect(ZUploadFileRequest.safeParse({ botId: "b", filename: " ", dataBase64: "" }).success).toBe(false);
  });

  it("trims names and queries", () => {
    expect(ZCreateKnowledgeBaseRequest.parse({ name: "  售后  " })).toEqual({ name: "售后" });
    expect(ZKnowledgeSearchRequest.safeParse({ botId: "b", query: "   " }).success).toBe(false);
  });
});
