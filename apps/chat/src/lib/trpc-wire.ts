/**
 * The few pieces of tRPC v11's HTTP wire format the visitor's client needs, so the widget does not
 * ship the tRPC client, superjson and zod (docs/architecture.md, "The widget's client"):
 * - superjson's envelope `{ json, meta }`, of which only Date and undefined occur in what the
 *   public router returns (anything else is refused loudly rather than misread);
 * - the JSON Lines stream of a batch of one call (`trpc-accept: application/jsonl`, what
 *   httpBatchStreamLink reads): a head whose promises and async iterables are placeholders, then
 *   one line per settled promise or yielded value.
 * No I/O here: `decodeJsonl` reads lines given by the caller.
 */

import { type PrechatFieldView, type PrechatView } from "@kefu/domain";

/** The error shape of the router's error formatter (packages/api platform/trpc.ts). */
export interface WireErrorShape {
  message: string;
  code: number;
  data?: { code?: string; httpStatus?: number; reason?: string | null; retryAfter?: number } & Record<string, unknown>;
}

/** A refused or failed call: tRPC's code (e.g. TOO_MANY_REQUESTS), the domain's reason, and what the response said. */
export class ChatCallError extends Error {
  readonly code: string;
  readonly reason: string | null;
  /** Seconds to wait, from the error's data or else the response's Retry-After (null: not said). */
  readonly retryAfter: number | null;
  readonly status: number | null;
  /** The domain error's details (e.g. the refused fields of a pre-chat form, by key), when it has some. */
  readonly details: Record<string, string> | null;
  /** `prechat_required`: the visitor's own pre-chat form, carried by the refusal (null when absent or malformed). */
  readonly prechat: PrechatView | null;

  constructor(shape: WireErrorShape | null, response?: { status: number; retryAfter: string | null }) {
    super(shape?.message ?? "The request failed.");
    this.name = "ChatCallError";
    this.code = shape?.data?.code ?? "INTERNAL_SERVER_ERROR";
    this.reason = shape?.data?.reason ?? null;
    const header = Number(response?.retryAfter ?? Number.NaN);
    this.retryAfter = shape?.data?.retryAfter ?? (Number.isFinite(header) && header > 0 ? header : null);
    this.status = response?.status ?? shape?.data?.httpStatus ?? null;
    const details = shape?.data?.details;
    this.details = details && typeof details === "object" ? (details as Record<string, string>) : null;
    this.prechat = prechatOf(shape?.data?.prechat);
  }
}

const FIELD_KINDS: ReadonlySet<unknown> = new Set<PrechatFieldView["kind"]>(["name", "email", "phone", "text", "select"]);

function isPrechatField(value: unknown): value is PrechatFieldView {
  const field = value as Partial<Record<keyof PrechatFieldView, unknown>> | null;
  return (
    typeof field === "object" &&
    field !== null &&
    typeof field.key === "string" &&
    FIELD_KINDS.has(field.kind) &&
    (field.label === null || typeof field.label === "string") &&
    typeof field.required === "boolean" &&
    Array.isArray(field.options) &&
    field.options.every((option) => typeof option === "string")
  );
}

/** A pre-chat form from an error's data, checked field by field (the widget ships no zod); null when it is not one. */
export function prechatOf(value: unknown): PrechatView | null {
  const fields = (value as { fields?: unknown } | null | undefined)?.fields;
  return Array.isArray(fields) && fields.length > 0 && fields.every(isPrechatField) ? { fields } : null;
}

interface SuperJsonEnvelope {
  json: unknown;
  meta?: { values?: unknown };
}

/** A superjson-serialised value back to what the server returned (Dates and undefined restored). */
export function fromSuperJson(envelope: SuperJsonEnvelope): unknown {
  const values = envelope.meta?.values;
  if (values === undefined) return envelope.json;
  // The root itself annotated: ["Date"].
  if (Array.isArray(values)) return revive(envelope.json, values);
  const root = envelope.json;
  for (const [path, annotation] of Object.entries(values as Record<string, unknown>)) {
    const keys = splitPath(path);
    const last = keys.pop()!;
    let parent = root as Record<string, unknown>;
    for (const key of keys) parent = parent[key] as Record<string, unknown>;
    const value = revive(parent[last], annotation);
    if (value === undefined) delete parent[last];
    else parent[last] = value;
  }
  return root;
}

function revive(value: unknown, annotation: unknown): unknown {
  const type = Array.isArray(annotation) ? annotation[0] : annotation;
  if (type === "Date") return new Date(value as string);
  if (type === "undefined") return undefined;
  throw new Error(`Unsupported superjson type: ${String(type)}`);
}

