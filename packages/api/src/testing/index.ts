import { createServer } from "node:net";
import { createDb, type Db } from "@kefu/db";
import { startEmbeddedDatabase } from "@kefu/db/embedded";
import { createTestDb } from "@kefu/db/testing";
import { TRPCError } from "@trpc/server";
import superjson, { type SuperJSONResult } from "superjson";
import { afterAll, beforeAll, expect } from "vitest";
import { createAdminCaller } from "../admin.ts";
import { createApiContext } from "../platform/context.ts";
import { createPublicCaller } from "../public.ts";
import { signUp } from "../tenancy/index.ts";

/** Signs up a tenant and returns an admin caller acting as its owner. */
export async function ownerOfNewTenant(db: Db, companyName: string) {
  const account = await signUp(db, {
    companyName,
    email: `${companyName.toLowerCase().replace(/\W+/g, "-")}-${crypto.randomUUID().slice(0, 8)}@example.com`,
    password: "correct horse battery",
  });
  return { ...account, caller: createAdminCaller(createApiContext({ db, userId: account.userId })) };
}

/** An admin caller acting as an existing user (a benchmark reusing a seeded database). */
export function callerOfUser(db: Db, userId: string) {
  return createAdminCaller(createApiContext({ db, userId }));
}

/** A visitor's caller; `origin` is the Origin of a call from another website (ApiContext.origin). */
export function visitorCaller(db: Db, origin: string | null = null) {
  return createPublicCaller(createApiContext({ db, origin }));
}

/** Collects a streamed procedure result. */
export async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const events: T[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

/**
 * One fresh migrated database for the calling test file: `const t = useTestDb();`
 * then `t.db` inside tests and hooks.
 */
export function useTestDb(options: Parameters<typeof createTestDb>[0] = {}): { readonly db: Db } {
  let handle: Awaited<ReturnType<typeof createTestDb>> | undefined;
  beforeAll(async () => {
    handle = await createTestDb(options);
  });
  afterAll(() => handle?.close());
  return {
    get db() {
      if (!handle) throw new Error("useTestDb: the database is ready only inside tests and hooks");
      return handle.db;
    },
  };
}

/** For benchmarks: the per-process retrieval state of a bot's knowledge bases, and retrieval itself. */
export {
  knowledgeIndexes,
  lastKnowledgeSync,
  resetRetrievalCache,
  retrieveKnowledge,
  retrieverForKnowledgeBases,
} from "../knowledge/index.ts";
export { builtinVectors } from "../knowledge/index.ts";
export { recordedAuditActions } from "./audit-actions.ts";
export { serveHandlerOverHttp } from "./http.ts";
export { indexPendingVectors, markLargeKnowledgeBases } from "../knowledge/index.ts";
/** For the analytics benchmark: folding seeded conversations into the rollup, and the upkeep background work gives it. */
export { foldTenant } from "../analytics/index.ts";
export { vacuumChangedTables } from "../platform/table-stats.ts";

/** A tenant with one conversation to log events on. */
export async function conversationOfNewTenant(db: Db, name: string) {
  const owner = await ownerOfNewTenant(db, name);
  const bot = await owner.caller.bot.create({ name, greeting: "Hi", instructions: "", language: "en", brandColor: "#2563eb" });
  const visitor = await db.visitor.create({ data: { tenantId: owner.tenantId, botId: bot.id, tokenHash: crypto.randomUUID() } });
  const conversation = await db.conversation.create({ data: { tenantId: owner.tenantId, botId: bot.id, visitorId: visitor.id } });
  return { tenantId: owner.tenantId, conversationId: conversation.id };
}

export interface StreamedEvent {
  /** The SSE id (the event-log seq a reconnect resumes after). */
  id: string;
  /** The SSE data line as sent. */
  raw: string;
  type: string;
  payload: Record<string, unknown>;
}

/**
 * Reads a tRPC SSE subscription over real HTTP until `enough(events so far)` holds or the stream
 * ends, then closes it. Only tracked events (with an id) count; connection notices do not.
 */
export async function readTrackedEvents(url: string, enough: (events: StreamedEvent[]) => boolean): Promise<StreamedEvent[]> {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { accept: "text/event-stream" }, signal: controller.signal });
  const events: StreamedEvent[] = [];
  try {
    if (enough(events)) return events;
    for await (const block of sseBlocks(response.body!)) {
      const id = /^id: ?(.*)$/m.exec(block)?.[1];
      const data = /^data: ?(.*)$/m.exec(block)?.[1];
      if (!id || !data) continue;
      const event = superjson.deserialize<{ type: string; payload: Record<string, unknown> }>(JSON.parse(data) as SuperJSONResult);
      events.push({ id, raw: data, type: event.type, payload: event.payload });
      if (enough(events)) break;
    }
  } finally {
    controller.abort();
  }
  return events;
}

/** The blocks (separated by a blank line) of a server-sent event stream, as they arrive. */
export async function* sseBlocks(body: NonNullable<Response["body"]>): AsyncGenerator<string> {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      yield buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
    }
  }
}

/** Awaits a call expected to fail with a tRPC error code; returns the error. */
export async function expectCode(promise: Promise<unknown>, code: TRPCError["code"]): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  expect((error as TRPCError).code).toBe(code);
  return error as TRPCError;
}

/** Adds a member with a role to a tenant and returns an admin caller acting as them. */
export async function memberOfTenant(db: Db, tenantId: string, role: "ADMIN" | "AGENT" | "VIEWER", name = role.toLowerCase()) {
  const user = await db.user.create({
    data: { email: `${name}-${crypto.randomUUID().slice(0, 8)}@example.com`, name, passwordHash: "not-a-hash" },
  });
  const membership = await db.membership.create({ data: { tenantId, userId: user.id, role } });
  return { userId: user.id, membershipId: membership.id, caller: createAdminCaller(createApiContext({ db, userId: user.id })) };
}

/**
 * Runs `work` against a fresh embedded database reached the way the apps reach theirs (adapter-pg
 * over the wire protocol), which differs from the in-memory test database (transaction timeouts,
 * how catalog columns read); stops it afterwards.
 */
export async function withWireDatabase<T>(work: (db: Db) => Promise<T>): Promise<T> {
  const server = await startEmbeddedDatabase({ port: await freePort() });
  const db = createDb(server.url);
  try {
    return await work(db);
  } finally {
    await db.$disconnect();
    await server.stop();
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
