import { translator } from "@kefu/ui/i18n";
import { TRPCClientError } from "@trpc/client";
import { describe, expect, it } from "vitest";
import { demoErrorMessage } from "./demo-error";
import { imageReplyErrorMessage } from "./inbox/image-reply-error";

/** A typed API refusal as the dashboard's tRPC client gives it: the server's English message, its reason and details. */
const refusal = (message: string, data: Record<string, unknown>) =>
  new TRPCClientError(message, { result: { error: { code: -32600, message, data } } } as unknown as ConstructorParameters<typeof TRPCClientError>[1]);

describe("refusals in the dashboard's language", () => {
  const zh = translator("zh");
  const en = translator("en");

  it("words a too-large or wrong image reply from its reason, never with the API's English", () => {
    const tooLarge = refusal("Images can be at most 2 KB.", { code: "BAD_REQUEST", reason: "attachment_too_large", details: { maxBytes: "2048" } });
    expect(imageReplyErrorMessage(tooLarge, zh)).toBe("图片太大了，最大 2 KB。");
    expect(imageReplyErrorMessage(tooLarge, en)).toBe("This image is too large. Images can be at most 2 KB.");
    const big = refusal("Images can be at most 5 MB.", { reason: "attachment_too_large", details: { maxBytes: String(5 * 1024 * 1024) } });
    expect(imageReplyErrorMessage(big, zh)).toBe("图片太大了，最大 5 MB。");
    expect(imageReplyErrorMessage(refusal("Send a PNG, JPEG, GIF or WebP image.", { reason: "attachment_type" }), zh)).toBe(zh("attachments.wrongType"));
    expect(imageReplyErrorMessage(new Error("network down"), zh)).toBe(zh("attachments.failed"));
  });

  it("words a refused demo seed or removal", () => {
    const busy = refusal("The demo data is being added already.", { code: "CONFLICT", reason: "demo_seeding" });
    expect(demoErrorMessage(busy, zh, "seed")).toBe("示例数据仍在添加中，请在完成后再试。");
    expect(demoErrorMessage(busy, zh, "remove")).toBe(zh("demo.error.seeding"));
    const failed = refusal("Something went wrong on our side. Please try again (request r1).", { code: "INTERNAL_SERVER_ERROR", reason: "internal" });
    expect(demoErrorMessage(failed, zh, "seed")).toBe("示例数据添加失败，请重试。");
    expect(demoErrorMessage(failed, zh, "remove")).toBe("示例数据删除失败，请重试。");
    expect(demoErrorMessage(failed, en, "remove")).not.toMatch(/request/);
  });
});
