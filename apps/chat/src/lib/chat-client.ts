import { type PublicRouter } from "@kefu/api";
import { type inferRouterInputs, type inferRouterOutputs } from "@trpc/server";
import { bodyLines, ChatCallError, decodeJsonl, fromSuperJson } from "./trpc-wire";

export { ChatCallError } from "./trpc-wire";

type ChatInputs = inferRouterInputs<PublicRouter>["chat"];
type ChatOutputs = inferRouterOutputs<PublicRouter>["chat"];
type CallName = Exclude<keyof ChatInputs & keyof ChatOutputs, "events" | "config" | "history">;
/** One event of the visitor's live stream, as the router types it (narrow on `type`). */
export type VisitorEvent = ChatOutputs["events"] extends AsyncIterable<{ data: infer E }> ? E : never;
export type ChatOutput<K extends CallName> = ChatOutputs[K];

/**
 * The visitor's client of the public router: the widget's few procedures, over tRPC's own HTTP
 * wire format (lib/trpc-wire.ts), so the server side (rate limits, admission, Origin checks, error
 * shapes) is exactly what any tRPC client meets. Calls are a batch of one with a JSON Lines answer,
 * as httpBatchStreamLink sends them (a streamed answer arrives as it is written); live events are
 * Server-Sent Events that the browser's EventSource resumes after the last event id by itself.
 */
export function createChatClient(baseUrl = "") {
  async function call<K extends CallName>(name: K, input: ChatInputs[K]): Promise<ChatOutputs[K]> {
    const response = await fetch(`${baseUrl}/api/trpc/chat.${name}?batch=1`, {
      method: "POST",
      headers: { "content-type": "application/json", "trpc-accept": "application/jsonl" },
      body: JSON.stringify({ 0: { json: input } }),
    });
    const retryAfter = response.headers.get("retry-after");
    // Refused before the procedure ran (429, 503, 413): one JSON error in tRPC's shape.
    if (!response.ok || !response.body) {
      const body = (await response.json().catch(() => null)) as { error?: { json: unknown } } | null;
      const shape = body?.error ? fromSuperJson(body.error as { json: unknown }) : null;
      throw new ChatCallError(shape as ConstructorParameters<typeof ChatCallError>[0], { status: response.status, retryAfter });
    }
    try {
      return (await decodeJsonl(bodyLines(response.body))) as ChatOutputs[K];
    } catch (error) {
      if (error instanceof ChatCallError && error.retryAfter === null && retryAfter !== null) {
        throw new ChatCallError({ message: error.message, code: 0, data: { code: error.code, reason: error.reason } }, { status: response.status, retryAfter });
      }
      throw error;
    }
  }

  /** Follows the visitor's events from `lastEventId`; returns the function that stops. */
  function events(input: ChatInputs["events"], onEvent: (event: VisitorEvent) => void): () => void {
    let source: EventSource | null = null;
    let lastEventId = input.lastEventId;
    let stopped = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const open = () => {
      const url = `${baseUrl}/api/trpc/chat.events?input=${encodeURIComponent(JSON.stringify({ json: { ...input, lastEventId } }))}`;
      const es = new EventSource(url);
      source = es;
      es.onmessage = (message: MessageEvent<string>) => {
        if (message.lastEventId) lastEventId = message.lastEventId;
        onEvent(fromSuperJson(JSON.parse(message.data) as { json: unknown }) as VisitorEvent);
      };
      // The server ended the stream (an error it sent, or its end): not reopened.
      es.addEventListener("serialized-error", () => es.close());
      es.addEventListener("return", () => es.close());
      // The browser reconnects by itself after a dropped connection; after a refused one (not 200)
      // it gives up, so this opens a new one a little later, from the last event seen.
      es.onerror = () => {
        if (es.readyState !== EventSource.CLOSED || stopped) return;
        retry = setTimeout(open, 3000);
      };
    };
    open();
    return () => {
      stopped = true;
      clearTimeout(retry);
      source?.close();
    };
  }

  return { call, events };
}

export type ChatClient = ReturnType<typeof createChatClient>;

/**
 * For a refusal because the server is busy or briefly away (SERVICE_UNAVAILABLE, HTTP 503): how
 * long it asked to wait (Retry-After), or `backoffMs` when it did not say; null for other errors.
 */
export function busyRetryAfterMs(error: unknown, backoffMs: number): number | null {
  if (!(error instanceof ChatCallError) || error.code !== "SERVICE_UNAVAILABLE") return null;
  return error.retryAfter !== null ? Math.min(error.retryAfter, 60) * 1000 : backoffMs;
}

/** A rate-limit refusal (429): its reason and the seconds to wait (the error's data, else Retry-After); null for any other error. */
export function rateLimited(error: unknown): { reason: string | null; seconds: number } | null {
  if (!(error instanceof ChatCallError) || error.code !== "TOO_MANY_REQUESTS") return null;
  return { reason: error.reason, seconds: Math.max(1, Math.ceil(error.retryAfter ?? 10)) };
}
