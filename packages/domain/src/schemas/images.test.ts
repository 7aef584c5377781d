import { describe, expect, it } from "vitest";
import { attachmentFileName, sniffImage } from "./images";

const bytes = (...parts: (number[] | string)[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === "string" ? [...new TextEncoder().encode(p)] : p)));

describe("sniffImage", () => {
  it("knows PNG, GIF, JPEG and WebP by their bytes, with the size their header gives", () => {
    const png = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], [0, 0, 0, 13], "IHDR", [0, 0, 1, 44, 0, 0, 0, 200]);
    expect(sniffImage(png)).toEqual({ contentType: "image/png", width: 300, height: 200 });
    expect(sniffImage(bytes("GIF89a", [10, 0, 20, 0]))).toEqual({ contentType: "image/gif", width: 10, height: 20 });
    // SOI, an APP0 segment of 4 bytes, then SOF0: precision 8, height 0x0102, width 0x0304.
    const jpeg = bytes([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xc0, 0, 17, 8, 1, 2, 3, 4, 3]);
    expect(sniffImage(jpeg)).toEqual({ contentType: "image/jpeg", width: 0x0304, height: 0x0102 });
    const vp8x = bytes("RIFF", [0, 0, 0, 0], "WEBPVP8X", [10, 0, 0, 0, 0, 0, 0, 0], [99, 0, 0, 49, 0, 0]);
    expect(sniffImage(vp8x)).toEqual({ contentType: "image/webp", width: 100, height: 50 });
  });

  it("knows the type of a truncated image but not its size", () => {
    expect(sniffImage(bytes([0xff, 0xd8, 0xff]))).toEqual({ contentType: "image/jpeg", width: null, height: null });
  });

  it("does not believe a width or height of 0 or past 65,535 (no integer column holds 2^32 - 1): the type stands, the size is unknown", () => {
    const png = (width: number[], height: number[]) => bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], [0, 0, 0, 13], "IHDR", width, height);
    expect(sniffImage(png([0xff, 0xff, 0xff, 0xff], [0x80, 0, 0, 0]))).toEqual({ contentType: "image/png", width: null, height: null });
    expect(sniffImage(png([0, 1, 0, 0], [0, 0, 0, 1]))).toEqual({ contentType: "image/png", width: null, height: null });
    expect(sniffImage(png([0, 0, 0xff, 0xff], [0, 0, 0, 0]))).toEqual({ contentType: "image/png", width: null, height: null });
    expect(sniffImage(png([0, 0, 0xff, 0xff], [0, 0, 0xff, 0xff]))).toEqual({ contentType: "image/png", width: 65_535, height: 65_535 });
    // WebP's extended header has room for 2^24.
    const vp8x = bytes("RIFF", [0, 0, 0, 0], "WEBPVP8X", [10, 0, 0, 0, 0, 0, 0, 0], [0xff, 0xff, 0xff, 49, 0, 0]);
    expect(sniffImage(vp8x)).toEqual({ contentType: "image/webp", width: null, height: null });
  });

  it("refuses SVG, HTML, an SVG named .png and anything else", () => {
    expect(sniffImage(bytes('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).toBeNull();
    expect(sniffImage(bytes('<?xml version="1.0"?><svg/>'))).toBeNull();
    expect(sniffImage(bytes("<!doctype html><script>alert(1)</script>"))).toBeNull();
    expect(sniffImage(bytes("%PDF-1.7"))).toBeNull();
    expect(sniffImage(new Uint8Array())).toBeNull();
  });
});

describe("attachmentFileName", () => {
  it("is made of safe characters whatever the id holds", () => {
    expect(attachmentFileName('a"b/../c\r\nd', "image/webp")).toBe("image-abcd.webp");
    expect(attachmentFileName("ck1", "image/jpeg")).toBe("image-ck1.jpg");
  });
});
