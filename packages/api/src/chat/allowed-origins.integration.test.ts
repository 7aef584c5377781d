import { TRPCError } from "@trpc/server";
import superjson from "superjson";
import { beforeAll, describe, expect, it } from "vitest";
import { createApiContext, foreignOrigin } from "../platform/context.ts";
import { rootLogger } from "../platform/logger.ts";
import { serveTrpc } from "../platform/trpc-http.ts";
import { publicRouter } from "../public.ts";
import { collect, memberOfTenant, ownerOfNewTenant, useTestDb, visitorCaller } from "../testing/index.ts";
import { widgetConfigResponse } from "./widget-http.ts";
import { widgetFrameAncestors } from "./visitor-session.ts";

const t = useTestDb();
const botInput = { name: "Shop bot", greeting: "Hi", instructions: "", language: "en" as const, brandColor: "#0f766e" };
const SHOP = "https://shop.example.com";
const EVIL = "http://evil.example";

let owner: Awaited<ReturnType<typeof ownerOfNewTenant>>;
let bot: Awaited<ReturnType<typeof owner.caller.bot.create>>;

beforeAll(async () => {
  owner = await ownerOfNewTenant(t.db, "Origins");
  bot = await owner.caller.bot.create(botInput);
  await owner.caller.knowledge.addFaq({ botId: bot.id, question: "Do you ship abroad?", alternatives: [], answer: "Yes, to 40 countries." });
  await owner.caller.bot.updateAllowedOrigins({ id: bot.id, allowedOrigins: [SHOP, "https://*.brand.example"] });
});

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

describe("a bot's allowed websites: the setting", () => {
  it("is stored in canonical form, and entries that are not origins are refused by name", async () => {
    const saved = await owner.caller.bot.updateAllowedOrigins({ id: bot.id, allowedOrigins: ["HTTPS://Shop.Example.com:443/", "https://*.brand.example", SHOP] });
    expect(saved.allowedOrigins).toEqual([SHOP, "https://*.brand.example"]);
    expect((await owner.caller.bot.get({ id: bot.id })).allowedOrigins).toEqual([SHOP, "https://*.brand.example"]);
    const bad = await refusal(owner.caller.bot.updateAllowedOrigins({ id: bot.id, allowedOrigins: [SHOP, "shop.example.com/path"] }));
    expect(bad.code).toBe("BAD_REQUEST");
    expect(bad.message).toContain("shop.example.com/path");
    expect((await owner.caller.bot.get({ id: bot.id })).allowedOrigins).toEqual([SHOP, "https://*.brand.example"]);
  });

  it("is the tenant's own: another tenant can neither change nor see it, an agent cannot change it", async () => {
    const other = await ownerOfNewTenant(t.db, "Other");
    const refused = await refusal(other.caller.bot.updateAllowedOrigins({ id: bot.id, allowedOrigins: [EVIL] }));
    expect(refused.code).toBe("NOT_FOUND");
    expect((await refusal(other.caller.bot.get({ id: bot.id }))).code).toBe("NOT_FOUND");
    // Another tenant's bot with the same list changes nothing for this one.
    const otherBot = await other.caller.bot.create(botInput);
    await other.caller.bot.updateAllowedOrigins({ id: otherBot.id, allowedOrigins: [EVIL] });
    expect((await owner.caller.bot.get({ id: bot.id })).allowedOrigins).toEqual([SHOP, "https://*.brand.example"]);
    expect((await refusal(visitorCaller(t.db, EVIL).chat.start({ botId: bot.publicId }))).code).toBe("FORBIDDEN");
    await expect(visitorCaller(t.db, EVIL).chat.start({ botId: otherBot.publicId })).resolves.toMatchObject({ bot: { name: "Shop bot" } });

    const agent = await memberOfTenant(t.db, owner.tenantId, "AGENT");
    expect((await refusal(agent.caller.bot.updateAllowedOrigins({ id: bot.id, allowedOrigins: [] }))).code).toBe("FORBIDDEN");
  });
});

