import { afterEach, describe, expect, it, vi } from "vitest";
import { newClientMessageId } from "./client-message-id";

describe("newClientMessageId", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("is 32 hex characters, new each time", () => {
    const ids = new Set(Array.from({ length: 50 }, () => newClientMessageId()));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
  });

  it("works where crypto.randomUUID does not exist (a page over plain HTTP, not localhost)", () => {
    const real = globalThis.crypto;
    vi.stubGlobal("crypto", { getRandomValues: (bytes: Uint8Array) => real.getRandomValues(bytes) });
    expect(newClientMessageId()).toMatch(/^[0-9a-f]{32}$/);
  });
});
