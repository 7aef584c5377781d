import { type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiContext, foreignOrigin } from "../platform/context.ts";
import { readApiEnv } from "../platform/env.ts";
import { RateLimits } from "../platform/rate-limits.ts";
import { PUBLIC_MAX_BODY_BYTES, serveTrpc } from "../platform/trpc-http.ts";
import { publicRouter } from "../public.ts";
import { ownerOfNewTenant, serveHandlerOverHttp, useTestDb } from "../testing/index.ts";
import { chatThrottle } from "./throttle.ts";

// The chat app's rate limits over real HTTP, as its route handler serves them (serveTrpc with
// chatThrottle). Clients are told apart by X-Forwarded-For (one trusted proxy), so each test has
// addresses of its own.

const t = useTestDb();
let servers: Server[] = [];

async function chatServer(limits: Record<string, string>) {
  const env = readApiEnv({ KEFU_TRUST_PROXY: "1", ...limits });
  const throttle = chatThrottle(t.db, new RateLimits(t.db, env));
  const { url, server } = await serveHandlerOverHttp((req) =>
    serveTrpc(req, publicRouter, (requestId) => createApiContext({ db: t.db, requestId, origin: foreignOrigin(req.headers) }), {
      maxBodyBytes: PUBLIC_MAX_BODY_BYTES,
      throttle,
    }),
  );
  servers.push(server);
  const call = (path: string, input: unknown, ip: string) =>
    fetch(`${url}/api/trpc/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": `203.0.113.250, ${ip}` },
      body: JSON.stringify({ json: input }),
    });
  return { call, url };
}

interface Refusal {
  error: { json: { message: string; data: { code: string; httpStatus: number; reason: string; retryAfter: number } } };
}

async function newBot(name: string) {
  const owner = await ownerOfNewTenant(t.db, name);
  const bot = await owner.caller.bot.create({ name, greeting: "Hi", instructions: "", language: "en", brandColor: "#0f766e" });
  return { ...owner, bot };
}

async function session(call: (path: string, input: unknown, ip: string) => Promise<Response>, botId: string, ip: string) {
  const response = await call("chat.start", { botId }, ip);
  expect(response.status).toBe(200);
  return ((await response.json()) as { result: { data: { json: { visitorToken: string } } } }).result.data.json.visitorToken;
}

let n = 0;
/** chat.send as the widget sends it: a batched, streamed mutation, read to its end. */
async function send(server: { url: string }, botId: string, visitorToken: string, ip: string) {
  n += 1;
  const response = await fetch(`${server.url}/api/trpc/chat.send?batch=1`, {
    method: "POST",
    headers: { "content-type": "application/json", "trpc-accept": "application/jsonl", "x-forwarded-for": ip },
    body: JSON.stringify({ 0: { json: { botId, visitorToken, text: `Question ${n}`, clientMessageId: `msg-${String(n).padStart(8, "0")}` } } }),
  });
  if (response.status !== 200) return response;
  await response.text();
  return new Response(null, { status: 200 });
}

async function expectRefused(response: Response, reason: string) {
  expect(response.status).toBe(429);
  const retryAfter = Number(response.headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  const body = (await response.json()) as Refusal;
  expect(body.error.json.data).toMatchObject({ code: "TOO_MANY_REQUESTS", httpStatus: 429, reason, retryAfter });
  return body.error.json;
}

beforeAll(() => {
  servers = [];
});
afterAll(() => {
  for (const server of servers) server.close();
});

describe("chat rate limits over HTTP", () => {
  it("limits new sessions per client IP (chat.start), other addresses unaffected", async () => {
    const { bot } = await newBot("Starts");
    const server = await chatServer({ KEFU_RATE_CHAT_START_IP: "5/60" });
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await server.call("chat.start", { botId: bot.publicId }, "198.51.100.1")).status);
    // The measured figure: of 30 new sessions from one address, 5 are accepted.
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses.slice(5).every((s) => s === 429)).toBe(true);
    await expectRefused(await server.call("chat.start", { botId: bot.publicId }, "198.51.100.1"), "chat_starts");
    const visitorsBefore = await t.db.visitor.count({ where: { botId: bot.id } });
    expect(visitorsBefore).toBe(5);
    expect((await server.call("chat.start", { botId: bot.publicId }, "198.51.100.2")).status).toBe(200);
  });

  it("limits one visitor's messages, stores nothing for a refused one, and keeps the others going", async () => {
    const { bot } = await newBot("Burst");
    const server = await chatServer({ KEFU_RATE_VISITOR_BURST: "3/60", KEFU_RATE_VISITOR_SUSTAINED: "100/3600" });
    const flooder = await session(server.call, bot.publicId, "198.51.100.10");
    const other = await session(server.call, bot.publicId, "198.51.100.10");
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await send(server, bot.publicId, flooder, "198.51.100.10")).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429, 429, 429, 429, 429]);
    const refused = await expectRefused(await send(server, bot.publicId, flooder, "198.51.100.10"), "visitor_messages");
    expect(refused.message).toMatch(/too fast/);
    expect(await t.db.message.count({ where: { conversation: { botId: bot.id }, role: "VISITOR" } })).toBe(3);
    expect((await send(server, bot.publicId, other, "198.51.100.10")).status).toBe(200);
  });

  it("counts a 'did you mean' choice as one of the visitor's messages", async () => {
    const { bot } = await newBot("Choices");
    const server = await chatServer({ KEFU_RATE_VISITOR_BURST: "2/60", KEFU_RATE_VISITOR_SUSTAINED: "100/3600" });
    const visitor = await session(server.call, bot.publicId, "198.51.100.15");
    expect((await send(server, bot.publicId, visitor, "198.51.100.15")).status).toBe(200);
    const choose = () =>
      fetch(`${server.url}/api/trpc/chat.chooseSuggestion?batch=1`, {
        method: "POST",
        headers: { "content-type": "application/json", "trpc-accept": "application/jsonl", "x-forwarded-for": "198.51.100.15" },
        body: JSON.stringify({ 0: { json: { botId: bot.publicId, visitorToken: visitor, messageId: "no-such-offer", sourceId: "no-such-entry", clientMessageId: "choice-0001" } } }),
      });
    // The second message of the burst: let through to the procedure (which finds no such offer).
    expect((await choose()).status).not.toBe(429);
    await expectRefused(await choose(), "visitor_messages");
  });

  it("limits a visitor's other requests (chat.agents, chat.submitPrechat) on a counter that leaves their messages alone", async () => {
    const { bot } = await newBot("Requests");
    const server = await chatServer({ KEFU_RATE_VISITOR_REQUESTS: "3/60" });
    const visitor = await session(server.call, bot.publicId, "198.51.100.40");
    const ask = { botId: bot.publicId, visitorToken: visitor };
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await server.call("chat.agents", ask, "198.51.100.40")).status);
    expect(statuses).toEqual([200, 200, 200]);
    await expectRefused(await server.call("chat.agents", ask, "198.51.100.40"), "visitor_requests");
    await expectRefused(await server.call("chat.submitPrechat", { ...ask, answers: { name: "Li Na" } }, "198.51.100.40"), "visitor_requests");
    // Their messages and another visitor's requests are counted apart.
    expect((await send(server, bot.publicId, visitor, "198.51.100.40")).status).toBe(200);
    const other = await session(server.call, bot.publicId, "198.51.100.40");
    expect((await server.call("chat.agents", { botId: bot.publicId, visitorToken: other }, "198.51.100.40")).status).toBe(200);
  });

  it("limits messages per tenant: one tenant using up its allowance does not touch another's", async () => {
    const a = await newBot("Tenant A");
    const b = await newBot("Tenant B");
    const server = await chatServer({ KEFU_RATE_TENANT_MESSAGES: "4/60" });
    const visitorsOfA = [await session(server.call, a.bot.publicId, "198.51.100.20"), await session(server.call, a.bot.publicId, "198.51.100.21")];
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await send(server, a.bot.publicId, visitorsOfA[i % 2]!, "198.51.100.20")).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    await expectRefused(await send(server, a.bot.publicId, visitorsOfA[0]!, "198.51.100.20"), "tenant_busy");
    const ofB = await session(server.call, b.bot.publicId, "198.51.100.22");
    expect((await send(server, b.bot.publicId, ofB, "198.51.100.22")).status).toBe(200);
  });

  it("limits messages per bot: another bot of the same tenant goes on", async () => {
    const a = await newBot("Two bots");
    const second = await a.caller.bot.create({ name: "Second", greeting: "Hi", instructions: "", language: "en", brandColor: "#0f766e" });
    const server = await chatServer({ KEFU_RATE_BOT_MESSAGES: "2/60" });
    const visitor = await session(server.call, a.bot.publicId, "198.51.100.30");
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await send(server, a.bot.publicId, visitor, "198.51.100.30")).status);
    expect(statuses).toEqual([200, 200, 429]);
    const onSecond = await session(server.call, second.publicId, "198.51.100.30");
    expect((await send(server, second.publicId, onSecond, "198.51.100.30")).status).toBe(200);
  });

  it("trusts X-Forwarded-For only as configured: without a proxy, the TCP peer counts whatever the header says", async () => {
    const { bot } = await newBot("Spoof");
    const env = readApiEnv({ KEFU_RATE_CHAT_START_IP: "3/60" });
    const throttle = chatThrottle(t.db, new RateLimits(t.db, env));
    const { url, server } = await serveHandlerOverHttp((req) => serveTrpc(req, publicRouter, (requestId) => createApiContext({ db: t.db, requestId }), { throttle }));
    servers.push(server);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const response = await fetch(`${url}/api/trpc/chat.start`, {
        method: "POST",
        // A forged address and a forged peer header each time: neither is believed.
        headers: { "content-type": "application/json", "x-forwarded-for": `192.0.2.${i}`, "x-kefu-peer-address": `192.0.2.${i}` },
        body: JSON.stringify({ json: { botId: bot.publicId } }),
      });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429]);
  });
});