describe("a bot's allowed websites: the public procedures", () => {
  it("refuse a call from a website not on the list with a typed FORBIDDEN", async () => {
    const evil = visitorCaller(t.db, EVIL);
    const refused = await refusal(evil.chat.start({ botId: bot.publicId }));
    expect(refused.code).toBe("FORBIDDEN");
    expect(refused.message).toContain("not among the bot's allowed websites");
    expect((refused.cause as { reason?: string }).reason).toBe("origin_not_allowed");
    expect((await refusal(evil.widget.config({ botId: bot.publicId }))).code).toBe("FORBIDDEN");
    expect((await refusal(visitorCaller(t.db, "null").chat.start({ botId: bot.publicId }))).code).toBe("FORBIDDEN");
    expect((await refusal(visitorCaller(t.db, "https://shop.example.com.evil.io").chat.start({ botId: bot.publicId }))).code).toBe("FORBIDDEN");
    expect((await refusal(visitorCaller(t.db, "https://brand.example").chat.start({ botId: bot.publicId }))).code).toBe("FORBIDDEN");
  });

  it("refuse every visitor procedure of a session when called from another website", async () => {
    const session = await visitorCaller(t.db).chat.start({ botId: bot.publicId });
    const evil = visitorCaller(t.db, EVIL);
    const scope = { botId: bot.publicId, visitorToken: session.visitorToken };
    const calls: Promise<unknown>[] = [
      evil.chat.history(scope),
      evil.chat.send({ ...scope, text: "Do you ship abroad?", clientMessageId: "evil-0001" }),
      evil.chat.typing(scope),
      evil.chat.requestHuman(scope),
      evil.chat.rate({ ...scope, rating: 5 }),
      evil.chat.leaveContact({ ...scope, email: "a@example.com", message: "hi" }),
      evil.chat.events({ ...scope }),
    ];
    for (const call of calls) expect((await refusal(call)).code).toBe("FORBIDDEN");
    // Nothing was stored by the refused send.
    expect(await visitorCaller(t.db).chat.history(scope)).toEqual([]);
  });

  it("serve allowed websites, their subdomains, and calls without a foreign Origin (the chat app's own pages)", async () => {
    for (const origin of [null, SHOP, "https://SHOP.example.com:443", "https://www.brand.example", "https://a.b.brand.example"]) {
      const visitor = visitorCaller(t.db, origin);
      const session = await visitor.chat.start({ botId: bot.publicId });
      const events = await collect(
        await visitor.chat.send({ botId: bot.publicId, visitorToken: session.visitorToken, text: "Do you ship abroad?", clientMessageId: `ok-${crypto.randomUUID().slice(0, 8)}` }),
      );
      expect(events.at(-1)).toMatchObject({ type: "bot_message" });
      await expect(visitor.widget.config({ botId: bot.publicId })).resolves.toMatchObject({ name: "Shop bot" });
    }
  });

  it("check the host page the widget names (hostOrigin) against the list too", async () => {
    const frame = visitorCaller(t.db); // the widget iframe calls from the chat app's own origin
    await expect(frame.chat.start({ botId: bot.publicId, hostOrigin: SHOP })).resolves.toMatchObject({ bot: { name: "Shop bot" } });
    const refused = await refusal(frame.chat.start({ botId: bot.publicId, hostOrigin: EVIL }));
    expect(refused.code).toBe("FORBIDDEN");
    expect((await refusal(frame.chat.start({ botId: bot.publicId, hostOrigin: "javascript:alert(1)" }))).code).toBe("BAD_REQUEST");
  });

  it("allow any website when the list is empty, and see a change at once", async () => {
    const other = await owner.caller.bot.create(botInput);
    await expect(visitorCaller(t.db, EVIL).chat.start({ botId: other.publicId })).resolves.toBeTruthy();
    await expect(visitorCaller(t.db, "null").chat.start({ botId: other.publicId, hostOrigin: EVIL })).resolves.toBeTruthy();
    await owner.caller.bot.updateAllowedOrigins({ id: other.id, allowedOrigins: [SHOP] });
    expect((await refusal(visitorCaller(t.db, EVIL).chat.start({ botId: other.publicId }))).code).toBe("FORBIDDEN");
    await owner.caller.bot.updateAllowedOrigins({ id: other.id, allowedOrigins: [] });
    await expect(visitorCaller(t.db, EVIL).chat.start({ botId: other.publicId })).resolves.toBeTruthy();
  });
});

