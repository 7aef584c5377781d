import { describe, expect, it } from "vitest";
import { z } from "zod";
import { useTestDb } from "../testing/index.ts";
import { createApiContext, requestIdFrom } from "./context.ts";
import { createLogger } from "./logger.ts";
import { publicProcedure, router } from "./trpc.ts";
import { serveTrpc } from "./trpc-http.ts";

// What both apps' /api/trpc route handlers do (serveTrpc), on a router with a procedure that
// fails unexpectedly: the client's error and the one log line carry the same request id.

const testRouter = router({
  boom: publicProcedure.query(() => {
    throw new Error("the database is on fire at 10.0.0.7");
  }),
  echo: publicProcedure.input(z.object({ n: z.number() })).query(({ input }) => input.n),
  bump: publicProcedure.input(z.object({ n: z.number() })).mutation(({ input }) => {
    bumped += 1;
    return input.n + 1;
  }),
});
let bumped = 0;

const t = useTestDb();

function serve(headers: Record<string, string> = {}, path = "boom", input?: unknown) {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({ level: "info", destination: { write: (line: string) => void lines.push(JSON.parse(line)) } });
  const query = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
  const req = new Request(`http://localhost/api/trpc/${path}${query}`, { headers });
  const response = serveTrpc(req, testRouter, (requestId) => createApiContext({ db: t.db, requestId, logger }));
  return { response, lines };
}

interface ErrorBody {
  error: { json: { message: string; data: { requestId: string | null; reason: string | null; stack?: unknown } } };
}

describe("tRPC over HTTP: request ids and error logs", () => {
  it("logs an internal error as one JSON line with the request id the client got", async () => {
    const served = serve();
    const response = await served.response;
    expect(response.status).toBe(500);
    const requestId = response.headers.get("x-request-id");
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const body = (await response.json()) as ErrorBody;
    expect(body.error.json.data).toMatchObject({ requestId, reason: "internal" });
    expect(body.error.json.message).toContain(requestId);
    expect(JSON.stringify(body)).not.toMatch(/on fire|10\.0\.0\.7|stack/);

    expect(served.lines).toHaveLength(1);
    const [line] = served.lines;
    expect(line).toMatchObject({
      level: "error",
      msg: "trpc.internal_error",
      requestId,
      path: "boom",
      err: { message: "the database is on fire at 10.0.0.7", stack: expect.stringContaining("trpc-http.integration.test.ts") },
    });
    expect(line!.time).toEqual(expect.any(String));
  });

  it("keeps a sane x-request-id of the client, and replaces one that is not", async () => {
    const kept = serve({ "x-request-id": "edge-7f3a.b_1" });
    const keptResponse = await kept.response;
    expect(keptResponse.headers.get("x-request-id")).toBe("edge-7f3a.b_1");
    expect(((await keptResponse.json()) as ErrorBody).error.json.data.requestId).toBe("edge-7f3a.b_1");
    expect(kept.lines.map((line) => line.requestId)).toEqual(["edge-7f3a.b_1"]);

    for (const insane of ["a".repeat(65), "two words", "quote\"s", "line\\nbreak", "ünïcode"]) {
      const replaced = await serve({ "x-request-id": insane }).response;
      const id = replaced.headers.get("x-request-id");
      expect(id).not.toBe(insane);
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(requestIdFrom(new Headers({ "x-request-id": "a".repeat(64) }))).toBe("a".repeat(64));
    expect(requestIdFrom(new Headers())).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("returns the request id on answers and expected errors too, which log nothing", async () => {
    const ok = serve({}, "echo", { n: 3 });
    const okResponse = await ok.response;
    expect(okResponse.status).toBe(200);
    expect(okResponse.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);

    const invalid = serve({ "x-request-id": "bad-input-1" }, "echo", { n: "three" });
    const invalidResponse = await invalid.response;
    expect(invalidResponse.status).toBe(400);
    expect(invalidResponse.headers.get("x-request-id")).toBe("bad-input-1");
    expect(((await invalidResponse.json()) as ErrorBody).error.json.data).toMatchObject({ requestId: "bad-input-1", reason: "invalid_input" });
    expect([...ok.lines, ...invalid.lines]).toEqual([]);
  });
});

describe("tRPC over HTTP: cookie-authenticated mutations from another site", () => {
  const ADMIN = "http://admin.test:3000";

  function post(headers: Record<string, string>) {
    const req = new Request(`${ADMIN}/api/trpc/bump`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ json: { n: 1 } }) });
    return serveTrpc(req, testRouter, (requestId) => createApiContext({ db: t.db, requestId }), { sameOrigin: ADMIN });
  }

  it("refuses another Origin (or, without one, Referer) with a typed 403 before the procedure runs", async () => {
    const before = bumped;
    const foreign: Record<string, string>[] = [{ origin: "https://evil.example" }, { origin: "null" }, { referer: "https://evil.example/page" }];
    for (const headers of foreign) {
      const response = await post({ ...headers, "x-request-id": "csrf-1" });
      expect(response.status, JSON.stringify(headers)).toBe(403);
      expect(response.headers.get("x-request-id")).toBe("csrf-1");
      const body = (await response.json()) as ErrorBody & { error: { json: { data: { code: string } } } };
      expect(body.error.json.data).toMatchObject({ code: "FORBIDDEN", reason: "cross_origin" });
      expect(body.error.json.message).toMatch(/another site/);
      expect(JSON.stringify(body)).not.toContain(ADMIN);
    }
    expect(bumped).toBe(before);
  });

  it("serves the app's own origin, and clients that send neither header", async () => {
    const before = bumped;
    const own: Record<string, string>[] = [{ origin: ADMIN }, { referer: `${ADMIN}/bots` }, {}];
    for (const headers of own) {
      expect((await post(headers)).status, JSON.stringify(headers)).toBe(200);
    }
    expect(bumped).toBe(before + 3);
  });

  it("leaves queries from anywhere alone (they change nothing)", async () => {
    const req = new Request(`${ADMIN}/api/trpc/echo?input=${encodeURIComponent(JSON.stringify({ json: { n: 2 } }))}`, { headers: { origin: "https://evil.example" } });
    const response = await serveTrpc(req, testRouter, (requestId) => createApiContext({ db: t.db, requestId }), { sameOrigin: ADMIN });
    expect(response.status).toBe(200);
  });
});

