import { type Db } from "@kefu/db";
import { attachmentFileName, DomainError, PrechatRequiredError, RateLimitedError, ZBotPublicId, type ImageType } from "@kefu/domain";
import { sendVisitorMessage, type ChatStreamEvent } from "../chat/index.ts";
import { assertOriginAllowed, findBotForVisitor, findOrStartConversation, findVisitorSession } from "../conversations/index.ts";
import { foreignOrigin } from "../platform/context.ts";
import { type Logger } from "../platform/logger.ts";
import { hashedKey, rateLimits } from "../platform/rate-limits.ts";
import { readBodyWithin } from "../platform/trpc-http.ts";
import { prechatRequired } from "../prechat/index.ts";
import { attachmentMaxBytes, checkImage, discardImage, findStaffAttachment, findVisitorAttachment, findVisitorAttachmentIds, storeImage, tooLarge } from "./attachments.ts";
import { signedImageLink, verifiedImageLink } from "./links.ts";
import { attachmentStorage, type AttachmentStorage } from "../platform/attachment-store.ts";

// The chat app's and the admin app's attachment routes: plain HTTP, not tRPC, because an image is
// bytes (the chat app's tRPC bodies stop at 256 KB) and an <img> loads it by URL.

/** The header carrying the visitor's token (an image itself is read by a signed link: links.ts). */
export const VISITOR_TOKEN_HEADER = "x-kefu-visitor-token";

/** The most images one links request signs (a chat's history shows more in several requests). */
const MAX_LINKS = 100;
const ATTACHMENT_ID = /^[A-Za-z0-9_-]{1,64}$/;

const CLIENT_MESSAGE_ID = /^[A-Za-z0-9_-]{8,64}$/;

const STATUS: Record<string, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_MANY_REQUESTS: 429,
  SERVICE_UNAVAILABLE: 503,
};
// Refusals with a status of their own, so a client can tell them apart without parsing.
const REASON_STATUS: Record<string, number> = { attachment_too_large: 413, attachment_type: 415 };

/** A typed refusal as JSON (`{ error: reason, message }`): never a stack trace, the details go to the log. */
function errorResponse(error: unknown, log: Logger, requestId: string): Response {
  const headers: Record<string, string> = { "cache-control": "no-store", "x-request-id": requestId };
  if (error instanceof DomainError) {
    if (error instanceof RateLimitedError) headers["retry-after"] = String(error.retryAfterSeconds);
    const status = REASON_STATUS[error.reason] ?? STATUS[error.code] ?? 400;
    // A pre-chat refusal carries the visitor's form, as chat.send's does (platform/errors.ts).
    const prechat = error instanceof PrechatRequiredError ? { prechat: error.prechat } : {};
    return Response.json({ error: error.reason, message: error.message, ...(error.details ?? {}), ...prechat }, { status, headers });
  }
  log.error({ err: error }, "attachments.failed");
  return Response.json({ error: "internal", message: `Something went wrong (request ${requestId}). Please try again.` }, { status: 500, headers });
}

const notFound = () => new DomainError("NOT_FOUND", "attachment_not_found", "No such image.");
const sessionExpired = () => new DomainError("UNAUTHORIZED", "session_expired", "Your chat session has expired. Reload the page to start again.");

/** The bot named by `?bot=`, after its allowed websites are checked. */
async function botOf(db: Db, req: Request, url: URL) {
  const botId = url.searchParams.get("bot") ?? "";
  const bot = ZBotPublicId.safeParse(botId).success ? await findBotForVisitor(db, botId) : null;
  if (!bot) throw new DomainError("NOT_FOUND", "bot_not_found", "No such bot.");
  assertOriginAllowed(bot, foreignOrigin(req.headers));
  return bot;
}

/** The bot named by `?bot=` and the visitor whose token came in the header. */
async function visitorOf(db: Db, req: Request, url: URL) {
  const bot = await botOf(db, req, url);
  const token = req.headers.get(VISITOR_TOKEN_HEADER) ?? "";
  return { bot, token, visitor: token ? await findVisitorSession(db, bot, token) : null };
}

/** Counts a read of the visitor's images (the image route, and signing links) against their limit. */
const countImageRead = (db: Db, botPublicId: string, visitorId: string) => rateLimits(db).consume("visitorImageReads", `${botPublicId}:${visitorId}`);

