import { type Server } from "node:http";
import { createApiContext, foreignOrigin, PUBLIC_MAX_BODY_BYTES, serveTrpc } from "@kefu/api";
import { answerAdmission, publicRouter } from "@kefu/api/public";
import { ownerOfNewTenant, serveHandlerOverHttp, useTestDb } from "@kefu/api/testing";
import { RateLimitedError } from "@kefu/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChatCallError, createChatClient } from "./chat-client";

// The widget's own client speaks tRPC's wire format to the real public router, served as the chat
// app serves it (serveTrpc with admission): sessions, a streamed answer, typed errors, refusals.
const t = useTestDb();
const servers: Server[] = [];
let url = "";
let botId = "";

async function serve(throttle?: () => Promise<void>) {
  const served = await serveHandlerOverHttp((req) =>
    serveTrpc(req, publicRouter, (requestId) => createApiContext({ db: t.db, requestId, origin: foreignOrigin(req.headers) }), {
      admission: answerAdmission(t.db),
      maxBodyBytes: PUBLIC_MAX_BODY_BYTES,
      ...(throttle ? { throttle } : {}),
    }),
  );
  servers.push(served.server);
  return served.url;
}

beforeAll(async () => {
  const owner = await ownerOfNewTenant(t.db, "Wire shop");
  const bot = await owner.caller.bot.create({ name: "Wire bot", greeting: "Hi there", instructions: "", language: "en", brandColor: "#0f766e" });
  botId = bot.publicId;
  url = await serve();
});
afterAll(() => {
  for (const server of servers) server.close();
});

describe("the widget's client", () => {
  it("starts a session, streams an answer event by event, and resumes it with the same token", async () => {
    const client = createChatClient(url);
    const session = await client.call("start", { botId });
    expect(session.bot.name).toBe("Wire bot");
    expect(session.visitorToken).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const types: string[] = [];
    for await (const event of await client.call("send", { botId, visitorToken: session.visitorToken, text: "Hello?", clientMessageId: "wire-client-1" })) {
      types.push(event.type);
      if (event.type === "visitor_message") expect(event.message.content).toBe("Hello?");
    }
    expect(types[0]).toBe("visitor_message");
    expect(types.at(-1)).toMatch(/^(bot|system)_message$/);

    const again = await client.call("start", { botId, visitorToken: session.visitorToken });
    expect(again.visitorToken).toBe(session.visitorToken);
    expect(again.messages.map((m) => m.content)).toContain("Hello?");
  });

  it("reads a refused input and an unknown visitor as typed errors", async () => {
    const client = createChatClient(url);
    const { visitorToken } = await client.call("start", { botId });
    const empty = await client.call("send", { botId, visitorToken, text: " ", clientMessageId: "wire-client-2" }).catch((e: unknown) => e);
    expect(empty).toBeInstanceOf(ChatCallError);
    expect((empty as ChatCallError).code).toBe("BAD_REQUEST");
    const stranger = await client.call("typing", { botId, visitorToken: "x".repeat(43) }).catch((e: unknown) => e);
    expect(stranger).toBeInstanceOf(ChatCallError);
    expect((stranger as ChatCallError).message).not.toMatch(/at .*\.ts/);
  });

  it("reads the visitor's own pre-chat form from a prechat_required refusal", async () => {
    const owner = await ownerOfNewTenant(t.db, "Wire form shop");
    const bot = await owner.caller.bot.create({ name: "Form bot", greeting: "Hi", instructions: "", language: "en", brandColor: "#0f766e" });
    const client = createChatClient(url);
    const { visitorToken } = await client.call("start", { botId: bot.publicId });
    const form = { enabled: true, name: "required" as const, email: "off" as const, phone: "off" as const, customFields: [] };
    await owner.caller.prechatForm.update({ id: bot.id, form });
    const refused = (await client
      .call("send", { botId: bot.publicId, visitorToken, text: "Hello?", clientMessageId: "wire-client-3" })
      .catch((e: unknown) => e)) as ChatCallError;
    expect([refused.code, refused.reason]).toEqual(["FORBIDDEN", "prechat_required"]);
    expect(refused.prechat).toEqual({ fields: [{ key: "name", kind: "name", label: null, required: true, options: [] }] });
  });

  it("reads a rate-limit refusal (429) with its reason and the seconds to wait", async () => {
    const limited = await serve(async () => {
      throw new RateLimitedError("visitor_messages", "You're sending messages too fast.", 7);
    });
    const error = (await createChatClient(limited)
      .call("start", { botId })
      .catch((e: unknown) => e)) as ChatCallError;
    expect(error).toBeInstanceOf(ChatCallError);
    expect([error.code, error.reason, error.retryAfter, error.status]).toEqual(["TOO_MANY_REQUESTS", "visitor_messages", 7, 429]);
  });
});