describe("tRPC over HTTP: request body limits", () => {
  const LIMIT = 64 * 1024;
  const context = (requestId: string) => createApiContext({ db: t.db, requestId });
  const batch = (n: number, padding: number) => JSON.stringify({ 0: { json: { n, padding: "x".repeat(padding) } } });

  async function expectTooLarge(response: Response) {
    expect(response.status).toBe(413);
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const body = (await response.json()) as { error: { json: { message: string; data: { code: string; httpStatus: number; reason: string } } } };
    expect(body.error.json.data).toMatchObject({ code: "PAYLOAD_TOO_LARGE", httpStatus: 413, reason: "body_too_large" });
    expect(body.error.json.message).toBe("The request is larger than 64 KB; send less at once.");
  }

  it("refuses a declared content-length past the limit at once, without reading the body or running anything", async () => {
    const before = bumped;
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(16 * 1024));
      },
    });
    const req = new Request("http://localhost/api/trpc/bump?batch=1", {
      method: "POST",
      headers: { "content-type": "application/json", "content-length": String(10 * 1024 * 1024) },
      body,
      duplex: "half",
    } as RequestInit);
    await expectTooLarge(await serveTrpc(req, testRouter, context, { maxBodyBytes: LIMIT }));
    expect(pulled).toBeLessThanOrEqual(1);
    expect(bumped).toBe(before);
  });

  it("refuses a body without a length as soon as it goes past the limit, reading no further", async () => {
    const before = bumped;
    let pulled = 0;
    // An endless chunked body: only the limit stops it.
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new TextEncoder().encode(" ".repeat(16 * 1024)));
      },
    });
    const req = new Request("http://localhost/api/trpc/bump?batch=1", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
      duplex: "half",
    } as RequestInit);
    expect(req.headers.get("content-length")).toBeNull();
    await expectTooLarge(await serveTrpc(req, testRouter, context, { maxBodyBytes: LIMIT }));
    expect(pulled).toBeLessThanOrEqual(LIMIT / (16 * 1024) + 2);
    expect(bumped).toBe(before);
  });

  it("serves a body within the limit, with or without a declared length", async () => {
    const declared = new Request("http://localhost/api/trpc/bump?batch=1", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: batch(1, 1000),
    });
    const response = await serveTrpc(declared, testRouter, context, { maxBodyBytes: LIMIT });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([{ result: { data: { json: 2 } } }]);

    const text = new TextEncoder().encode(batch(5, LIMIT - 100));
    const chunked = new Request("http://localhost/api/trpc/bump?batch=1", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: new ReadableStream<Uint8Array>({
        start(controller) {
          for (let at = 0; at < text.length; at += 4096) controller.enqueue(text.subarray(at, at + 4096));
          controller.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
    const chunkedResponse = await serveTrpc(chunked, testRouter, context, { maxBodyBytes: LIMIT });
    expect(chunkedResponse.status).toBe(200);
    expect(await chunkedResponse.json()).toEqual([{ result: { data: { json: 6 } } }]);
  });

  it("takes its default limit from KEFU_MAX_BODY_BYTES", async () => {
    const previous = process.env.KEFU_MAX_BODY_BYTES;
    process.env.KEFU_MAX_BODY_BYTES = String(LIMIT);
    try {
      const req = new Request("http://localhost/api/trpc/bump?batch=1", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: batch(1, LIMIT),
      });
      await expectTooLarge(await serveTrpc(req, testRouter, context));
    } finally {
      if (previous === undefined) delete process.env.KEFU_MAX_BODY_BYTES;
      else process.env.KEFU_MAX_BODY_BYTES = previous;
    }
  });
});