/**
 * `POST /api/attachments?bot=<publicId>&clientMessageId=<id>` with the image as the body and the
 * visitor's token in `x-kefu-visitor-token`: the image becomes a visitor message of their open
 * conversation, answered as any message (the bot says it reads text only; agents just see it).
 * Refused while the bot's pre-chat form is not sent (prechat_required, as chat.send). Counted
 * against the visitor's messages and images, their bot's and their tenant's before the body is
 * read; the body is read up to the size limit and refused past it (413), then sniffed (415 unless
 * PNG, JPEG, GIF or WebP), all before a conversation is started. Answers `{ events }`: what
 * chat.send would stream.
 */
export async function visitorUploadResponse(
  db: Db,
  req: Request,
  options: { log: Logger; requestId: string; storage?: AttachmentStorage; maxBytes?: number; send?: typeof sendVisitorMessage },
): Promise<Response> {
  const { log, requestId, storage = attachmentStorage(), maxBytes = attachmentMaxBytes(), send = sendVisitorMessage } = options;
  try {
    const url = new URL(req.url);
    const clientMessageId = url.searchParams.get("clientMessageId") ?? "";
    if (!CLIENT_MESSAGE_ID.test(clientMessageId)) throw new DomainError("BAD_REQUEST", "invalid_request", "Invalid client message id.");
    const { bot, token, visitor } = await visitorOf(db, req, url);
    if (!visitor) throw sessionExpired();
    if (visitor.prechat) throw prechatRequired(visitor.prechat);
    const limits = rateLimits(db);
    const key = `${bot.publicId}:${hashedKey(token)}`;
    await Promise.all([limits.consume("visitorBurst", key), limits.consume("visitorSustained", key), limits.consume("visitorUploads", key)]);
    await Promise.all([limits.consume("botMessages", bot.publicId), limits.consume("tenantMessages", bot.tenantId)]);
    const bytes = await readBodyWithin(req, maxBytes);
    if (bytes === null) throw tooLarge(maxBytes);
    // Refused bytes start no conversation.
    checkImage(bytes, maxBytes);
    const conversation = await findOrStartConversation(db, visitor);
    const image = await storeImage(storage, { tenantId: bot.tenantId, conversationId: conversation.id }, bytes, maxBytes);
    const events: ChatStreamEvent[] = [];
    try {
      for await (const event of send(db, { bot, visitor }, { text: "", clientMessageId, attachments: [image] })) events.push(event);
    } catch (error) {
      // Once a message carries the image, its bytes stay: the message is in the chat, and the
      // unanswered-message sweep answers it later. The visitor gets what was produced.
      const kept = await db.attachment.count({ where: { id: image.id, tenantId: bot.tenantId } }).catch(() => 0);
      if (kept === 0) {
        await discardImage(storage, image);
        throw error;
      }
      log.error({ err: error, tenantId: bot.tenantId, attachmentId: image.id }, "attachments.answer_failed");
    }
    // A resend of an image already stored replays that message: the bytes sent again are not kept.
    const first = events[0];
    if (first?.type === "visitor_message" && !first.message.attachments.some((a) => a.id === image.id)) await discardImage(storage, image);
    log.info({ tenantId: bot.tenantId, attachmentId: image.id, size: image.size, contentType: image.contentType }, "attachments.visitor_upload");
    // The retrieval ranking is for evaluation, not for visitors.
    const shown = events.map((event) => (event.type === "bot_message" ? { type: event.type, message: event.message } : event));
    // The image's link comes with it, so the widget shows it without asking. The message is stored
    // by now: a server without a secret key to sign with answers without links (the widget's links
    // request then says why), not with an error that would invite a resend.
    const sent = first?.type === "visitor_message" ? first.message.attachments : [];
    let links = {};
    try {
      links = Object.fromEntries(sent.map((a) => [a.id, signedImageLink(bot.publicId, { attachmentId: a.id, visitorId: visitor.id })]));
    } catch (error) {
      log.error({ err: error, tenantId: bot.tenantId }, "attachments.link_signing_failed");
    }
    return Response.json({ events: shown, links }, {
      headers: { "cache-control": "no-store", "x-request-id": requestId },
    });
  } catch (error) {
    return errorResponse(error, log, requestId);
  }
}

