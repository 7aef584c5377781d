import { createHash } from "node:crypto";
import { type Db, type DbTx } from "@kefu/db";
import { RateLimitedError, visitorAgentName, ZBotPublicId, type VisitorAgentsResponse } from "@kefu/domain";
import { agentKey, visitorMessageView, type PublicBot, type VisitorRef } from "../conversations/index.ts";
import { clientIp } from "../platform/client-ip.ts";
import { type LoggedEvent } from "../platform/events/event-log.ts";
import { type Logger } from "../platform/logger.ts";
import { rateLimits, type RateLimits } from "../platform/rate-limits.ts";
import { tenantOfBotPublicId } from "./admission.ts";

// Visitors see the picture a member uploaded on the team page (kept as a data: URL in User.avatarUrl)
// at /api/widget/<bot>/agents/<agent key>-<version>: the agent key is the opaque per-member key
// their messages carry (conversations/agent-keys.ts), so the route finds the member from the keys
// of the tenant's member ids without reading any picture; the version is a hash of the picture,
// so the URL changes when the picture does (and is cached for good). Pictures given as links
// elsewhere (an https avatarUrl) are not shown: such a link can carry more than the picture (a
// Gravatar link is a hash of the e-mail address).

const DATA_URL = /^data:(image\/(?:png|jpeg|gif|webp));base64,([A-Za-z0-9+/=]+)$/;
const PICTURE = /^([0-9a-f]{32})-([0-9a-f]{16})$/;

/** The picture's part of its URL: 64 bits of the SHA-256 of the stored data: URL. */
function pictureVersion(avatarUrl: string): string {
  return createHash("sha256").update(avatarUrl).digest("hex").slice(0, 16);
}

/** Where a visitor's browser loads a member's picture (on the chat app's origin); null when there is none to show. */
export function agentPictureUrl(bot: Pick<PublicBot, "publicId" | "tenantId">, userId: string, avatarUrl: string | null): string | null {
  if (!avatarUrl || !DATA_URL.test(avatarUrl)) return null;
  return `/api/widget/${encodeURIComponent(bot.publicId)}/agents/${agentKey(bot.tenantId, userId)}-${pictureVersion(avatarUrl)}`;
}

/**
 * The people in this visitor's conversations with the bot: each agent who wrote to them and whoever
 * has a conversation now, by key, display name and picture URL. Former members are left out (their
 * messages carry no name either).
 */
export async function visitorAgents(db: DbTx, { bot, visitor }: { bot: PublicBot; visitor: VisitorRef }): Promise<VisitorAgentsResponse> {
  const scope = { tenantId: visitor.tenantId, visitorId: visitor.id, botId: visitor.botId };
  const [assigned, authors] = await Promise.all([
    db.conversation.findMany({ where: { ...scope, assigneeId: { not: null } }, select: { assigneeId: true, status: true } }),
    db.message.findMany({
      where: { tenantId: visitor.tenantId, role: "AGENT", authorId: { not: null }, conversation: scope },
      select: { authorId: true },
      distinct: ["authorId"],
    }),
  ]);
  const ids = [...new Set([...assigned.map((c) => c.assigneeId), ...authors.map((m) => m.authorId)].filter((id): id is string => id !== null))];
  if (ids.length === 0) return { agents: [] };
  const now = new Set(assigned.filter((c) => c.status === "ASSIGNED").map((c) => c.assigneeId));
  const members = await db.membership.findMany({
    where: { tenantId: visitor.tenantId, userId: { in: ids } },
    select: { userId: true, user: { select: { name: true, email: true, avatarUrl: true } } },
  });
  return {
    agents: members.map(({ userId, user }) => ({
      key: agentKey(visitor.tenantId, userId),
      name: visitorAgentName(user),
      pictureUrl: agentPictureUrl(bot, userId, user.avatarUrl),
      assigned: now.has(userId),
    })),
  };
}

/**
 * A logged event as a visitor's stream sends it: an agent message names its author by key
 * (conversations/agent-keys.ts), and a status change says who has the conversation by name only.
 */
export function visitorEventAgents(event: LoggedEvent): LoggedEvent {
  if (event.type === "message") return { ...event, payload: visitorMessageView(event.tenantId, event.payload) };
  if (event.type === "status") return { ...event, payload: { ...event.payload, assigneeId: null } };
  return event;
}

