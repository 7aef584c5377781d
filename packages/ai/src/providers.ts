import { type Embeddings } from "@langchain/core/embeddings";
import { type BaseChatModel } from "@langchain/core/language_models/chat_models";
import { ChatOllama, OllamaEmbeddings } from "@langchain/ollama";
import { ChatOpenAI, OpenAIEmbeddings } from "@langchain/openai";

export type ProviderKind = "OPENAI_COMPATIBLE" | "OLLAMA";

/** Where a remote model lives. OpenAI-compatible base URLs include the version ("…/v1"). */
export interface ProviderEndpoint {
  kind: ProviderKind;
  baseUrl: string;
  apiKey?: string;
}

export interface ProviderModelConfig extends ProviderEndpoint {
  model: string;
  /** Per request; a remote model that does not answer in time is a failure (default 20 s). */
  timeoutMs?: number;
}

export const DEFAULT_PROVIDER_TIMEOUT_MS = 20_000;

export type ProviderFailure = "unreachable" | "timeout" | "unauthorized" | "not_found" | "rate_limited" | "server_error" | "bad_response" | "empty";

/** A remote provider failed. `reason` is safe to show to an admin; nothing of the response body is kept. */
export class ProviderError extends Error {
  readonly reason: ProviderFailure;
  readonly status: number | undefined;
  constructor(reason: ProviderFailure, message: string, status?: number) {
    super(message);
    this.name = "ProviderError";
    this.reason = reason;
    this.status = status;
  }
}

const trimSlash = (url: string) => url.replace(/\/+$/, "");

// Some OpenAI-compatible servers (vLLM, Ollama's /v1) need no key, but the client insists on one.
const NO_KEY = "not-needed";

export function createChatModel(config: ProviderModelConfig): BaseChatModel {
  const timeout = config.timeoutMs ?? DEFAULT_PROVIDER_TIMEOUT_MS;
  if (config.kind === "OLLAMA") {
    return new ChatOllama({
      baseUrl: trimSlash(config.baseUrl),
      model: config.model,
      checkOrPullModel: false,
      ...(config.apiKey ? { headers: { Authorization: `Bearer ${config.apiKey}` } } : {}),
    });
  }
  return new ChatOpenAI({
    model: config.model,
    apiKey: config.apiKey || NO_KEY,
    configuration: { baseURL: trimSlash(config.baseUrl) },
    // The fallback is the extractive answer, not a retry: a visitor should not wait for retries.
    maxRetries: 0,
    timeout,
    streaming: true,
  });
}

export function createEmbeddings(config: ProviderModelConfig): Embeddings {
  if (config.kind === "OLLAMA") {
    return new OllamaEmbeddings({
      baseUrl: trimSlash(config.baseUrl),
      model: config.model,
      ...(config.apiKey ? { headers: { Authorization: `Bearer ${config.apiKey}` } } : {}),
    });
  }
  return new OpenAIEmbeddings({
    model: config.model,
    apiKey: config.apiKey || NO_KEY,
    configuration: { baseURL: trimSlash(config.baseUrl) },
    maxRetries: 0,
    timeout: config.timeoutMs ?? DEFAULT_PROVIDER_TIMEOUT_MS,
  });
}

function failureForStatus(status: number): ProviderError {
  if (status === 401 || status === 403) return new ProviderError("unauthorized", "The provider refused the API key.", status);
  if (status === 404) return new ProviderError("not_found", "The provider does not know this model or path.", status);
  if (status === 429) return new ProviderError("rate_limited", "The provider is rate-limiting requests.", status);
  if (status >= 500) return new ProviderError("server_error", `The provider failed (HTTP ${status}).`, status);
  return new ProviderError("bad_response", `The provider rejected the request (HTTP ${status}).`, status);
}

/** Maps whatever a LangChain client or fetch threw to a typed ProviderError. */
export function toProviderError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  const e = (error ?? {}) as { name?: unknown; status?: unknown; status_code?: unknown; message?: unknown; cause?: unknown; code?: unknown };
  const status = typeof e.status === "number" ? e.status : typeof e.status_code === "number" ? e.status_code : undefined;
  if (status !== undefined) return failureForStatus(status);
  const name = typeof e.name === "string" ? e.name : "";
  const message = typeof e.message === "string" ? e.message : "";
  if (name === "TimeoutError" || name === "AbortError" || /timed? ?out|aborted/i.test(message)) {
    return new ProviderError("timeout", "The provider did not answer in time.");
  }
  return new ProviderError("unreachable", "The provider could not be reached.");
}

/**
 * Lists the models an endpoint offers (OpenAI-compatible GET /models, Ollama GET /api/tags):
 * a real call that proves the URL and the key work.
 */
export async function listProviderModels(endpoint: ProviderEndpoint, timeoutMs = 10_000): Promise<string[]> {
  const base = trimSlash(endpoint.baseUrl);
  const url = endpoint.kind === "OLLAMA" ? `${base}/api/tags` : `${base}/models`;
  let response: Response;
  try {
    response = await fetch(url, {
      headers: endpoint.apiKey ? { Authorization: `Bearer ${endpoint.apiKey}` } : {},
      signal: AbortSignal.timeout(timeoutMs),
      redirect: "error",
    });
  } catch (error) {
    throw toProviderError(error);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw failureForStatus(response.status);
  }
  const body = (await response.json().catch(() => null)) as { data?: { id?: unknown }[]; models?: { name?: unknown }[] } | null;
  const names = endpoint.kind === "OLLAMA" ? body?.models?.map((m) => m.name) : body?.data?.map((m) => m.id);
  if (!Array.isArray(names)) throw new ProviderError("bad_response", "The provider's answer is not a model list.");
  return names.filter((n): n is string => typeof n === "string");
}
