import { DomainError, RateLimitedError } from "@kefu/domain";
import { TRPCError, type AnyTRPCRouter, type inferRouterContext } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { getErrorShape, transformTRPCResponse } from "@trpc/server/unstable-core-do-not-import";
import { Overloaded, releasedWithBody, type Admission, type Release } from "./admission.ts";
import { requestIdFrom } from "./context.ts";
import { readApiEnv } from "./env.ts";
import { toTRPCError } from "./errors.ts";
import { CROSS_ORIGIN_MESSAGE, crossOriginRefusal } from "./same-origin.ts";
import { rootLogger } from "./logger.ts";
import { isJsonlStream, markNoTransform } from "./stream-compression.ts";

/**
 * Serves a tRPC router over HTTP (both apps' `/api/trpc` route handlers): the request id is the
 * client's `x-request-id` when sane (platform/context.ts), else a new one; it goes into the
 * context (so `ctx.log` lines and error messages carry it) and back as the `x-request-id`
 * response header.
 *
 * With `admission`, the requests it names wait for a place first (platform/admission.ts) and hold
 * it until their response has been sent. This is decided here, before tRPC answers: a streamed
 * response starts with its 200 status at once, so a refusal must come before it, as a plain 503
 * with Retry-After and the error in tRPC's shape (the client's links read it as a typed error).
 *
 * With `sameOrigin` (the admin app, whose callers are signed in by cookie), a state-changing
 * request from another site is refused before anything runs: 403 with a typed `FORBIDDEN`
 * (reason `cross_origin`), see `crossOriginRefusal` in platform/same-origin.ts.
 *
 * Request bodies are limited to `maxBodyBytes` (default: env KEFU_MAX_BODY_BYTES, 16 MB, for the
 * admin app's uploads; the chat app passes PUBLIC_MAX_BODY_BYTES) while they arrive, before
 * anything else reads them: a declared `content-length` past the limit is refused at once, and a
 * body without one is read counting its bytes and refused as soon as it goes past. Either way a
 * 413 with a typed `PAYLOAD_TOO_LARGE` (reason `body_too_large`) in tRPC's shape.
 *
 * With `throttle`, the request's calls are counted against rate limits (platform/rate-limits.ts)
 * before any procedure runs, so nothing is stored for a refused call: a `RateLimitedError` it
 * throws becomes a 429 with Retry-After and a typed `TOO_MANY_REQUESTS` (its reason, and
 * `retryAfter` seconds in the error's data).
 */
export async function serveTrpc<TRouter extends AnyTRPCRouter>(
  incoming: Request,
  router: TRouter,
  createContext: (requestId: string) => Promise<inferRouterContext<TRouter>> | inferRouterContext<TRouter>,
  options: { endpoint?: string; admission?: Admission; sameOrigin?: string; maxBodyBytes?: number; throttle?: (req: Request) => Promise<void> } = {},
): Promise<Response> {
  const { endpoint = "/api/trpc", admission, sameOrigin } = options;
  const requestId = requestIdFrom(incoming.headers);
  const refusal = sameOrigin === undefined ? null : crossOriginRefusal(incoming, sameOrigin);
  if (refusal !== null) return crossOriginResponse(router, refusal, requestId);
  const maxBodyBytes = options.maxBodyBytes ?? readApiEnv().KEFU_MAX_BODY_BYTES;
  const limited = await withLimitedBody(incoming, maxBodyBytes);
  if (limited === null) return bodyTooLargeResponse(router, maxBodyBytes, requestId);
  const req: Request = limited;
  if (options.throttle) {
    try {
      await options.throttle(req);
    } catch (error) {
      if (error instanceof RateLimitedError) return rateLimitedResponse(router, error, requestId);
      throw error;
    }
  }
  let release: Release | null = null;
  const key = admission ? await admission.keyOf(req) : null;
  if (admission && key !== null) {
    try {
      release = await admission.gate.admit(key, req.signal);
    } catch (error) {
      if (error instanceof Overloaded) return overloadedResponse(router, error, requestId, admission.gate.stats());
      // The client went away while waiting: nobody reads this.
      if (req.signal.aborted) return new Response(null, { status: 499 });
      throw error;
    }
  }
  try {
    const response = await respond();
    return release ? releasedWithBody(response, release) : response;
  } catch (error) {
    release?.();
    throw error;
  }

  async function respond() {
    const response = await fetchRequestHandler({
      endpoint,
      req,
      router,
      createContext: async () => {
        const ctx = await createContext(requestId);
        return release && admission ? { ...ctx, admitted: { path: admission.path, release } } : ctx;
      },
      onError({ error, ctx }) {
        // With a context the error formatter (trpc.ts) logged it; without one, creating it failed.
        if (ctx === undefined && error.code === "INTERNAL_SERVER_ERROR") {
          rootLogger().child({ requestId }).error({ err: error }, "trpc.context_failed");
        }
      },
    });
    // A streamed answer goes out uncompressed (platform/stream-compression.ts).
    const streamed = isJsonlStream(req.headers);
    try {
      response.headers.set("x-request-id", requestId);
      if (streamed) markNoTransform(response.headers);
      return response;
    } catch {
      // Immutable headers (not what the fetch adapter returns today): copy the response.
      const copy = new Response(response.body, response);
      copy.headers.set("x-request-id", requestId);
      if (streamed) markNoTransform(copy.headers);
      return copy;
    }
  }
}