/** An image's bytes as a response that no browser runs or sniffs into something else. */
function imageResponse(attachment: { id: string; contentType: string }, bytes: Uint8Array, requestId: string): Response {
  const type = attachment.contentType as ImageType;
  return new Response(bytes.slice(), {
    headers: {
      "content-type": type,
      "content-length": String(bytes.byteLength),
      "x-content-type-options": "nosniff",
      "content-disposition": `inline; filename="${attachmentFileName(attachment.id, type)}"`,
      "cache-control": "private, max-age=300",
      // Opened on its own (a new tab), it is an image and nothing else.
      "content-security-policy": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
      "cross-origin-resource-policy": "same-origin",
      "x-request-id": requestId,
    },
  });
}

async function served(storage: AttachmentStorage, attachment: { id: string; key: string; contentType: string } | null, requestId: string) {
  if (!attachment) throw notFound();
  const bytes = await storage.get(attachment.key);
  if (!bytes) throw notFound();
  return imageResponse(attachment, bytes, requestId);
}

/**
 * `POST /api/attachments/links?bot=<publicId>` with the visitor's token in `x-kefu-visitor-token`
 * and `{ "ids": [...] }` (at most 100): `{ links: { <id>: { url, expiresAt } } }`, a signed link
 * (links.ts) for each of those images that is in one of the visitor's conversations with the bot;
 * others are left out. Counted against the visitor's image reads.
 */
export async function visitorImageLinksResponse(db: Db, req: Request, options: { log: Logger; requestId: string }): Promise<Response> {
  const { log, requestId } = options;
  try {
    const { bot, visitor } = await visitorOf(db, req, new URL(req.url));
    if (!visitor) throw sessionExpired();
    await countImageRead(db, bot.publicId, visitor.id);
    const body = await readBodyWithin(req, 8 * 1024);
    let ids: unknown = null;
    try {
      ids = body === null ? null : (JSON.parse(new TextDecoder().decode(body)) as { ids?: unknown }).ids;
    } catch {
      ids = null;
    }
    if (!Array.isArray(ids) || ids.length > MAX_LINKS || !ids.every((id) => typeof id === "string" && ATTACHMENT_ID.test(id))) {
      throw new DomainError("BAD_REQUEST", "invalid_request", `Send { "ids": [...] } with at most ${MAX_LINKS} image ids.`);
    }
    const found = await findVisitorAttachmentIds(db, visitor, ids as string[]);
    const links = Object.fromEntries(found.map((attachmentId) => [attachmentId, signedImageLink(bot.publicId, { attachmentId, visitorId: visitor.id })]));
    return Response.json({ links }, { headers: { "cache-control": "no-store", "x-request-id": requestId } });
  } catch (error) {
    return errorResponse(error, log, requestId);
  }
}

/**
 * `GET /api/attachments/<id>?bot=<publicId>&v=…&exp=…&sig=…`, a signed link (links.ts, from the
 * upload's answer or the links route): an image of that visitor's conversations with that bot,
 * until the link expires. No visitor token rides in the URL. A wrong, expired or foreign link is a
 * 404, the same answer as no image at all; reads are counted against the visitor's image reads.
 */
export async function visitorAttachmentResponse(
  db: Db,
  req: Request,
  attachmentId: string,
  options: { log: Logger; requestId: string; storage?: AttachmentStorage; now?: Date },
): Promise<Response> {
  const { log, requestId, storage = attachmentStorage() } = options;
  try {
    const url = new URL(req.url);
    // The signature first: a forged or stale link costs no database work.
    const link = ATTACHMENT_ID.test(attachmentId) ? verifiedImageLink(attachmentId, url, { now: options.now }) : null;
    if (!link) throw notFound();
    const bot = await botOf(db, req, url);
    await countImageRead(db, bot.publicId, link.visitorId);
    const visitor = { id: link.visitorId, tenantId: bot.tenantId, botId: bot.id };
    return await served(storage, await findVisitorAttachment(db, visitor, attachmentId), requestId);
  } catch (error) {
    return errorResponse(error, log, requestId);
  }
}

/**
 * `GET /api/attachments/<id>` in the dashboard: an image of a workspace the signed-in user belongs
 * to with a role that reads conversations; anything else (another tenant's, signed out) is a 404.
 */
export async function staffAttachmentResponse(
  db: Db,
  input: { userId: string | null; attachmentId: string },
  options: { log: Logger; requestId: string; storage?: AttachmentStorage },
): Promise<Response> {
  const { log, requestId, storage = attachmentStorage() } = options;
  try {
    const attachment = input.userId ? await findStaffAttachment(db, input.userId, input.attachmentId) : null;
    return await served(storage, attachment, requestId);
  } catch (error) {
    return errorResponse(error, log, requestId);
  }
}