/** How long this process keeps a tenant's agent keys, and how soon a key it does not know may refresh them. */
const KEYS_KEPT_MS = 5 * 60_000;
const KEYS_REFRESH_ON_MISS_MS = 10_000;
const KEYS_TENANTS = 1_000;
const keysOfTenant = new Map<string, { at: number; members: Promise<Map<string, string>> }>();

/**
 * The member (user id) of `tenantId` whose agent key is `key`, or null. The keys are made from the
 * tenant's member ids alone (one query of ids, no pictures) and kept for a while; a key not among
 * them refreshes them at most every KEYS_REFRESH_ON_MISS_MS (a member who just joined), so a
 * stream of made-up keys costs no queries.
 */
async function memberOfAgentKey(db: Db, tenantId: string, key: string): Promise<string | null> {
  const load = () =>
    db.membership
      .findMany({ where: { tenantId }, select: { userId: true } })
      .then((rows) => new Map(rows.map(({ userId }) => [agentKey(tenantId, userId), userId])));
  const kept = keysOfTenant.get(tenantId);
  const age = kept ? Date.now() - kept.at : Infinity;
  let members = age < KEYS_KEPT_MS ? await kept!.members.catch(() => null) : null;
  if (members?.has(key)) return members.get(key)!;
  if (members !== null && age < KEYS_REFRESH_ON_MISS_MS) return null;
  const entry = { at: Date.now(), members: load() };
  keysOfTenant.delete(tenantId);
  if (keysOfTenant.size >= KEYS_TENANTS) keysOfTenant.delete(keysOfTenant.keys().next().value!);
  keysOfTenant.set(tenantId, entry);
  members = await entry.members;
  return members.get(key) ?? null;
}

const plain = (status: number, body: string, headers: Record<string, string> = {}) =>
  new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", ...headers } });

/**
 * `GET /api/widget/<publicId>/agents/<agent key>-<version>`: a member's picture, for the visitors
 * of that bot. Counted per client IP (KEFU_RATE_AGENT_PICTURE_IP) before anything is looked up; a
 * malformed name, an unknown bot or a key of no member of the bot's tenant is a 404 without any
 * picture read; only the one member's picture is read, and served if it is still that version.
 */
export async function agentPictureResponse(
  db: Db,
  { req, publicId, picture, log, limits = rateLimits(db) }: { req: Request; publicId: string; picture: string; log: Logger; limits?: RateLimits },
): Promise<Response> {
  const parts = PICTURE.exec(picture);
  if (!ZBotPublicId.safeParse(publicId).success || !parts) return plain(404, "Not found");
  try {
    await limits.consume("agentPictureIp", clientIp(req.headers, limits.env.KEFU_TRUST_PROXY));
    const tenantId = await tenantOfBotPublicId(db, publicId);
    const userId = tenantId === null ? null : await memberOfAgentKey(db, tenantId, parts[1]!);
    if (tenantId === null || userId === null) return plain(404, "Not found", { "cache-control": "public, max-age=60" });
    const member = await db.membership.findFirst({ where: { tenantId, userId }, select: { user: { select: { avatarUrl: true } } } });
    const avatarUrl = member?.user.avatarUrl ?? null;
    const image = avatarUrl !== null && pictureVersion(avatarUrl) === parts[2] ? DATA_URL.exec(avatarUrl) : null;
    if (!image) return plain(404, "Not found");
    return new Response(Buffer.from(image[2]!, "base64"), {
      headers: {
        "content-type": image[1]!,
        // The URL changes with the picture: it never needs asking for again.
        "cache-control": "public, max-age=31536000, immutable",
        "x-content-type-options": "nosniff",
        "content-security-policy": "default-src 'none'; sandbox",
        "cross-origin-resource-policy": "same-origin",
      },
    });
  } catch (error) {
    if (error instanceof RateLimitedError) {
      return Response.json(
        { error: error.reason, message: error.message },
        { status: 429, headers: { "cache-control": "no-store", "retry-after": String(error.retryAfterSeconds) } },
      );
    }
    log.error({ err: error, publicId }, "widget.agent_picture_failed");
    return plain(503, "Unavailable");
  }
}