/** The chat app's limit on a request body: visitors send short messages, never files. */
export const PUBLIC_MAX_BODY_BYTES = 256 * 1024;

/**
 * A request body's bytes, or null as soon as the body is (or says it will be) larger than `limit`:
 * a declared length is refused before any byte is read, an undeclared one after at most `limit`
 * bytes and one chunk. The tRPC routes and the chat's image uploads (attachments/) read bodies so.
 */
export async function readBodyWithin(req: Request, limit: number): Promise<Uint8Array<ArrayBuffer> | null> {
  if (req.body === null) return new Uint8Array();
  const declared = req.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > limit) {
    await req.body.cancel().catch(() => undefined);
    return null;
  }
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return body;
}

/** The request with its body read within `limit` (readBodyWithin), or null past it. The bytes read are kept (tRPC reads the whole body anyway). */
async function withLimitedBody(req: Request, limit: number): Promise<Request | null> {
  if (req.body === null) return req;
  const body = await readBodyWithin(req, limit);
  if (body === null) return null;
  const headers = new Headers(req.headers);
  headers.delete("transfer-encoding");
  headers.set("content-length", String(body.byteLength));
  return new Request(req.url, { method: req.method, headers, body, signal: req.signal });
}

/**
 * An error refused before tRPC ran, as tRPC itself would answer it: the router's error shape and
 * transformer, so the client's links read a typed error (they read `Retry-After` and the like off
 * the response).
 */
function refusedResponse(router: AnyTRPCRouter, error: TRPCError, status: number, headers: Record<string, string>) {
  const config = router._def._config;
  const shape = getErrorShape({ config, error, type: "mutation", path: undefined, input: undefined, ctx: undefined });
  return new Response(JSON.stringify(transformTRPCResponse(config, { error: shape })), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

/** 413: a typed PAYLOAD_TOO_LARGE. */
function bodyTooLargeResponse(router: AnyTRPCRouter, limit: number, requestId: string) {
  rootLogger().child({ requestId }).warn({ limit }, "trpc.body_too_large");
  const message = `The request is larger than ${limit >= 1024 * 1024 ? `${Math.round(limit / (1024 * 1024))} MB` : `${Math.round(limit / 1024)} KB`}; send less at once.`;
  // HTTP 413; the reason comes from the domain error, as for every typed error.
  const error = new TRPCError({ code: "PAYLOAD_TOO_LARGE", message, cause: new DomainError("BAD_REQUEST", "body_too_large", message) });
  return refusedResponse(router, error, 413, { connection: "close", "x-request-id": requestId });
}

const OVERLOADED_MESSAGE = "Many people are chatting right now. Your message will be sent in a moment.";

/** 503 with Retry-After: a typed SERVICE_UNAVAILABLE (reason overloaded). */
function overloadedResponse(router: AnyTRPCRouter, overloaded: Overloaded, requestId: string, stats: { inFlight: number; queued: number; refused: number }) {
  rootLogger().child({ requestId }).warn({ retryAfterSeconds: overloaded.retryAfterSeconds, ...stats }, "admission.refused");
  const error = toTRPCError(new DomainError("SERVICE_UNAVAILABLE", "overloaded", OVERLOADED_MESSAGE));
  return refusedResponse(router, error, 503, { "retry-after": String(overloaded.retryAfterSeconds), "x-request-id": requestId });
}

/** 403: a typed FORBIDDEN (reason cross_origin). */
function crossOriginResponse(router: AnyTRPCRouter, refusal: string, requestId: string) {
  rootLogger().child({ requestId }).warn({ refusal }, "trpc.cross_origin_refused");
  const error = toTRPCError(new DomainError("FORBIDDEN", "cross_origin", CROSS_ORIGIN_MESSAGE));
  return refusedResponse(router, error, 403, { "x-request-id": requestId });
}

/** 429 with Retry-After: a typed TOO_MANY_REQUESTS (its reason, and retryAfter in the data). */
function rateLimitedResponse(router: AnyTRPCRouter, limited: RateLimitedError, requestId: string) {
  rootLogger().child({ requestId }).warn({ reason: limited.reason, retryAfterSeconds: limited.retryAfterSeconds }, "rate_limit.refused");
  return refusedResponse(router, toTRPCError(limited), 429, { "retry-after": String(limited.retryAfterSeconds), "x-request-id": requestId });
}

/** One procedure call of a tRPC request: its path and (for POSTs) its input, batches included. */
export interface TrpcCall {
  path: string;
  input: Record<string, unknown> | null;
}

/** The calls a tRPC request makes, read from its URL and (a copy of) its body; nothing is consumed. */
export async function trpcCallsOf(req: Request): Promise<TrpcCall[]> {
  const url = new URL(req.url);
  const paths = decodeURIComponent(url.pathname.slice(url.pathname.lastIndexOf("/") + 1)).split(",");
  if (req.method !== "POST") return paths.map((path) => ({ path, input: null }));
  const body = (await req
    .clone()
    .json()
    .catch(() => null)) as Record<string, unknown> | null;
  const batched = url.searchParams.get("batch") === "1";
  const inputOf = (raw: unknown) => {
    const json = raw && typeof raw === "object" ? (raw as { json?: unknown }).json : undefined;
    return json && typeof json === "object" ? (json as Record<string, unknown>) : null;
  };
  return paths.map((path, at) => ({ path, input: inputOf(batched ? body?.[String(at)] : body) }));
}
