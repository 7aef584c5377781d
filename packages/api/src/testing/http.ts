import { createServer, type IncomingMessage, type Server } from "node:http";
import { Readable } from "node:stream";
import { stampPeerAddress } from "../platform/client-ip.ts";

/**
 * Serves a fetch-style handler (an app's route handler, e.g. serveTrpc) over real HTTP on a
 * loopback port, as Next.js does: each request is stamped with its peer's address (what the apps'
 * instrumentation does) and turned into a web Request. Close it with `server.close()`.
 */
export async function serveHandlerOverHttp(handler: (req: Request) => Promise<Response>): Promise<{ url: string; server: Server }> {
  const server = createServer((incoming, outgoing) => {
    stampPeerAddress(incoming);
    handler(toRequest(incoming))
      .then(async (response) => {
        outgoing.writeHead(response.status, Object.fromEntries(response.headers));
        if (response.body) for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) outgoing.write(chunk);
        outgoing.end();
      })
      .catch((error: unknown) => {
        outgoing.writeHead(500).end(String(error));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server };
}

function toRequest(incoming: IncomingMessage): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  const hasBody = incoming.method !== "GET" && incoming.method !== "HEAD";
  return new Request(`http://${incoming.headers.host ?? "localhost"}${incoming.url ?? "/"}`, {
    method: incoming.method,
    headers,
    body: hasBody ? (Readable.toWeb(incoming) as ReadableStream<Uint8Array>) : undefined,
    // @ts-expect-error -- Node's fetch needs it for a streamed body; not in the DOM typings
    duplex: "half",
  });
}
