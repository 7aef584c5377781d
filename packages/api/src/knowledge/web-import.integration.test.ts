import { createServer, type Server } from "node:http";
import { type AddressInfo } from "node:net";
import { type TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { drainIngestion } from "./ingestion-worker.ts";
import { importWebPage } from "./sources.ts";
import { DEFAULT_WEB_FETCH_POLICY, fetchWebPage, type WebFetchPolicy } from "./web-page.ts";
import { collect, ownerOfNewTenant, useTestDb, visitorCaller } from "../testing/index.ts";

const t = useTestDb();
let server: Server;
let port = 0;

const PAGE = `<!doctype html><html><head><title>ACME help: delivery</title></head><body>
<nav>Home · Shop</nav><main><h1>Delivery</h1><p>Parcels to Europe arrive within four working days.</p>
<h2>Tracking</h2><p>The tracking link is in the confirmation email.</p></main></body></html>`;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === "/faq") return res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(PAGE);
    if (req.url === "/to-private") return res.writeHead(302, { location: `http://private.acme.test:${port}/faq` }).end();
    if (req.url === "/big") return res.writeHead(200, { "content-type": "text/html" }).end("x".repeat(300_000));
    if (req.url === "/image") return res.writeHead(200, { "content-type": "image/png" }).end("PNG");
    if (req.url === "/slow") return; // never answers
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

/** Test DNS: public.acme.test → 127.0.0.1 (treated as public here), private.acme.test → 127.0.0.2. */
const testPolicy = (overrides: Partial<WebFetchPolicy> = {}): WebFetchPolicy => ({
  ...DEFAULT_WEB_FETCH_POLICY,
  ports: [String(port)],
  resolve: async (host) => [{ address: host === "private.acme.test" ? "127.0.0.2" : "127.0.0.1", family: 4 }],
  isAllowedAddress: (address) => address === "127.0.0.1",
  ...overrides,
});

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(() => null, (e: unknown) => e as Error);
  expect(error).not.toBeNull();
  return error!;
}

describe("importing a web page", () => {
  it("refuses loopback, private, link-local and local names through the API, saving nothing", async () => {
    const { caller } = await ownerOfNewTenant(t.db, "SSRF");
    const bot = await caller.bot.create({ name: "B", greeting: "Hi", instructions: "", language: "en", brandColor: "#000000" });
    for (const url of [
      `http://127.0.0.1:${port}/faq`,
      "http://localhost/faq",
      "http://169.254.169.254/latest/meta-data/",
      "http://10.0.0.8/",
      "http://[::1]/",
      "http://[::ffff:127.0.0.1]/",
      "file:///etc/passwd",
    ]) {
      const error = (await refusal(caller.knowledge.importUrl({ botId: bot.id, url }))) as TRPCError;
      expect(error.code, url).toBe("BAD_REQUEST");
    }
    expect(await caller.knowledge.list({ id: bot.id })).toEqual([]);
  });

  it("refuses a host name that resolves to a private address, and a redirect to one", async () => {
    const hostnameToLoopback = testPolicy({ isAllowedAddress: DEFAULT_WEB_FETCH_POLICY.isAllowedAddress });
    expect((await refusal(fetchWebPage(`http://public.acme.test:${port}/faq`, hostnameToLoopback))).message).toMatch(/Private and local/);
    expect((await refusal(fetchWebPage(`http://public.acme.test:${port}/to-private`, testPolicy()))).message).toMatch(/Private and local/);
  });

  it("bounds size, type and time", async () => {
    const small = testPolicy({ maxBytes: 100_000 });
    expect((await refusal(fetchWebPage(`http://public.acme.test:${port}/big`, small))).message).toMatch(/larger than/);
    expect((await refusal(fetchWebPage(`http://public.acme.test:${port}/image`, testPolicy()))).message).toMatch(/Only web pages/);
    expect((await refusal(fetchWebPage(`http://public.acme.test:${port}/slow`, testPolicy({ timeoutMs: 300 })))).message).toMatch(/did not answer/);
  });

  it("imports an allowed page as a document the bot answers from, with its title as citation", async () => {
    const owner = await ownerOfNewTenant(t.db, "Importer");
    const bot = await owner.caller.bot.create({ name: "B", greeting: "Hi", instructions: "", language: "en", brandColor: "#000000" });
    const source = await importWebPage(t.db, { tenantId: owner.tenantId, botId: bot.id, url: `http://public.acme.test:${port}/faq`, policy: testPolicy() });
    expect(source).toMatchObject({ kind: "URL", title: "ACME help: delivery", status: "QUEUED", url: `http://public.acme.test:${port}/faq` });
    await drainIngestion(t.db); // indexed by the background job
    expect(await t.db.knowledgeChunk.count({ where: { tenantId: owner.tenantId, sourceId: source.id } })).toBeGreaterThanOrEqual(1);

    const visitor = visitorCaller(t.db);
    const { visitorToken } = await visitor.chat.start({ botId: bot.publicId });
    const events = await collect(
      await visitor.chat.send({ botId: bot.publicId, visitorToken, text: "when do parcels to Europe arrive?", clientMessageId: "web-import-1" }),
    );
    const final = events.at(-1)!;
    expect(final.type === "bot_message" && final.message.content).toContain("four working days");
    expect(final.type === "bot_message" && final.message.citations[0]?.title).toBe("ACME help: delivery");
  });
});
