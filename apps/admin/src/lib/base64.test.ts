import { describe, expect, it } from "vitest";
import { fileToBase64, toBase64 } from "./base64";

describe("base64 of uploads", () => {
  it("encodes every byte, across chunk boundaries, as Node does", async () => {
    const bytes = Uint8Array.from({ length: 0x8000 * 2 + 17 }, (_, i) => (i * 31) % 256);
    expect(toBase64(bytes.buffer)).toBe(Buffer.from(bytes).toString("base64"));
    expect(toBase64(new ArrayBuffer(0))).toBe("");
    expect(await fileToBase64(new Blob([bytes]))).toBe(Buffer.from(bytes).toString("base64"));
  });
});