/** superjson's dotted paths, with `\.` for a dot inside a key. */
function splitPath(path: string): string[] {
  const keys: string[] = [];
  let current = "";
  for (let i = 0; i < path.length; i++) {
    const char = path[i]!;
    if (char === "\\" && path[i + 1] === ".") {
      current += ".";
      i++;
    } else if (char === ".") {
      keys.push(current);
      current = "";
    } else current += char;
  }
  keys.push(current);
  return keys;
}

type ChunkDefinition = [key: string | number | null, type: 0 | 1, chunkId: number];
type EncodedValue = [[unknown] | [], ...ChunkDefinition[]];
type Chunk = [chunkId: number, status: number, value: unknown];

/** An async iterable fed by pushes: the values a streamed procedure yields. */
function queue<T>() {
  const items: T[] = [];
  let ended = false;
  let failure: unknown = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  return {
    push(item: T) {
      items.push(item);
      notify();
    },
    end() {
      ended = true;
      notify();
    },
    fail(error: unknown) {
      failure ??= error;
      notify();
    },
    async *[Symbol.asyncIterator](): AsyncGenerator<T> {
      for (;;) {
        if (items.length > 0) yield items.shift()!;
        else if (failure !== null) throw failure;
        else if (ended) return;
        else await new Promise<void>((resolve) => (wake = resolve));
      }
    },
  };
}

/**
 * Decodes a tRPC JSON Lines response of one call (`batch=1`, call "0") into its result: the
 * procedure's value, or an async iterable of what it yields. Each line is JSON in superjson's
 * envelope; `lines` ends when the body does. A line that never came (the connection broke) fails
 * whatever still waited for it.
 */
export async function decodeJsonl(lines: AsyncIterable<string>): Promise<unknown> {
  const handlers = new Map<number, (chunk: Chunk) => void>();
  const early = new Map<number, Chunk[]>();
  const failers = new Set<(error: unknown) => void>();

  const on = (id: number, handle: (chunk: Chunk) => void) => {
    handlers.set(id, handle);
    for (const chunk of early.get(id) ?? []) handle(chunk);
    early.delete(id);
  };
  const errorOf = (value: unknown) => new ChatCallError((value as WireErrorShape | null) ?? null);

  function decode(encoded: EncodedValue): unknown {
    const [data, ...definitions] = encoded;
    let value: unknown = data[0];
    for (const [key, type, id] of definitions) {
      const placeholder = type === 0 ? promiseOf(id) : iterableOf(id);
      if (key === null) value = placeholder;
      else (value as Record<string | number, unknown>)[key] = placeholder;
    }
    return value;
  }
  function promiseOf(id: number): Promise<unknown> {
    return new Promise((resolve, reject) => {
      failers.add(reject);
      on(id, ([, status, value]) => {
        failers.delete(reject);
        if (status === 0) resolve(decode(value as EncodedValue));
        else reject(errorOf(value));
      });
    });
  }
  function iterableOf(id: number): AsyncIterable<unknown> {
    const values = queue<unknown>();
    const fail = (error: unknown) => values.fail(error);
    failers.add(fail);
    on(id, ([, status, value]) => {
      if (status === 1) return values.push(decode(value as EncodedValue));
      failers.delete(fail);
      if (status === 0) values.end();
      else values.fail(errorOf(value));
    });
    return values;
  }
  const iterator = lines[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) throw new ChatCallError(null);
  const head = fromSuperJson(JSON.parse(first.value) as SuperJsonEnvelope) as Record<string, EncodedValue>;
  const call = decode(head["0"]!) as Promise<{ error?: WireErrorShape; result?: Promise<{ data: unknown }> }>;

  // The rest of the body feeds the placeholders, in the background.
  void (async () => {
    try {
      for (;;) {
        const next = await iterator.next();
        if (next.done) break;
        const chunk = fromSuperJson(JSON.parse(next.value) as SuperJsonEnvelope) as Chunk;
        const handle = handlers.get(chunk[0]);
        if (handle) handle(chunk);
        else early.set(chunk[0], [...(early.get(chunk[0]) ?? []), chunk]);
      }
      if (failers.size > 0) throw new ChatCallError({ message: "The answer was cut off.", code: -32603, data: { code: "INTERNAL_SERVER_ERROR" } });
    } catch (error) {
      for (const fail of [...failers]) fail(error);
      failers.clear();
    }
  })();

  const settled = await call;
  if (settled.error) throw errorOf(settled.error);
  return (await settled.result!).data;
}

/** The lines of a response body (the server pads a quiet stream with spaces, which are skipped). */
export async function* bodyLines(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffered = "";
  try {
    for (;;) {
      const { done, value } = await reader.read();
      buffered += decoder.decode(value, { stream: !done });
      let newline: number;
      while ((newline = buffered.indexOf("\n")) >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (line) yield line;
      }
      if (done) break;
    }
    if (buffered.trim()) yield buffered.trim();
  } finally {
    reader.releaseLock();
  }
}
