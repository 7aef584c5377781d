import { describe, expect, it } from "vitest";
import { AVATAR_MAX_BYTES } from "@kefu/domain";
import { chosenAvatar, fileToBase64, toBase64 } from "./base64";

describe("base64 of uploads", () => {
  it("encodes every byte, across chunk boundaries, as Node does", async () => {
    const bytes = Uint8Array.from({ length: 0x8000 * 2 + 17 }, (_, i) => (i * 31) % 256);
    expect(toBase64(bytes.buffer)).toBe(Buffer.from(bytes).toString("base64"));
    expect(toBase64(new ArrayBuffer(0))).toBe("");
    expect(await fileToBase64(new Blob([bytes]))).toBe(Buffer.from(bytes).toString("base64"));
  });

  it("reads a chosen avatar, refuses one past the API's limit at once, and clears the input", async () => {
    const input = (file: File | undefined) => ({ files: file ? [file] : [], value: "C:\\fakepath\\a.png" }) as unknown as HTMLInputElement;
    const small = input(new File([new Uint8Array([1, 2, 3])], "a.png", { type: "image/png" }));
    expect(await chosenAvatar(small)).toEqual({ type: "image/png", dataBase64: "AQID" });
    expect(small.value).toBe("");
    expect(await chosenAvatar(input(new File([new Uint8Array(AVATAR_MAX_BYTES + 1)], "big.png")))).toBe("too_large");
    expect(await chosenAvatar(input(undefined))).toBeNull();
  });
});