describe("over HTTP", () => {
  const log = rootLogger();
  const config = (origin: string | null, headers: Record<string, string> = {}, publicId = bot.publicId) => {
    const h = new Headers({ host: "chat.kefu.test", ...headers, ...(origin !== null ? { origin } : {}) });
    return widgetConfigResponse(t.db, { publicId, origin, foreign: foreignOrigin(h), log });
  };

  it("the loader's configuration answers CORS only to allowed websites", async () => {
    const allowed = await config(SHOP);
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get("access-control-allow-origin")).toBe(SHOP);
    expect(allowed.headers.get("vary")).toBe("Origin");
    expect(await allowed.json()).toMatchObject({ name: "Shop bot" });

    const sub = await config("https://help.brand.example");
    expect(sub.headers.get("access-control-allow-origin")).toBe("https://help.brand.example");

    for (const origin of [EVIL, "null", "https://shop.example.com.evil.io"]) {
      const refused = await config(origin);
      expect(refused.status).toBe(403);
      expect(refused.headers.get("access-control-allow-origin")).toBeNull();
      expect(refused.headers.get("vary")).toBe("Origin");
      expect(refused.headers.get("cache-control")).toBe("no-store");
      expect(await refused.json()).toMatchObject({ error: "origin_not_allowed" });
    }

    // Same origin (no Origin header, or the chat app's own): served, no CORS needed.
    expect((await config(null)).status).toBe(200);
    expect((await config("http://chat.kefu.test")).status).toBe(200);
    // An unknown bot: 404 to any page, so the loader can say the snippet is wrong.
    const unknown = await config(EVIL, {}, "bot_wrongwrongwrongwrong");
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("access-control-allow-origin")).toBe("*");
    expect((await config(EVIL, {}, "not-a-bot-id")).status).toBe(404);
  });

  it("a bot that allows any website answers every origin", async () => {
    const any = await owner.caller.bot.create(botInput);
    const response = await config(EVIL, {}, any.publicId);
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe(EVIL);
  });

  it("the widget page's frame-ancestors come from the list, * when it is empty or the bot unknown", async () => {
    expect(await widgetFrameAncestors(t.db, bot.publicId)).toBe(`${SHOP} https://*.brand.example`);
    const any = await owner.caller.bot.create(botInput);
    expect(await widgetFrameAncestors(t.db, any.publicId)).toBe("*");
    expect(await widgetFrameAncestors(t.db, "bot_wrongwrongwrongwrong")).toBe("*");
    expect(await widgetFrameAncestors(t.db, "<script>")).toBe("*");
  });

  it("tRPC calls check Origin unless it is the chat app's own (Host or X-Forwarded-Host)", async () => {
    const start = (headers: Record<string, string>) =>
      serveTrpc(
        new Request("http://127.0.0.1:3001/api/trpc/chat.start", {
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body: JSON.stringify(superjson.serialize({ botId: bot.publicId })),
        }),
        publicRouter,
        (requestId) => createApiContext({ db: t.db, requestId, origin: foreignOrigin(new Headers(headers)) }),
      );
    const evil = await start({ host: "chat.kefu.test", origin: EVIL });
    expect(evil.status).toBe(403);
    const body = (await evil.json()) as { error: { json: { message: string; data: { code: string; reason: string } } } };
    expect(body.error.json.data).toMatchObject({ code: "FORBIDDEN", reason: "origin_not_allowed" });
    expect(body.error.json.message).toContain("not among the bot's allowed websites");
    expect((await start({ host: "chat.kefu.test", origin: "http://chat.kefu.test" })).status).toBe(200);
    expect((await start({ host: "127.0.0.1:3001", "x-forwarded-host": "chat.kefu.test", origin: "https://chat.kefu.test" })).status).toBe(200);
    expect((await start({ host: "chat.kefu.test:443", origin: "https://chat.kefu.test" })).status).toBe(200);
    expect((await start({ host: "chat.kefu.test" })).status).toBe(200);
    expect((await start({ host: "chat.kefu.test", origin: SHOP })).status).toBe(200);
    expect((await start({ host: "chat.kefu.test", origin: "null" })).status).toBe(403);
    // A look-alike of the chat app's own host is another site.
    expect((await start({ host: "chat.kefu.test", origin: "http://chat.kefu.test.evil.io" })).status).toBe(403);
  });
});
