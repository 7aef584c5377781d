import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { IMAGE_ONLY_REPLY } from "@kefu/domain";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { answerUnansweredMessages, sendVisitorMessage } from "../chat/index.ts";
import { deleteBot } from "../bots/index.ts";
import { findBotForVisitor, findVisitorSession } from "../conversations/index.ts";
import { createApiContext } from "../platform/context.ts";
import { deleteVisitorData, purgeTenantData } from "../privacy/index.ts";
import { expectCode, memberOfTenant, ownerOfNewTenant, useTestDb, visitorCaller } from "../testing/index.ts";
import { replyWithImage } from "./agent.ts";
import { storeImage } from "./attachments.ts";
import { staffAttachmentResponse, visitorAttachmentResponse, visitorImageLinksResponse, visitorUploadResponse } from "./http.ts";
import { folderStorage, type AttachmentStorage } from "../platform/attachment-store.ts";

// Images in chats through the real routes' handlers, a real folder store and the real database:
// who may send and read them, what is refused, and that deleting a visitor removes the bytes.
const t = useTestDb();
const PNG = new Uint8Array(Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64"));
const SVG_AS_PNG = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.cookie)"><script>alert(1)</script></svg>');
const PDF = new TextEncoder().encode("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n");
const SHOP = "https://shop.example.com";

let dir: string;
let storage: AttachmentStorage;
const log = createApiContext({ db: null as never }).log;
let n = 0;

beforeAll(async () => {
  // Image links are signed with the app's key; image reads are limited per visitor (small here, to reach it).
  vi.stubEnv("KEFU_SECRET_KEY", Buffer.alloc(32, 9).toString("base64"));
  vi.stubEnv("KEFU_RATE_VISITOR_IMAGE_READS", "40/300");
  dir = await mkdtemp(path.join(tmpdir(), "kefu-attachments-"));
  storage = folderStorage(dir);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

async function tenantWithBot(name: string) {
  const owner = await ownerOfNewTenant(t.db, name);
  const bot = await owner.caller.bot.create({ name: `${name} bot`, greeting: "Hi", instructions: "", language: "en", brandColor: "#0f766e" });
  await owner.caller.bot.updateAllowedOrigins({ id: bot.id, allowedOrigins: [SHOP] });
  return { owner, bot };
}

async function visitorOf(publicId: string) {
  const { visitorToken } = await visitorCaller(t.db).chat.start({ botId: publicId });
  return visitorToken;
}

type UploadOptions = { origin?: string; maxBytes?: number; chunked?: boolean; type?: string; send?: typeof sendVisitorMessage };
function upload(publicId: string, token: string | null, body: Uint8Array, options: UploadOptions = {}) {
  const headers: Record<string, string> = { "content-type": options.type ?? "image/png" };
  if (token) headers["x-kefu-visitor-token"] = token;
  if (options.origin) headers.origin = options.origin;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let at = 0; at < body.length; at += 1024) controller.enqueue(body.slice(at, at + 1024));
      controller.close();
    },
  });
  const req = new Request(`http://chat.test/api/attachments?bot=${publicId}&clientMessageId=img-${++n}-abcdefgh`, {
    method: "POST",
    headers,
    body: options.chunked ? stream : body,
    ...(options.chunked ? { duplex: "half" } : {}),
  } as RequestInit);
  return visitorUploadResponse(t.db, req, { log, requestId: `r${n}`, storage, maxBytes: options.maxBytes, send: options.send });
}

type Links = Record<string, { url: string; expiresAt: string }>;
const linksOf = (publicId: string, token: string, ids: unknown) =>
  visitorImageLinksResponse(
    t.db,
    new Request(`http://chat.test/api/attachments/links?bot=${publicId}`, { method: "POST", headers: { "x-kefu-visitor-token": token }, body: JSON.stringify({ ids }) }),
    { log, requestId: "l" },
  );
const fetchLink = (id: string, url: string, now?: Date) => visitorAttachmentResponse(t.db, new Request(`http://chat.test${url}`), id, { log, requestId: "g", storage, now });
/** An image as the widget reads it: a signed link asked for with the token, then the link alone. */
async function fetchAsVisitor(id: string, publicId: string, token: string) {
  const { links } = (await (await linksOf(publicId, token, [id])).json()) as { links?: Links };
  const link = links?.[id];
  return link ? fetchLink(id, link.url) : new Response(null, { status: 404 });
}

const storedFiles = async () => (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).length;

