import { describe, expect, it } from "vitest";
import { roleCan } from "./permissions";
import { ZCreateProviderRequest, ZUpdateBotModelRequest, ZUpdateProviderRequest } from "./providers";

describe("provider schemas", () => {
  it("accepts http(s) base URLs without a trailing slash and refuses others", () => {
    expect(ZCreateProviderRequest.parse({ name: " A ", kind: "OLLAMA", baseUrl: "http://localhost:11434/" })).toEqual({
      name: "A",
      kind: "OLLAMA",
      baseUrl: "http://localhost:11434",
      apiKey: undefined,
    });
    for (const baseUrl of ["ftp://x", "javascript:alert(1)", "localhost:11434", "https://u:p@x.example/v1"]) {
      expect(ZCreateProviderRequest.safeParse({ name: "A", kind: "OLLAMA", baseUrl }).success).toBe(false);
    }
  });

  it("treats a blank API key as none", () => {
    const parsed = ZUpdateProviderRequest.parse({ id: "p1", name: "A", kind: "OPENAI_COMPATIBLE", baseUrl: "https://x.example/v1", apiKey: "  " });
    expect(parsed).toMatchObject({ apiKey: undefined, clearApiKey: false });
  });

  it("needs a model with a provider, drops it without one, and bounds the threshold", () => {
    const base = { id: "b1", chatProviderId: null, chatModel: "stale", embeddingProviderId: null, embeddingModel: null, answerThreshold: 0.4 };
    expect(ZUpdateBotModelRequest.parse(base)).toMatchObject({ chatModel: null });
    expect(ZUpdateBotModelRequest.safeParse({ ...base, chatProviderId: "p1", chatModel: null }).success).toBe(false);
    expect(ZUpdateBotModelRequest.safeParse({ ...base, embeddingProviderId: "p1", embeddingModel: " " }).success).toBe(false);
    expect(ZUpdateBotModelRequest.safeParse({ ...base, answerThreshold: -0.1 }).success).toBe(false);
    expect(ZUpdateBotModelRequest.safeParse({ ...base, answerThreshold: 1 }).success).toBe(true);
  });

  it("lets owners and admins manage providers, not agents", () => {
    expect(roleCan("OWNER", "provider.manage")).toBe(true);
    expect(roleCan("ADMIN", "provider.manage")).toBe(true);
    expect(roleCan("AGENT", "provider.manage")).toBe(false);
  });
});
