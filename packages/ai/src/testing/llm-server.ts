import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { type AddressInfo } from "node:net";

// A loopback LLM server for tests: OpenAI-compatible (/v1/chat/completions, /v1/embeddings,
// /v1/models) and Ollama-shaped (/api/chat, /api/embed, /api/tags). Tests drive the real
// LangChain clients against it (never a mock object) and choose how it behaves.

export interface LlmServerBehaviour {
  /** Reply text; a function sees the parsed request body. Default: "OK [1]". */
  reply?: string | ((body: ChatRequestBody) => string);
  /** Answer every request with this HTTP status (401 bad key, 500 server error…). */
  status?: number;
  /** Accept the request and never answer (a timeout for the client). */
  hang?: boolean;
  /** Streaming only: send this many content chunks, then drop the connection. */
  cutAfterChunks?: number;
  /** Streaming only: send this many content chunks, then stall without closing. */
  stallAfterChunks?: number;
  /** Models listed by /v1/models and /api/tags. */
  models?: string[];
}

export interface ChatRequestBody {
  model?: string;
  stream?: boolean;
  messages?: { role: string; content: unknown }[];
  input?: unknown;
  encoding_format?: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body: ChatRequestBody | null;
}

export interface LlmTestServer {
  /** http://127.0.0.1:<port> (the Ollama base URL). */
  url: string;
  /** `${url}/v1` (the OpenAI-compatible base URL). */
  openaiBaseUrl: string;
  requests: RecordedRequest[];
  /** Replace the behaviour for the following requests (and clear nothing else). */
  behave(behaviour: LlmServerBehaviour): void;
  /** Chat requests only (the LLM calls a test may assert on). */
  chatRequests(): RecordedRequest[];
  close(): Promise<void>;
}

/** Splits a reply into several stream chunks (words, keeping spaces; CJK per two characters). */
export function replyChunks(text: string): string[] {
  const pieces = text.match(/\S+\s*|\s+/gu) ?? [];
  return pieces.flatMap((piece) => ([...piece].length > 4 && /\p{Script=Han}/u.test(piece) ? piece.match(/[\s\S]{1,2}/gu)! : [piece]));
}

/** A deterministic small embedding of a text (8 dimensions), so tests can compare them. */
export function fakeEmbedding(text: string): number[] {
  const v = new Array<number>(8).fill(0);
  for (const [i, ch] of [...text].entries()) v[(ch.codePointAt(0)! + i) % 8]! += 1;
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}

async function readBody(req: IncomingMessage): Promise<ChatRequestBody | null> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return null;
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8")) as ChatRequestBody;
  } catch {
    return null;
  }
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

const inputs = (input: unknown): string[] => (Array.isArray(input) ? input.map(String) : [String(input ?? "")]);

export async function startLlmTestServer(initial: LlmServerBehaviour = {}): Promise<LlmTestServer> {
  let behaviour = initial;
  const requests: RecordedRequest[] = [];

  const replyFor = (body: ChatRequestBody) =>
    typeof behaviour.reply === "function" ? behaviour.reply(body) : (behaviour.reply ?? "OK [1]");

  // Writes the chunks one by one (each its own write, so the client sees several deltas),
  // honouring the cut/stall settings.
  async function streamChunks(res: ServerResponse, chunks: string[], line: (text: string) => string, end: () => void) {
    for (const [i, text] of chunks.entries()) {
      if (behaviour.cutAfterChunks !== undefined && i >= behaviour.cutAfterChunks) {
        res.socket?.destroy();
        return;
      }
      if (behaviour.stallAfterChunks !== undefined && i >= behaviour.stallAfterChunks) return;
      res.write(line(text));
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    end();
  }

  async function openai(req: IncomingMessage, res: ServerResponse, path: string, body: ChatRequestBody | null) {
    if (req.method === "GET" && path === "/v1/models") {
      return json(res, 200, { object: "list", data: (behaviour.models ?? ["test-model"]).map((id) => ({ id, object: "model", owned_by: "test" })) });
    }
    if (req.method === "POST" && path === "/v1/embeddings") {
      const data = inputs(body?.input).map((text, index) => {
        const vector = fakeEmbedding(text);
        const embedding = body?.encoding_format === "base64" ? Buffer.from(new Float32Array(vector).buffer).toString("base64") : vector;
        return { object: "embedding", index, embedding };
      });
      return json(res, 200, { object: "list", data, model: body?.model, usage: { prompt_tokens: 1, total_tokens: 1 } });
    }
    if (req.method === "POST" && path === "/v1/chat/completions" && body) {
      const text = replyFor(body);
      const base = { id: "chatcmpl-test", created: Math.floor(Date.now() / 1000), model: body.model ?? "test-model" };
      if (!body.stream) {
        return json(res, 200, {
          ...base,
          object: "chat.completion",
          choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: "stop" }],
          usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
        });
      }
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      const chunk = (delta: object, finish: string | null) =>
        `data: ${JSON.stringify({ ...base, object: "chat.completion.chunk", choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
      res.write(chunk({ role: "assistant", content: "" }, null));
      return streamChunks(res, replyChunks(text), (t) => chunk({ content: t }, null), () => {
        res.write(chunk({}, "stop"));
        res.end("data: [DONE]\n\n");
      });
    }
    return json(res, 404, { error: { message: "not found" } });
  }

  async function ollama(req: IncomingMessage, res: ServerResponse, path: string, body: ChatRequestBody | null) {
    if (req.method === "GET" && path === "/api/tags") {
      return json(res, 200, { models: (behaviour.models ?? ["test-model"]).map((name) => ({ name, model: name })) });
    }
    if (req.method === "POST" && path === "/api/embed") {
      return json(res, 200, { model: body?.model, embeddings: inputs(body?.input).map(fakeEmbedding) });
    }
    if (req.method === "POST" && path === "/api/chat" && body) {
      const text = replyFor(body);
      const line = (content: string, done: boolean) =>
        `${JSON.stringify({ model: body.model, created_at: new Date().toISOString(), message: { role: "assistant", content }, done, ...(done ? { done_reason: "stop" } : {}) })}\n`;
      if (body.stream === false) return json(res, 200, JSON.parse(line(text, true)));
      res.writeHead(200, { "content-type": "application/x-ndjson" });
      return streamChunks(res, replyChunks(text), (t) => line(t, false), () => res.end(line("", true)));
    }
    return json(res, 404, { error: "not found" });
  }

  const server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
      const body = await readBody(req);
      requests.push({ method: req.method ?? "GET", path, authorization: req.headers.authorization, body });
      if (behaviour.hang) return; // never answer; close() drops the connection
      if (behaviour.status) return json(res, behaviour.status, { error: { message: `test status ${behaviour.status}`, type: "test" } });
      if (path.startsWith("/v1/")) return openai(req, res, path, body);
      return ollama(req, res, path, body);
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    openaiBaseUrl: `${url}/v1`,
    requests,
    behave(next) {
      behaviour = next;
    },
    chatRequests: () => requests.filter((r) => r.path === "/v1/chat/completions" || r.path === "/api/chat"),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
