import { initTRPC } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { isJsonlStream, markNoTransform } from "./stream-compression.ts";
import { serveTrpc } from "./trpc-http.ts";

describe("streamed tRPC answers are not compressed", () => {
  it("recognises a streamed request as tRPC does", () => {
    expect(isJsonlStream(new Headers({ "trpc-accept": "application/jsonl" }))).toBe(true);
    expect(isJsonlStream(new Headers({ accept: "application/json, application/jsonl" }))).toBe(true);
    expect(isJsonlStream(new Headers({ accept: "application/json" }))).toBe(false);
    expect(isJsonlStream(new Headers())).toBe(false);
    // tRPC reads trpc-accept first, whatever Accept says
    expect(isJsonlStream(new Headers({ "trpc-accept": "application/json", accept: "application/jsonl" }))).toBe(false);
  });

  it("adds no-transform once, keeping the rest of Cache-Control", () => {
    const none = new Headers();
    markNoTransform(none);
    expect(none.get("cache-control")).toBe("no-transform");
    const some = new Headers({ "cache-control": "no-store" });
    markNoTransform(some);
    expect(some.get("cache-control")).toBe("no-store, no-transform");
    const already = new Headers({ "cache-control": "no-cache, no-transform" });
    markNoTransform(already);
    expect(already.get("cache-control")).toBe("no-cache, no-transform");
  });
});

describe("serveTrpc marks streamed answers no-transform", () => {
  const t = initTRPC.create();
  const testRouter = t.router({ echo: t.procedure.query(() => "hi") });
  const call = (headers: Record<string, string>) =>
    serveTrpc(new Request("http://localhost/api/trpc/echo?batch=1&input=%7B%7D", { headers }), testRouter, () => ({}));

  it("a JSON-lines stream (the widget's httpBatchStreamLink) gets no-transform, a plain answer does not", async () => {
    const streamed = await call({ "trpc-accept": "application/jsonl", "accept-encoding": "gzip" });
    expect(streamed.status).toBe(200);
    expect(streamed.headers.get("cache-control")).toBe("no-transform");
    await streamed.text();
    const plain = await call({ "accept-encoding": "gzip" });
    expect(plain.status).toBe(200);
    expect(plain.headers.get("cache-control")).toBeNull();
    await plain.text();
  });
});