describe("visitor images", () => {
  let a: Awaited<ReturnType<typeof tenantWithBot>>;
  let b: Awaited<ReturnType<typeof tenantWithBot>>;
  beforeAll(async () => {
    a = await tenantWithBot("Pictures");
    b = await tenantWithBot("Elsewhere");
  });

  it("stores a PNG as a visitor message, tells the visitor the bot reads text only, and serves it to them and to their bot's staff", async () => {
    const token = await visitorOf(a.bot.publicId);
    const response = await upload(a.bot.publicId, token, PNG);
    expect(response.status).toBe(200);
    const { events } = (await response.json()) as { events: { type: string; message: { role: string; content: string; attachments: { id: string }[] } }[] };
    expect(events.map((e) => e.type)).toEqual(["visitor_message", "bot_message"]);
    const attachment = events[0]!.message.attachments[0]!;
    expect(events[0]!.message).toMatchObject({ role: "VISITOR", content: "", attachments: [{ contentType: "image/png", size: PNG.length, width: 1, height: 1 }] });
    // Every stored visitor message gets an answer: here, what to do instead.
    expect(events[1]!.message).toMatchObject({ role: "BOT", content: IMAGE_ONLY_REPLY.en });
    const history = await visitorCaller(t.db).chat.history({ botId: a.bot.publicId, visitorToken: token });
    expect(history[0]?.attachments.map((x) => x.id)).toEqual([attachment.id]);

    const served = await fetchAsVisitor(attachment.id, a.bot.publicId, token);
    expect(served.status).toBe(200);
    expect(Object.fromEntries(served.headers)).toMatchObject({
      "content-type": "image/png",
      "x-content-type-options": "nosniff",
      "content-disposition": `inline; filename="image-${attachment.id}.png"`,
      "cache-control": "private, max-age=300",
    });
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(PNG);
    const staff = await staffAttachmentResponse(t.db, { userId: a.owner.userId, attachmentId: attachment.id }, { log, requestId: "s", storage });
    expect(staff.status).toBe(200);
    const viewer = await memberOfTenant(t.db, a.owner.tenantId, "VIEWER");
    expect((await staffAttachmentResponse(t.db, { userId: viewer.userId, attachmentId: attachment.id }, { log, requestId: "s", storage })).status).toBe(200);

    // Another visitor of the same bot, a visitor of another tenant's bot, no token, another tenant's staff, nobody: 404.
    const other = await visitorOf(a.bot.publicId);
    expect((await fetchAsVisitor(attachment.id, a.bot.publicId, other)).status).toBe(404);
    const foreign = await visitorOf(b.bot.publicId);
    expect((await fetchAsVisitor(attachment.id, b.bot.publicId, foreign)).status).toBe(404);
    expect((await fetchAsVisitor(attachment.id, a.bot.publicId, "")).status).toBe(404);
    expect((await staffAttachmentResponse(t.db, { userId: b.owner.userId, attachmentId: attachment.id }, { log, requestId: "s", storage })).status).toBe(404);
    expect((await staffAttachmentResponse(t.db, { userId: null, attachmentId: attachment.id }, { log, requestId: "s", storage })).status).toBe(404);
  });

  it("reads a visitor's image by a signed, expiring link that carries no token; a changed, expired or foreign link is a 404", async () => {
    const token = await visitorOf(a.bot.publicId);
    const uploaded = (await (await upload(a.bot.publicId, token, PNG)).json()) as { events: { message: { attachments: { id: string }[] } }[]; links: Links };
    const id = uploaded.events[0]!.message.attachments[0]!.id;
    const link = uploaded.links[id]!;
    expect(link.url).toMatch(new RegExp(`^/api/attachments/${id}\\?bot=${a.bot.publicId}&v=[^&]+&exp=\\d+&sig=[\\w-]{43}$`));
    expect(link.url).not.toContain(encodeURIComponent(token));
    const ttl = Date.parse(link.expiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(59 * 60_000);
    expect(ttl).toBeLessThanOrEqual(120 * 60_000);
    expect((await fetchLink(id, link.url)).status).toBe(200);
    // The links route signs the same link, and leaves out ids that are not the visitor's.
    const other = await visitorOf(a.bot.publicId);
    expect(((await (await linksOf(a.bot.publicId, token, [id, "not-mine"])).json()) as { links: Links }).links).toEqual({ [id]: link });
    expect(((await (await linksOf(a.bot.publicId, other, [id])).json()) as { links: Links }).links).toEqual({});
    expect((await linksOf(a.bot.publicId, "not-a-token", [id])).status).toBe(401);
    expect((await linksOf(a.bot.publicId, token, "nope")).status).toBe(400);
    expect((await linksOf(a.bot.publicId, token, Array.from({ length: 101 }, (_, i) => `id${i}`))).status).toBe(400);

    const url = new URL(link.url, "http://chat.test");
    const changed = (name: string, value: string) => {
      const copy = new URL(url);
      copy.searchParams.set(name, value);
      return `${copy.pathname}${copy.search}`;
    };
    const otherVisitor = (await findVisitorSession(t.db, (await findBotForVisitor(t.db, a.bot.publicId))!, other))!;
    expect((await fetchLink(id, changed("v", otherVisitor.id))).status).toBe(404);
    expect((await fetchLink(id, changed("exp", String(Number(url.searchParams.get("exp")) + 3600)))).status).toBe(404);
    expect((await fetchLink(id, changed("sig", "A".repeat(43)))).status).toBe(404);
    expect((await fetchLink(id, changed("bot", b.bot.publicId))).status).toBe(404);
    expect((await fetchLink(id, `/api/attachments/${id}?bot=${a.bot.publicId}&token=${encodeURIComponent(token)}`)).status).toBe(404);
    expect((await fetchLink(id, link.url, new Date(Date.parse(link.expiresAt) + 1000))).status).toBe(404);
    // Another image's link does not open this one.
    const second = (await (await upload(a.bot.publicId, token, PNG)).json()) as { links: Links };
    const [secondId, secondLink] = Object.entries(second.links)[0]!;
    expect((await fetchLink(id, secondLink.url.replace(secondId, id))).status).toBe(404);
  });

  it("counts a visitor's image reads: past KEFU_RATE_VISITOR_IMAGE_READS, 429 with Retry-After", async () => {
    const token = await visitorOf(a.bot.publicId);
    const { links } = (await (await upload(a.bot.publicId, token, PNG)).json()) as { links: Links };
    const [id, link] = Object.entries(links)[0]!;
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await fetchLink(id, link.url)).status);
    expect(statuses.slice(0, 40).every((s) => s === 200)).toBe(true);
    const refused = await fetchLink(id, link.url);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await linksOf(a.bot.publicId, token, [id])).status).toBe(429);
  });

  it("refuses SVG disguised as PNG, a PDF, and an image past the limit (declared or streamed), storing nothing", async () => {
    const token = await visitorOf(a.bot.publicId);
    const files = await storedFiles();
    const messages = await t.db.message.count({ where: { tenantId: a.owner.tenantId } });
    const svg = await upload(a.bot.publicId, token, SVG_AS_PNG);
    expect(svg.status).toBe(415);
    expect(await svg.json()).toMatchObject({ error: "attachment_type", message: "Send a PNG, JPEG, GIF or WebP image." });
    expect((await upload(a.bot.publicId, token, PDF, { type: "application/pdf" })).status).toBe(415);
    const big = new Uint8Array(4096);
    big.set(PNG);
    const declared = await upload(a.bot.publicId, token, big, { maxBytes: 2048 });
    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({ error: "attachment_too_large", message: "Images can be at most 2 KB." });
    expect((await upload(a.bot.publicId, token, big, { maxBytes: 2048, chunked: true })).status).toBe(413);
    expect(await storedFiles()).toBe(files);
    expect(await t.db.message.count({ where: { tenantId: a.owner.tenantId } })).toBe(messages);
    // A refused image starts no conversation: the visitor's first upload was an SVG.
    const visitor = (await findVisitorSession(t.db, (await findBotForVisitor(t.db, a.bot.publicId))!, token))!;
    expect(await t.db.conversation.count({ where: { visitorId: visitor.id } })).toBe(0);
  });

  it("refuses an image while the bot's pre-chat form is not sent, as chat.send does, before reading it", async () => {
    const formed = await tenantWithBot("Form first");
    await formed.owner.caller.prechatForm.update({ id: formed.bot.id, form: { enabled: true, name: "required", email: "off", phone: "off", customFields: [] } });
    const token = await visitorOf(formed.bot.publicId);
    const files = await storedFiles();
    const refused = await upload(formed.bot.publicId, token, PNG);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: "prechat_required", prechat: { fields: [{ key: "name", required: true }] } });
    expect(await storedFiles()).toBe(files);
    expect(await t.db.conversation.count({ where: { tenantId: formed.owner.tenantId } })).toBe(0);
    // Once the form is sent, the same image goes.
    await visitorCaller(t.db).chat.submitPrechat({ botId: formed.bot.publicId, visitorToken: token, answers: { name: "Ada" } });
    expect((await upload(formed.bot.publicId, token, PNG)).status).toBe(200);
  });

  it("keeps an image whose message was stored when answering it fails, and the sweep answers it; drops it when no message took it", async () => {
    const token = await visitorOf(a.bot.publicId);
    // Answering breaks right after the visitor's message (and its image) were stored.
    const failsAfterStoring: typeof sendVisitorMessage = async function* (...args) {
      const inner = sendVisitorMessage(...args);
      const first = await inner.next();
      if (!first.done) yield first.value;
      await inner.return(undefined);
      throw new Error("the model went away");
    };
    const response = await upload(a.bot.publicId, token, PNG, { send: failsAfterStoring });
    expect(response.status).toBe(200);
    const { events } = (await response.json()) as { events: { type: string; message: { id: string; attachments: { id: string }[] } }[] };
    expect(events.map((e) => e.type)).toEqual(["visitor_message"]);
    const stored = await t.db.attachment.findUniqueOrThrow({ where: { id: events[0]!.message.attachments[0]!.id }, select: { key: true, conversationId: true } });
    expect(await storage.get(stored.key)).toEqual(PNG);
    await answerUnansweredMessages(t.db, { now: new Date(Date.now() + 120_000) });
    const replies = await t.db.message.findMany({ where: { conversationId: stored.conversationId, role: "BOT" }, select: { content: true } });
    expect(replies).toEqual([{ content: IMAGE_ONLY_REPLY.en }]);

    // Failing before any message was stored: a 500, and the bytes are not kept.
    const files = await storedFiles();
    // eslint-disable-next-line require-yield -- it fails before anything is yielded, as a database that is down does
    const failsFirst: typeof sendVisitorMessage = async function* () {
      throw new Error("the database went away");
    };
    expect((await upload(a.bot.publicId, token, PNG, { send: failsFirst })).status).toBe(500);
    expect(await storedFiles()).toBe(files);
  });

  it("refuses another website than the bot's, an unknown session and an unknown bot", async () => {
    const token = await visitorOf(a.bot.publicId);
    const refused = await upload(a.bot.publicId, token, PNG, { origin: "https://evil.example" });
    expect(refused.status).toBe(403);
    expect((await refused.json()) as object).toMatchObject({ error: "origin_not_allowed" });
    expect((await upload(a.bot.publicId, token, PNG, { origin: SHOP })).status).toBe(200);
    expect((await upload(a.bot.publicId, "not-a-token", PNG)).status).toBe(401);
    expect((await upload(a.bot.publicId, null, PNG)).status).toBe(401);
    expect((await upload("bot_00000000000000000000", token, PNG)).status).toBe(404);
  });

  it("counts images against the visitor's messages: past the burst, 429 with Retry-After", async () => {
    const token = await visitorOf(a.bot.publicId);
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 11; i++) {
      const response = await upload(a.bot.publicId, token, PNG);
      statuses.push(response.status);
      if (response.status === 429) retryAfter = response.headers.get("retry-after");
    }
    expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
    expect(statuses[10]).toBe(429);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });

  it("after a handoff the bot stays silent, the agent replies with an image the visitor can read, and deleting the visitor removes the files", async () => {
    const token = await visitorOf(a.bot.publicId);
    expect((await upload(a.bot.publicId, token, PNG)).status).toBe(200);
    await visitorCaller(t.db).chat.requestHuman({ botId: a.bot.publicId, visitorToken: token });
    const conversation = await t.db.conversation.findFirstOrThrow({ where: { tenantId: a.owner.tenantId, status: { in: ["QUEUED", "ASSIGNED"] } } });
    const sent = (await (await upload(a.bot.publicId, token, PNG)).json()) as { events: { type: string }[] };
    expect(sent.events.map((e) => e.type).slice(0, 2)).toEqual(["visitor_message", "handoff"]);
    expect(sent.events.some((e) => e.type === "bot_message")).toBe(false);
    await a.owner.caller.inbox.claim({ id: conversation.id });
    const reply = await replyWithImage(t.db, { tenantId: a.owner.tenantId, conversationId: conversation.id, agentId: a.owner.userId }, { dataBase64: Buffer.from(PNG).toString("base64"), clientMessageId: "agent-img-1" }, storage);
    expect(reply).toMatchObject({ role: "AGENT", attachments: [{ contentType: "image/png" }] });
    expect((await fetchAsVisitor(reply!.attachments[0]!.id, a.bot.publicId, token)).status).toBe(200);
    // A resend stores nothing new and keeps no second copy of the bytes.
    const files = await storedFiles();
    expect(await replyWithImage(t.db, { tenantId: a.owner.tenantId, conversationId: conversation.id, agentId: a.owner.userId }, { dataBase64: Buffer.from(PNG).toString("base64"), clientMessageId: "agent-img-1" }, storage)).toBeNull();
    expect(await storedFiles()).toBe(files);
    // SVG from an agent is refused the same way.
    await expectCode(
      a.owner.caller.attachment.reply({ id: conversation.id, dataBase64: Buffer.from(SVG_AS_PNG).toString("base64"), clientMessageId: "agent-img-2" }),
      "BAD_REQUEST",
    );
    // Another tenant's owner cannot send into it.
    await expectCode(b.owner.caller.attachment.reply({ id: conversation.id, dataBase64: Buffer.from(PNG).toString("base64"), clientMessageId: "agent-img-3" }), "NOT_FOUND");

    const keys = (await t.db.attachment.findMany({ where: { conversationId: conversation.id }, select: { key: true } })).map((k) => k.key);
    expect(keys).toHaveLength(3);
    await deleteVisitorData(t.db, a.owner.tenantId, conversation.visitorId, storage);
    expect(await t.db.attachment.count({ where: { conversationId: conversation.id } })).toBe(0);
    for (const key of keys) expect(await storage.get(key)).toBeNull();
  });

  it("deleting a bot removes its conversations' images from the store", async () => {
    const doomed = await tenantWithBot("Short-lived");
    const token = await visitorOf(doomed.bot.publicId);
    expect((await upload(doomed.bot.publicId, token, PNG)).status).toBe(200);
    const [row] = await t.db.attachment.findMany({ where: { tenantId: doomed.owner.tenantId }, select: { key: true } });
    expect(await storage.get(row!.key)).not.toBeNull();
    await deleteBot(t.db, doomed.owner.tenantId, doomed.bot.id, storage);
    expect(await t.db.attachment.count({ where: { tenantId: doomed.owner.tenantId } })).toBe(0);
    expect(await storage.get(row!.key)).toBeNull();
  });

  it("the retention purge removes old conversations' images from the store", async () => {
    const token = await visitorOf(b.bot.publicId);
    expect((await upload(b.bot.publicId, token, PNG)).status).toBe(200);
    const [row] = await t.db.attachment.findMany({ where: { tenantId: b.owner.tenantId }, select: { key: true } });
    expect(await storage.get(row!.key)).not.toBeNull();
    const counts = await purgeTenantData(t.db, { tenantId: b.owner.tenantId, days: 1 }, { now: new Date(Date.now() + 3 * 24 * 60 * 60_000), storage });
    expect(counts.conversations).toBeGreaterThan(0);
    expect(await t.db.attachment.count({ where: { tenantId: b.owner.tenantId } })).toBe(0);
    expect(await storage.get(row!.key)).toBeNull();
  });

  it("an image whose answer was cut off is answered by the unanswered-message sweep, not left in silence", async () => {
    const token = await visitorOf(a.bot.publicId);
    const bot = (await findBotForVisitor(t.db, a.bot.publicId))!;
    const visitor = (await findVisitorSession(t.db, bot, token))!;
    const conversation = await t.db.conversation.create({ data: { tenantId: bot.tenantId, botId: bot.id, visitorId: visitor.id }, select: { id: true } });
    const image = await storeImage(storage, { tenantId: bot.tenantId, conversationId: conversation.id }, PNG);
    // The request stops right after storing the message (its process died): the claim is given back.
    const stream = sendVisitorMessage(t.db, { bot, visitor }, { text: "", clientMessageId: "cut-off-image-1", attachments: [image] });
    expect((await stream.next()).value).toMatchObject({ type: "visitor_message" });
    await stream.return(undefined);
    expect(await t.db.message.count({ where: { conversationId: conversation.id, role: "BOT" } })).toBe(0);

    await answerUnansweredMessages(t.db, { now: new Date(Date.now() + 120_000) });
    const replies = await t.db.message.findMany({ where: { conversationId: conversation.id, role: "BOT" }, select: { content: true } });
    expect(replies).toEqual([{ content: IMAGE_ONLY_REPLY.en }]);
  });
});
