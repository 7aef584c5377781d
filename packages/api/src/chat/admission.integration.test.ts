import { type Db } from "@kefu/db";
import { createTRPCClient, httpBatchStreamLink, TRPCClientError } from "@trpc/client";
import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { createApiContext } from "../platform/context.ts";
import { AdmissionGate, type Admission } from "../platform/admission.ts";
import { serveTrpc } from "../platform/trpc-http.ts";
import { publicRouter, type PublicRouter } from "../public.ts";
import { ownerOfNewTenant, useTestDb } from "../testing/index.ts";
import { ANSWERING_PATH, answeringTenantOf } from "./admission.ts";

// Admission of answers over HTTP, as the widget meets it: the streamed chat.send through the
// chat app's handler (serveTrpc) with a gate, called by tRPC's own streaming link.
const t = useTestDb();
const REFUND = "Yes, returns are free within 30 days of delivery.";
let seq = 0;
const clientId = () => `admission-${++seq}-${crypto.randomUUID().slice(0, 8)}`;

function widgetClient(db: Db, admission: Admission) {
  return createTRPCClient<PublicRouter>({
    links: [
      httpBatchStreamLink({
        url: "http://chat.test/api/trpc",
        transformer: superjson,
        fetch: (url, init) => serveTrpc(new Request(url, init as RequestInit), publicRouter, (requestId) => createApiContext({ db, requestId }), { admission }),
      }),
    ],
  });
}

async function shop(name: string, admission: Admission) {
  const owner = await ownerOfNewTenant(t.db, name);
  const bot = await owner.caller.bot.create({ name, greeting: "Hi", instructions: "", language: "en", brandColor: "#0f766e" });
  await owner.caller.knowledge.addFaq({ botId: bot.id, question: "Can I return an item?", alternatives: ["refund policy"], answer: REFUND });
  /** A visitor with a widget of their own (its own link: calls of different visitors are never batched together). */
  const visitor = async () => {
    const client = widgetClient(t.db, admission);
    const { visitorToken } = await client.chat.start.mutate({ botId: bot.publicId });
    /** One message sent as the widget sends it; resolves with the answer's text once it has streamed. */
    return async (text = "What is your refund policy?") => {
      const stream = await client.chat.send.mutate({ botId: bot.publicId, visitorToken, text, clientMessageId: clientId() });
      let answer: string | null = null;
      for await (const event of stream) if (event.type === "bot_message") answer = event.message.content;
      return answer;
    };
  };
  return { owner, bot, visitor, send: await visitor() };
}

const admissionOf = (gate: AdmissionGate): Admission => ({ gate, path: ANSWERING_PATH, keyOf: (req) => answeringTenantOf(t.db, req) });

describe("admission of answers", () => {
  it("refuses past the queue with HTTP 503, Retry-After and a typed error, storing nothing; the place is given back after each answer", async () => {
    const gate = new AdmissionGate({ maxInFlight: 1, maxQueued: 0, maxWaitMs: 5_000 });
    const { owner, send } = await shop("AdmissionRefuse", admissionOf(gate));
    expect(await send()).toBe(REFUND);
    expect(gate.stats()).toMatchObject({ inFlight: 0, admitted: 1 });

    const holder = await gate.admit(owner.tenantId); // another answer of this tenant runs
    const error = await send().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCClientError);
    const clientError = error as TRPCClientError<PublicRouter>;
    expect(clientError.data).toMatchObject({ code: "SERVICE_UNAVAILABLE", httpStatus: 503, reason: "overloaded" });
    expect(clientError.message).toMatch(/in a moment/);
    expect(JSON.stringify(clientError.data)).not.toMatch(/stack|at \//);
    const response = (clientError.meta as { response?: Response } | undefined)?.response;
    expect(response?.status).toBe(503);
    expect(Number(response?.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    // Refused before anything was stored: the widget sends it again, nothing is there twice.
    expect(await t.db.message.count({ where: { tenantId: owner.tenantId, role: "VISITOR" } })).toBe(1);

    holder();
    expect(await send()).toBe(REFUND);
    expect(gate.stats()).toMatchObject({ inFlight: 0, refused: 1 });
  });

  it("lets a quiet tenant's visitor in ahead of another tenant's rush", async () => {
    const gate = new AdmissionGate({ maxInFlight: 1, maxQueued: 100, maxWaitMs: 60_000 });
    const admission = admissionOf(gate);
    const rush = await shop("AdmissionRush", admission);
    const quiet = await shop("AdmissionQuiet", admission);
    const holder = await gate.admit(rush.owner.tenantId);
    const finished: string[] = [];
    const rushVisitors = await Promise.all(Array.from({ length: 8 }, () => rush.visitor()));
    const rushSends = rushVisitors.map((send) => send().then(() => finished.push("rush")));
    // Wait until the rush is queued, then the quiet tenant's visitor asks.
    while (gate.stats().queued < 8) await new Promise((resolve) => setTimeout(resolve, 5));
    const quietSend = quiet.send().then(() => finished.push("quiet"));
    while (gate.stats().queued < 9) await new Promise((resolve) => setTimeout(resolve, 5));
    holder();
    await Promise.all([...rushSends, quietSend]);
    // The quiet tenant ran nothing, so it had the first free place.
    expect(finished[0]).toBe("quiet");
    expect(finished.filter((f) => f === "rush")).toHaveLength(8);
    expect(gate.stats()).toMatchObject({ inFlight: 0, queued: 0, refused: 0 });
  });

  it("admits only answers, under their bot's tenant", async () => {
    const gate = new AdmissionGate({ maxInFlight: 1, maxQueued: 0, maxWaitMs: 1_000 });
    const { owner, bot } = await shop("AdmissionKeys", admissionOf(gate));
    const post = (path: string, body: unknown) => new Request(`http://chat.test/api/trpc/${path}?batch=1`, { method: "POST", body: JSON.stringify(body) });
    expect(await answeringTenantOf(t.db, post("chat.start", { 0: { json: { botId: bot.publicId } } }))).toBeNull();
    expect(await answeringTenantOf(t.db, post("chat.typing,chat.send", { 1: { json: { botId: bot.publicId } } }))).toBe(owner.tenantId);
    // A "did you mean" choice is answered too: it waits like a message.
    expect(await answeringTenantOf(t.db, post("chat.chooseSuggestion", { 0: { json: { botId: bot.publicId } } }))).toBe(owner.tenantId);
    expect(await answeringTenantOf(t.db, post("chat.send", { 0: { json: { botId: "b_unknown_bot_id" } } }))).toBe("bot:b_unknown_bot_id");
    expect(await answeringTenantOf(t.db, post("chat.send", "not json"))).toBe("unknown");
  });
});
