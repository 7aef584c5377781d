// vitest-only helpers, apart from llm-server.ts so that Playwright (e2e/) never loads vitest.
import { afterAll, beforeAll, beforeEach, vi } from "vitest";
import { startLlmTestServer, type LlmTestServer } from "./llm-server";

/**
 * A loopback server for one vitest file: started in beforeAll (after stubbing `env`), reset to the
 * default behaviour with no recorded requests before each test, closed (and env restored) after
 * all. Call it at the top level before the file's own beforeAll, which may then use the server.
 */
export function useLlmTestServer(options: { env?: Record<string, string> } = {}): LlmTestServer {
  let server: LlmTestServer | undefined;
  const started = (): LlmTestServer => {
    if (!server) throw new Error("the LLM test server starts in beforeAll");
    return server;
  };
  beforeAll(async () => {
    for (const [name, value] of Object.entries(options.env ?? {})) vi.stubEnv(name, value);
    server = await startLlmTestServer();
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await server?.close();
  });
  beforeEach(() => {
    started().requests.length = 0;
    started().behave({});
  });
  return {
    get url() {
      return started().url;
    },
    get openaiBaseUrl() {
      return started().openaiBaseUrl;
    },
    get requests() {
      return started().requests;
    },
    behave: (behaviour) => started().behave(behaviour),
    chatRequests: () => started().chatRequests(),
    close: () => started().close(),
  };
}
