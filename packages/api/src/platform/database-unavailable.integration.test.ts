import { createServer, type Socket } from "node:net";
import { createDb } from "@kefu/db";
import { describe, expect, it } from "vitest";
import { publicRouter } from "../public.ts";
import { createApiContext } from "./context.ts";
import { createLogger } from "./logger.ts";
import { isDatabaseUnavailable } from "./prisma-errors.ts";
import { serveTrpc } from "./trpc-http.ts";

// The database away (stopped, restarting): queries fail within the connect timeout, and the API
// answers SERVICE_UNAVAILABLE (HTTP 503, retryable) with no stack and no address, logging a warning
// rather than an internal error. scripts/db-restart.process.test.ts kills the real server.

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A port that accepts connections and never answers (a database that hangs). */
async function silentPort(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve(undefined));
      }),
  };
}

describe("the database is away", () => {
  it("fails queries at once when nothing listens, and within the connect timeout when the server hangs", async () => {
    const refused = createDb(`postgresql://postgres:postgres@127.0.0.1:${await closedPort()}/postgres`);
    let started = Date.now();
    const error = await refused.tenant.count().catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(isDatabaseUnavailable(error)).toBe(true);
    await refused.$disconnect();

    const silent = await silentPort();
    const hanging = createDb(`postgresql://postgres:postgres@127.0.0.1:${silent.port}/postgres`, { connectTimeoutMs: 500 });
    started = Date.now();
    const timeout = await hanging.tenant.count().catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(isDatabaseUnavailable(timeout)).toBe(true);
    await hanging.$disconnect().catch(() => undefined);
    await silent.close();
  });

  it("answers a visitor's call with SERVICE_UNAVAILABLE (503), no stack, one warning in the log", async () => {
    const db = createDb(`postgresql://postgres:postgres@127.0.0.1:${await closedPort()}/postgres`);
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger({ level: "info", destination: { write: (line: string) => void lines.push(JSON.parse(line)) } });
    const input = encodeURIComponent(JSON.stringify({ json: { botId: `bot_${"a".repeat(20)}`, visitorToken: "v".repeat(43) } }));
    const response = await serveTrpc(new Request(`http://localhost/api/trpc/chat.history?input=${input}`), publicRouter, (requestId) =>
      createApiContext({ db, requestId, logger }),
    );
    expect(response.status).toBe(503);
    const body = await response.text();
    const parsed = JSON.parse(body) as { error: { json: { message: string; data: { code: string; reason: string } } } };
    expect(parsed.error.json.data).toMatchObject({ code: "SERVICE_UNAVAILABLE", reason: "unavailable" });
    expect(parsed.error.json.message).toBe("The service is briefly unavailable. Please try again in a moment.");
    expect(body).not.toMatch(/stack|127\.0\.0\.1|prisma/i);
    expect(lines.map((l) => l.msg)).toEqual(["trpc.database_unavailable"]);
    expect(lines[0]!.level).toBe("warn");
    await db.$disconnect();
  });
});
